import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../identity/index.js';
import { AuditTrailService } from './audit-trail.service.js';
import { AuditPageDto, AuditVerificationDto, ListAuditQueryDto } from './dto/audit.dto.js';
import { LogVerificationService } from './log/log-verification.service.js';

@ApiTags('audit')
@Access({ roles: ['admin'] })
@Controller('audit')
export class AuditController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly verification: LogVerificationService,
  ) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: ListAuditQueryDto): Promise<AuditPageDto> {
    return this.trail.list(query);
  }

  /**
   * Recomputes the whole log on the server: every leaf from its event, every subtree, every
   * checkpoint. A call while one runs in this instance shares that run and its result.
   */
  @Get('verify')
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(): Promise<AuditVerificationDto> {
    return this.verification.verify();
  }
}
