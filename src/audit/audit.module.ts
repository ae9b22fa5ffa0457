import { Module } from '@nestjs/common';
import { AuditTrailService } from './audit-trail.service.js';
import { AuditController } from './audit.controller.js';

@Module({ controllers: [AuditController], providers: [AuditTrailService] })
export class AuditModule {}
