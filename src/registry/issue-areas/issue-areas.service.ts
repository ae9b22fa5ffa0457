import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SEARCH_VECTORS } from '../../platform/index.js';
import { ReferenceDataService } from '../reference-data/reference-data.service.js';
import { IssueAreaResponseDto } from './dto/issue-area.dto.js';
import { IssueArea } from './entities/issue-area.entity.js';

@Injectable()
export class IssueAreasService extends ReferenceDataService<IssueArea, IssueAreaResponseDto> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, {
      entity: IssueArea,
      label: 'The issue area',
      searchVector: SEARCH_VECTORS.issueArea,
      duplicateCode: (code) => `An issue area with the code ${code} already exists.`,
      // Later work items (assignments, commitments) join the references checked on delete.
      references: [
        { count: 'SELECT count(*) FROM committee_issue_areas WHERE issue_area_id = $1', label: 'committees' },
      ],
      present: IssueAreaResponseDto.from,
      nullable: ['description'],
    });
  }
}
