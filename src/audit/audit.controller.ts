import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../identity/index.js';
import { AuditTrailService } from './audit-trail.service.js';
import { AuditPageDto, AuditVerificationDto, ListAuditQueryDto } from './dto/audit.dto.js';

@ApiTags('audit')
@Access({ roles: ['admin'] })
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: ListAuditQueryDto): Promise<AuditPageDto> {
    return this.trail.list(query);
  }

  @Get('verify')
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(): Promise<AuditVerificationDto> {
    return this.trail.verify();
  }
}
