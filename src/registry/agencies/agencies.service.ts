import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { applyRegistryFilters, deleteUnlessReferenced, updateVersioned } from '../../platform/index.js';
import { paginate, type Page } from '../../platform/index.js';
import { AppException, ErrorCode } from '../../platform/index.js';
import { SEARCH_VECTORS } from '../../platform/index.js';
import { Party } from '../parties/entities/party.entity.js';
import type { CreateAgencyDto, ListAgenciesQueryDto, UpdateAgencyDto } from './dto/agency.dto.js';
import { Agency } from './entities/agency.entity.js';

const SORTABLE = {
  code: { column: 'code', type: 'text' },
  nameEn: { column: 'name_en', type: 'text' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
} as const;

@Injectable()
export class AgenciesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(dto: CreateAgencyDto): Promise<Agency> {
    if (!(await this.dataSource.getRepository(Party).existsBy({ id: dto.partyId }))) {
      throw AppException.validation([{ field: 'partyId', message: 'does not match a party' }]);
    }
    const repo = this.dataSource.getRepository(Agency);
    if (await repo.existsBy({ partyId: dto.partyId, code: dto.code })) throw duplicateCode(dto.code);
    return repo.save(repo.create({ ...dto, active: dto.active ?? true }));
  }

  list(query: ListAgenciesQueryDto): Promise<Page<Agency>> {
    const qb = this.dataSource.getRepository(Agency).createQueryBuilder('agency');
    applyRegistryFilters(qb, 'agency', query, SEARCH_VECTORS.agency('agency'));
    if (query.partyId) qb.andWhere('agency.party_id = :partyId', { partyId: query.partyId });
    return paginate(qb, query, { alias: 'agency', sortable: SORTABLE, defaultSort: 'code' });
  }

  async get(id: string): Promise<Agency> {
    const agency = await this.dataSource.getRepository(Agency).findOneBy({ id });
    if (!agency) throw AppException.notFound('The agency');
    return agency;
  }

  update(id: string, dto: UpdateAgencyDto, expectedVersion: number | undefined): Promise<Agency> {
    return this.dataSource.transaction((manager) =>
      updateVersioned(manager, Agency, id, 'The agency', expectedVersion, async (agency) => {
        const clash = dto.code
          ? await manager.getRepository(Agency).findOneBy({ partyId: agency.partyId, code: dto.code })
          : null;
        if (clash && clash.id !== id) throw duplicateCode(dto.code!);
        Object.assign(agency, dto);
      }),
    );
  }

  remove(id: string): Promise<void> {
    return this.dataSource.transaction((manager) =>
      deleteUnlessReferenced(manager, 'agencies', id, 'The agency', [
        { count: 'SELECT count(*) FROM people WHERE agency_id = $1', label: 'people' },
      ]),
    );
  }
}

function duplicateCode(code: string): AppException {
  return new AppException(ErrorCode.DuplicateCode, `The party already has an agency with the code ${code}.`, {
    errors: [{ field: 'code', message: 'is already taken' }],
  });
}
