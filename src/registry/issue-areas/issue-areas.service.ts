import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { applyRegistryFilters, deleteUnlessReferenced, updateVersioned } from '../../platform/index.js';
import { paginate, type Page } from '../../platform/index.js';
import { AppException, ErrorCode } from '../../platform/index.js';
import { SEARCH_VECTORS } from '../../platform/index.js';
import type { CreateIssueAreaDto, ListIssueAreasQueryDto, UpdateIssueAreaDto } from './dto/issue-area.dto.js';
import { IssueArea } from './entities/issue-area.entity.js';

const SORTABLE = {
  code: { column: 'code', type: 'text' },
  nameEn: { column: 'name_en', type: 'text' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
} as const;

/** Later work items (assignments, commitments) join the references checked on delete. */
export const ISSUE_AREA_REFERENCES = [
  { count: 'SELECT count(*) FROM committee_issue_areas WHERE issue_area_id = $1', label: 'committees' },
];

@Injectable()
export class IssueAreasService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(dto: CreateIssueAreaDto): Promise<IssueArea> {
    const repo = this.dataSource.getRepository(IssueArea);
    if (await repo.existsBy({ code: dto.code })) throw duplicateCode(dto.code);
    return repo.save(repo.create({ ...dto, description: dto.description ?? null, active: dto.active ?? true }));
  }

  list(query: ListIssueAreasQueryDto): Promise<Page<IssueArea>> {
    const qb = this.dataSource.getRepository(IssueArea).createQueryBuilder('area');
    applyRegistryFilters(qb, 'area', query, SEARCH_VECTORS.issueArea('area'));
    return paginate(qb, query, { alias: 'area', sortable: SORTABLE, defaultSort: 'code' });
  }

  async get(id: string): Promise<IssueArea> {
    const area = await this.dataSource.getRepository(IssueArea).findOneBy({ id });
    if (!area) throw AppException.notFound('The issue area');
    return area;
  }

  update(id: string, dto: UpdateIssueAreaDto, expectedVersion: number | undefined): Promise<IssueArea> {
    return this.dataSource.transaction(async (manager) => {
      const clash = dto.code ? await manager.getRepository(IssueArea).findOneBy({ code: dto.code }) : null;
      if (clash && clash.id !== id) throw duplicateCode(dto.code!);
      return updateVersioned(
        manager,
        IssueArea,
        id,
        'The issue area',
        expectedVersion,
        (area) => void Object.assign(area, dto),
      );
    });
  }

  remove(id: string): Promise<void> {
    return this.dataSource.transaction((manager) =>
      deleteUnlessReferenced(manager, 'issue_areas', id, 'The issue area', ISSUE_AREA_REFERENCES),
    );
  }
}

function duplicateCode(code: string): AppException {
  return new AppException(ErrorCode.DuplicateCode, `An issue area with the code ${code} already exists.`, {
    errors: [{ field: 'code', message: 'is already taken' }],
  });
}
