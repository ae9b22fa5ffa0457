import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AccessService, OPEN_MEMBERSHIP_SQL } from '../../identity/index.js';
import type { Principal } from '../../identity/index.js';
import { applyRegistryFilters, updateVersioned, type IfMatchCondition, type SqlRunner } from '../../platform/index.js';
import { COMMITTEE_ISSUE_AREAS, COMMITTEE_PARTIES, replaceRelationSet } from '../../platform/index.js';
import { paginate, type Page } from '../../platform/index.js';
import { AppException, ErrorCode } from '../../platform/index.js';
import { SEARCH_VECTORS } from '../../platform/index.js';
import { canonicalTimeZone, todayIn } from '../../platform/index.js';
import { IssueArea } from '../issue-areas/entities/issue-area.entity.js';
import { Party } from '../parties/entities/party.entity.js';
import { CODED_RECORD_SORT } from '../reference-data/reference-data.dto.js';
import { COMMITTEE_TRANSITIONS } from './committee-status.js';
import {
  CommitteeResponseDto,
  type CreateCommitteeDto,
  type ListCommitteesQueryDto,
  type RefDto,
  type UpdateCommitteeDto,
} from './dto/committee.dto.js';
import { Committee, type CommitteeStatus } from './entities/committee.entity.js';

@Injectable()
export class CommitteesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async create(dto: CreateCommitteeDto): Promise<CommitteeResponseDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      if (await manager.getRepository(Committee).existsBy({ code: dto.code })) throw duplicateCode(dto.code);
      if (dto.timeZone) dto.timeZone = await canonicalTimeZone(manager, dto.timeZone);
      const parties = await this.loadRefs(manager, Party, dto.partyIds, 'partyIds');
      const issueAreas = await this.loadRefs(manager, IssueArea, dto.issueAreaIds ?? [], 'issueAreaIds');
      const timeZone = dto.timeZone ?? 'Asia/Beirut';
      const status = dto.status ?? 'proposed';
      const committee = manager.getRepository(Committee).create({
        code: dto.code,
        nameEn: dto.nameEn,
        nameAr: dto.nameAr,
        mandate: dto.mandate ?? '',
        status,
        timeZone,
        establishedOn: dto.establishedOn ?? (status === 'active' ? todayIn(timeZone) : null),
        dissolvedOn: null,
      });
      const { id } = await manager.getRepository(Committee).save(committee);
      await replaceRelationSet(
        manager,
        COMMITTEE_PARTIES,
        id,
        parties.map((p) => p.id),
      );
      await replaceRelationSet(
        manager,
        COMMITTEE_ISSUE_AREAS,
        id,
        issueAreas.map((a) => a.id),
      );
      return id;
    });
    return (await this.present([await this.dataSource.getRepository(Committee).findOneByOrFail({ id })]))[0]!;
  }

  async list(principal: Principal, query: ListCommitteesQueryDto): Promise<Page<CommitteeResponseDto>> {
    const { committeeIds } = await this.access.scope(principal);
    const qb = this.dataSource.getRepository(Committee).createQueryBuilder('committee');
    applyRegistryFilters(qb, 'committee', query, SEARCH_VECTORS.committee('committee'));
    if (committeeIds !== null) qb.andWhere('committee.id = ANY(:scope)', { scope: committeeIds });
    if (query.status) qb.andWhere('committee.status = :status', { status: query.status });
    if (query.partyId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM committee_parties cp WHERE cp.committee_id = committee.id AND cp.party_id = :partyId)',
        { partyId: query.partyId },
      );
    }
    if (query.issueAreaId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM committee_issue_areas ci WHERE ci.committee_id = committee.id AND ci.issue_area_id = :issueAreaId)',
        {
          issueAreaId: query.issueAreaId,
        },
      );
    }
    const page = await paginate(qb, query, { alias: 'committee', sortable: CODED_RECORD_SORT, defaultSort: 'code' });
    return { items: await this.present(page.items), nextCursor: page.nextCursor };
  }

  async get(principal: Principal, id: string): Promise<CommitteeResponseDto> {
    const committee = await this.dataSource.getRepository(Committee).findOneBy({ id });
    if (!committee) throw AppException.notFound('The committee');
    await this.access.require(principal, 'committee.read', { committeeId: id });
    return (await this.present([committee]))[0]!;
  }

  async update(
    id: string,
    dto: UpdateCommitteeDto,
    ifMatch: IfMatchCondition | undefined,
  ): Promise<CommitteeResponseDto> {
    await this.dataSource.transaction(async (manager) => {
      const clash = dto.code ? await manager.getRepository(Committee).findOneBy({ code: dto.code }) : null;
      if (clash && clash.id !== id) throw duplicateCode(dto.code!);
      if (dto.timeZone) dto.timeZone = await canonicalTimeZone(manager, dto.timeZone);
      const current = async (db: EntityManager) =>
        (await this.present([await db.getRepository(Committee).findOneByOrFail({ id })], db))[0]!;
      await updateVersioned(
        manager,
        Committee,
        id,
        'The committee',
        { condition: ifMatch, current },
        async (committee) => {
          const { partyIds, issueAreaIds, status, ...fields } = dto;
          Object.assign(committee, fields);
          if (status && status !== committee.status) this.moveTo(committee, status);
          let related = false;
          if (partyIds) {
            const parties = await this.replaceParties(manager, committee.id, partyIds);
            related =
              (await replaceRelationSet(
                manager,
                COMMITTEE_PARTIES,
                committee.id,
                parties.map((p) => p.id),
              )) || related;
          }
          if (issueAreaIds) {
            const areas = await this.loadRefs(manager, IssueArea, issueAreaIds, 'issueAreaIds');
            related =
              (await replaceRelationSet(
                manager,
                COMMITTEE_ISSUE_AREAS,
                committee.id,
                areas.map((a) => a.id),
              )) || related;
          }
          // A changed set is a change to the committee: its version and ETag move.
          if (related) committee.updatedAt = new Date();
        },
      );
    });
    return (await this.present([await this.dataSource.getRepository(Committee).findOneByOrFail({ id })]))[0]!;
  }

  private moveTo(committee: Committee, to: CommitteeStatus): void {
    const allowed = COMMITTEE_TRANSITIONS[committee.status];
    if (!allowed.includes(to)) {
      throw new AppException(
        ErrorCode.TransitionNotAllowed,
        `${/^[aeiou]/.test(committee.status) ? 'An' : 'A'} ${committee.status} committee cannot become ${to}.`,
        {
          extensions: { currentState: committee.status, allowedTransitions: allowed },
        },
      );
    }
    const today = todayIn(committee.timeZone);
    if (to === 'active' && !committee.establishedOn) committee.establishedOn = today;
    if (to === 'dissolved') committee.dissolvedOn = today;
    committee.status = to;
  }

  /** A party with active members cannot leave the committee (end their memberships first). */
  private async replaceParties(manager: EntityManager, committeeId: string, partyIds: string[]): Promise<Party[]> {
    const parties = await this.loadRefs(manager, Party, partyIds, 'partyIds');
    const [row] = (await manager.query(
      `SELECT string_agg(DISTINCT p.code, ', ') AS codes FROM memberships m JOIN parties p ON p.id = m.party_id
        WHERE m.committee_id = $1 AND ${OPEN_MEMBERSHIP_SQL} AND NOT (m.party_id = ANY($2::uuid[]))`,
      [committeeId, partyIds],
    )) as { codes: string | null }[];
    if (row?.codes) {
      throw new AppException(
        ErrorCode.PartyHasMembers,
        `Members from ${row.codes} still sit on the committee; end their memberships before removing the party.`,
      );
    }
    return parties;
  }

  private async loadRefs<T extends Party | IssueArea>(
    manager: EntityManager,
    target: new () => T,
    ids: string[],
    field: string,
  ): Promise<T[]> {
    const unique = [...new Set(ids)];
    const found = await manager.getRepository<T>(target).findBy({ id: In(unique) } as never);
    if (found.length !== unique.length)
      throw AppException.validation([{ field, message: 'contains an id that matches nothing' }]);
    if (field === 'partyIds' && unique.length < 2)
      throw AppException.validation([{ field, message: 'must name at least 2 different parties' }]);
    return found;
  }

  /** Committees with their parties and issue areas: two set-based queries per page, not per row. */
  async present(committees: Committee[], db: SqlRunner = this.dataSource): Promise<CommitteeResponseDto[]> {
    const ids = committees.map((c) => c.id);
    if (ids.length === 0) return [];
    const [parties, areas] = (await Promise.all([
      db.query(
        `SELECT cp.committee_id, p.id, p.code, p.name_en AS "nameEn", p.name_ar AS "nameAr" FROM committee_parties cp
           JOIN parties p ON p.id = cp.party_id WHERE cp.committee_id = ANY($1::uuid[]) ORDER BY p.code`,
        [ids],
      ),
      db.query(
        `SELECT ci.committee_id, a.id, a.code, a.name_en AS "nameEn", a.name_ar AS "nameAr" FROM committee_issue_areas ci
           JOIN issue_areas a ON a.id = ci.issue_area_id WHERE ci.committee_id = ANY($1::uuid[]) ORDER BY a.code`,
        [ids],
      ),
    ])) as (RefDto & { committee_id: string })[][];
    const group = (rows: (RefDto & { committee_id: string })[], id: string) =>
      rows.filter((r) => r.committee_id === id).map(({ committee_id: _c, ...ref }) => ref);
    return committees.map((c) =>
      CommitteeResponseDto.from(c, { parties: group(parties!, c.id), issueAreas: group(areas!, c.id) }),
    );
  }
}

function duplicateCode(code: string): AppException {
  return new AppException(ErrorCode.DuplicateCode, `A committee with the code ${code} already exists.`, {
    errors: [{ field: 'code', message: 'is already taken' }],
  });
}
