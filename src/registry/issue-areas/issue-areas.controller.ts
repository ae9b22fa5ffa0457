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
  names: { one: 'issue area', many: 'issue areas' },
  examples: {
    create: {
      summary: 'A new issue area',
      value: {
        code: 'cybercrime',
        nameEn: 'Cybercrime',
        nameAr: 'الجرائم الإلكترونية',
        description: 'Online fraud, extortion and trafficking arranged over the internet.',
      },
    },
    update: {
      summary: 'A description',
      value: { description: 'Trafficking of arms and ammunition across the shared border.' },
    },
  },
}) {}
