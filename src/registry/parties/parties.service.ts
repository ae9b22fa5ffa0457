import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { applyRegistryFilters, deleteUnlessReferenced, updateVersioned } from '../../platform/index.js';
import { paginate, type Page } from '../../platform/index.js';
import { AppException, ErrorCode } from '../../platform/index.js';
import { SEARCH_VECTORS } from '../../platform/index.js';
import type { CreatePartyDto, ListPartiesQueryDto, UpdatePartyDto } from './dto/party.dto.js';
import { Party } from './entities/party.entity.js';

const SORTABLE = {
  code: { column: 'code', type: 'text' },
  nameEn: { column: 'name_en', type: 'text' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
} as const;

@Injectable()
export class PartiesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(dto: CreatePartyDto): Promise<Party> {
    const repo = this.dataSource.getRepository(Party);
    if (await repo.existsBy({ code: dto.code })) throw duplicateCode(dto.code);
    return repo.save(repo.create({ ...dto, active: dto.active ?? true }));
  }

  list(query: ListPartiesQueryDto): Promise<Page<Party>> {
    const qb = this.dataSource.getRepository(Party).createQueryBuilder('party');
    applyRegistryFilters(qb, 'party', query, SEARCH_VECTORS.party('party'));
    return paginate(qb, query, { alias: 'party', sortable: SORTABLE, defaultSort: 'code' });
  }

  async get(id: string): Promise<Party> {
    const party = await this.dataSource.getRepository(Party).findOneBy({ id });
    if (!party) throw AppException.notFound('The party');
    return party;
  }

  update(id: string, dto: UpdatePartyDto, expectedVersion: number | undefined): Promise<Party> {
    return this.dataSource.transaction(async (manager) => {
      const clash = dto.code ? await manager.getRepository(Party).findOneBy({ code: dto.code }) : null;
      if (clash && clash.id !== id) throw duplicateCode(dto.code!);
      return updateVersioned(
        manager,
        Party,
        id,
        'The party',
        expectedVersion,
        (party) => void Object.assign(party, dto),
      );
    });
  }

  remove(id: string): Promise<void> {
    return this.dataSource.transaction((manager) =>
      deleteUnlessReferenced(manager, 'parties', id, 'The party', [
        { count: 'SELECT count(*) FROM agencies WHERE party_id = $1', label: 'agencies' },
        { count: 'SELECT count(*) FROM people WHERE party_id = $1', label: 'people' },
        { count: 'SELECT count(*) FROM committee_parties WHERE party_id = $1', label: 'committees' },
      ]),
    );
  }
}

function duplicateCode(code: string): AppException {
  return new AppException(ErrorCode.DuplicateCode, `A party with the code ${code} already exists.`, {
    errors: [{ field: 'code', message: 'is already taken' }],
  });
}
