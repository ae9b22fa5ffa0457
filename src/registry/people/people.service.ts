import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { AccessService, personVisibleSql, type Principal } from '../../identity/index.js';
import { Agency } from '../agencies/entities/agency.entity.js';
import {
  applyRegistryFilters,
  deleteUnlessReferenced,
  updateVersioned,
  paginate,
  type Page,
  type PaginateOptions,
  AppException,
  SEARCH_VECTORS,
  type IfMatchCondition,
  type SqlRunner,
} from '../../platform/index.js';
import { Party } from '../parties/entities/party.entity.js';
import {
  PERSON_SORT,
  PersonResponseDto,
  type CreatePersonDto,
  type ListPeopleQueryDto,
  type UpdatePersonDto,
} from './dto/person.dto.js';
import { Person } from './entities/person.entity.js';
import { personSearchCondition, relevanceSort } from './person-search.js';

/**
 * People are visible to whoever may see a committee they sit on (admins, analysts and
 * all-committee API clients see everyone). Contact details are personal data: only admins
 * and the secretaries of the person's committees see them.
 */
@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async list(principal: Principal, query: ListPeopleQueryDto): Promise<Page<PersonResponseDto>> {
    const qb = this.dataSource.getRepository(Person).createQueryBuilder('person');
    await this.restrictToVisible(qb, principal);
    // `q` here: full text or the transliteration key (person-search.ts).
    applyRegistryFilters(qb, 'person', { ...query, q: undefined }, SEARCH_VECTORS.person('person'));
    if (query.q) qb.andWhere(personSearchCondition('person'), { q: query.q });
    if (query.partyId) qb.andWhere('person.party_id = :partyId', { partyId: query.partyId });
    if (query.agencyId) qb.andWhere('person.agency_id = :agencyId', { agencyId: query.agencyId });
    if (query.committeeId) {
      qb.andWhere('person.id IN (SELECT cm.person_id FROM memberships cm WHERE cm.committee_id = :committeeId)', {
        committeeId: query.committeeId,
      });
    }
    const page = await paginate(qb, query, this.orderOf(query));
    return { items: await this.present(principal, page.items), nextCursor: page.nextCursor };
  }

  /**
   * A search without `sort` is ordered by relevance (`relevanceSort`), its cursor bound to
   * that order; with `sort`, or without `q`, by the sort asked for (default `nameEn`).
   */
  private orderOf(query: ListPeopleQueryDto): PaginateOptions {
    if (query.q && !query.sort) {
      return { alias: 'person', sortable: { relevance: relevanceSort('person') }, defaultSort: 'relevance' };
    }
    return { alias: 'person', sortable: PERSON_SORT, defaultSort: 'nameEn' };
  }

  async get(principal: Principal, id: string): Promise<PersonResponseDto> {
    const person = await this.findVisible(principal, id);
    return (await this.present(principal, [person]))[0]!;
  }

  async create(principal: Principal, dto: CreatePersonDto): Promise<PersonResponseDto> {
    const person = await this.dataSource.transaction(async (manager) => {
      if (!(await manager.getRepository(Party).existsBy({ id: dto.partyId }))) {
        throw AppException.validation([{ field: 'partyId', message: 'does not match a party' }]);
      }
      await this.assertMaySecretaryAddTo(principal, dto.partyId, manager);
      await this.assertAgencyOfParty(manager, dto.agencyId ?? null, dto.partyId);
      const repo = manager.getRepository(Person);
      return repo.save(
        repo.create({
          ...dto,
          agencyId: dto.agencyId ?? null,
          rankTitle: dto.rankTitle ?? null,
          email: dto.email ?? null,
          phone: dto.phone ?? null,
          active: dto.active ?? true,
        }),
      );
    });
    return (await this.present(principal, [person]))[0]!;
  }

  async update(
    principal: Principal,
    id: string,
    dto: UpdatePersonDto,
    ifMatch: IfMatchCondition | undefined,
  ): Promise<PersonResponseDto> {
    await this.findVisible(principal, id);
    const committees = await this.committeesOf([id]);
    await this.access.require(principal, 'person.edit', { personCommitteeIds: committees.get(id) ?? [] });
    const person = await this.dataSource.transaction((manager) =>
      updateVersioned(
        manager,
        Person,
        id,
        'The person',
        {
          condition: ifMatch,
          current: async (db) =>
            (await this.present(principal, [await db.getRepository(Person).findOneByOrFail({ id })], db))[0]!,
        },
        async (p) => {
          if (dto.agencyId !== undefined) await this.assertAgencyOfParty(manager, dto.agencyId, p.partyId);
          Object.assign(p, dto);
        },
      ),
    );
    return (await this.present(principal, [person]))[0]!;
  }

  /** 404; 412 when `ifMatch` names no current ETag (the person as this caller reads it); 409 while referenced. */
  remove(principal: Principal, id: string, ifMatch?: IfMatchCondition): Promise<void> {
    return this.dataSource.transaction((manager) =>
      deleteUnlessReferenced(
        manager,
        'people',
        id,
        'The person',
        [
          { count: 'SELECT count(*) FROM memberships WHERE person_id = $1', label: 'memberships' },
          { count: 'SELECT count(*) FROM users WHERE person_id = $1', label: 'users' },
        ],
        {
          condition: ifMatch,
          current: async (db) =>
            (await this.present(principal, [await db.getRepository(Person).findOneByOrFail({ id })], db))[0]!,
        },
      ),
    );
  }

  private async findVisible(principal: Principal, id: string): Promise<Person> {
    const qb = this.dataSource.getRepository(Person).createQueryBuilder('person').where('person.id = :id', { id });
    await this.restrictToVisible(qb, principal);
    const person = await qb.getOne();
    if (!person) throw AppException.notFound('The person');
    return person;
  }

  private async restrictToVisible(qb: SelectQueryBuilder<Person>, principal: Principal): Promise<void> {
    const { committeeIds } = await this.access.scope(principal);
    if (committeeIds === null) return;
    const self = principal.kind === 'user' ? principal.personId : null;
    qb.andWhere(personVisibleSql('person.id', ':scope', self ? ':self' : null), { scope: committeeIds, self });
  }

  /**
   * Of `ids`, the people whose contact details the caller may see (`person.contact.read`).
   * Two questions to the table first, with no query: the answer for a person on no committee
   * (yes: an admin sees everyone's) and for one on every committee the caller sits on (no:
   * the caller holds no secretary seat). Only in between do the people's committees matter,
   * read then in one query for the page.
   */
  private async contactVisibleFor(principal: Principal, ids: string[], db: SqlRunner): Promise<Set<string>> {
    const allowed = (personCommitteeIds: readonly string[]) =>
      this.access.allows(principal, 'person.contact.read', { personCommitteeIds }, db);
    if (ids.length === 0 || (await allowed([]))) return new Set(ids);
    const { seats } = await this.access.caller(principal);
    if (!(await allowed(seats.map((s) => s.committeeId)))) return new Set();
    const committees = await this.committeesOf(ids, db);
    const visible = new Set<string>();
    for (const id of ids) if (await allowed(committees.get(id) ?? [])) visible.add(id);
    return visible;
  }

  /** The committees each person sits or sat on, for the rules that follow the person's seats. */
  private async committeesOf(ids: string[], db: SqlRunner = this.dataSource): Promise<Map<string, string[]>> {
    if (ids.length === 0) return new Map();
    const rows = (await db.query(
      `SELECT person_id, array_agg(DISTINCT committee_id) AS committee_ids FROM memberships
        WHERE person_id = ANY($1::uuid[]) GROUP BY person_id`,
      [ids],
    )) as { person_id: string; committee_ids: string[] }[];
    return new Map(rows.map((r) => [r.person_id, r.committee_ids]));
  }

  private async present(
    principal: Principal,
    people: Person[],
    db: SqlRunner = this.dataSource,
  ): Promise<PersonResponseDto[]> {
    const contact = await this.contactVisibleFor(
      principal,
      people.map((p) => p.id),
      db,
    );
    return people.map((p) => PersonResponseDto.from(p, contact.has(p.id)));
  }

  /** A secretary (or co-chair) adds people of the parties of their committees (`person.create`). */
  private assertMaySecretaryAddTo(principal: Principal, partyId: string, manager: EntityManager): Promise<void> {
    return this.access.require(principal, 'person.create', { partyId }, 'The party', manager);
  }

  private async assertAgencyOfParty(manager: EntityManager, agencyId: string | null, partyId: string): Promise<void> {
    if (agencyId === null) return;
    if (!(await manager.getRepository(Agency).existsBy({ id: agencyId, partyId }))) {
      throw AppException.validation([{ field: 'agencyId', message: "does not match an agency of the person's party" }]);
    }
  }
}
