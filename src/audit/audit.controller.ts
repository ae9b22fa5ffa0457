import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../identity/index.js';
import { CsvExport, Operation } from '../platform/index.js';
import { AuditTrailService } from './audit-trail.service.js';
import { AuditEventDto, AuditPageDto, AuditVerificationDto, ListAuditQueryDto } from './dto/audit.dto.js';
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
  @Operation({
    id: 'listAuditEvents',
    summary: 'Read the audit trail',
    description:
      'Pages through the audit events (who changed what, when, with the changed fields before and after), with filters (entity, entity id, actor, action, time range) and cursor paging (`nextCursor` or `Link: rel="next"`). Admins only. Errors: 400 `VALIDATION_FAILED` (an inverted range among them).',
  })
  @ApiOkResponse({
    type: AuditPageDto,
    description: 'One page of audit events (`items`, and `nextCursor`: null on the last page).',
  })
  @CsvExport(AuditEventDto, { filename: 'audit-events' })
  list(@Query() query: ListAuditQueryDto): Promise<AuditPageDto> {
    return this.trail.list(query);
  }

  /**
   * Recomputes the whole log on the server: every leaf from its event, every subtree, every
   * checkpoint. A call while one runs in this instance shares that run and its result.
   */
  @Get('verify')
  @Operation({
    id: 'verifyAuditLog',
    summary: 'Verify the audit log',
    description:
      'Recomputes the whole verifiable log on the server (every leaf from its event, every subtree, every checkpoint signature) and says whether it holds and where it first fails. Slow on a large log; a call while one runs shares that run. Admins only.',
  })
  @ApiOkResponse({
    type: AuditVerificationDto,
    description: 'The outcome of the check of the audit trail: whether it holds, and where it breaks if not.',
  })
  verify(): Promise<AuditVerificationDto> {
    return this.verification.verify();
  }
}
