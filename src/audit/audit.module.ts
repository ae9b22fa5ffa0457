import { Module } from '@nestjs/common';
import { AuditTrailService } from './audit-trail.service.js';
import { AuditController } from './audit.controller.js';
import { LogSequencer } from './log/log-sequencer.service.js';
import { logSignerProvider } from './log/log-signer.provider.js';
import { LogVerificationService } from './log/log-verification.service.js';

@Module({
  controllers: [AuditController],
  providers: [AuditTrailService, LogVerificationService, LogSequencer, logSignerProvider],
  exports: [LogSequencer, LogVerificationService],
})
export class AuditModule {}
