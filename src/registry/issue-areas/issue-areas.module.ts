import { Module } from '@nestjs/common';
import { IssueAreasController } from './issue-areas.controller.js';
import { IssueAreasService } from './issue-areas.service.js';

@Module({ controllers: [IssueAreasController], providers: [IssueAreasService] })
export class IssueAreasModule {}
