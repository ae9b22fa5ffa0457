import { Module } from '@nestjs/common';
import { AuditTrailService } from './audit-trail.service.js';
import { AuditController } from './audit.controller.js';
import { LogSequencer } from './log/log-sequencer.service.js';
import { logSignerProvider } from './log/log-signer.provider.js';
import { LogVerificationService } from './log/log-verification.service.js';
import { LogController } from './log/log.controller.js';
import { LogService } from './log/log.service.js';
import { CosignaturesService } from './log/witnesses/cosignatures.service.js';
import { WitnessesController } from './log/witnesses/witnesses.controller.js';
import { WitnessesService } from './log/witnesses/witnesses.service.js';

@Module({
  controllers: [AuditController, LogController, WitnessesController],
  providers: [
    AuditTrailService,
    LogVerificationService,
    LogSequencer,
    logSignerProvider,
    LogService,
    WitnessesService,
    CosignaturesService,
  ],
  exports: [LogSequencer, LogVerificationService],
})
export class AuditModule {}
