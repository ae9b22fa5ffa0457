import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ReferenceDataController } from '../reference-data/reference-data.controller.js';
import {
  CreateIssueAreaDto,
  IssueAreaPageDto,
  IssueAreaResponseDto,
  ListIssueAreasQueryDto,
  UpdateIssueAreaDto,
} from './dto/issue-area.dto.js';
import { IssueAreasService } from './issue-areas.service.js';

@ApiTags('issue-areas')
@Controller('issue-areas')
export class IssueAreasController extends ReferenceDataController(IssueAreasService, {
  create: CreateIssueAreaDto,
  update: UpdateIssueAreaDto,
  query: ListIssueAreasQueryDto,
  response: IssueAreaResponseDto,
  page: IssueAreaPageDto,
  deleted: 'Deleted. 409 when committees or work items refer to it: deactivate instead.',
}) {}
