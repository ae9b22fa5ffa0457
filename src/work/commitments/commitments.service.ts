import {
  dueInDaysSql,
  literals,
  overdueSql,
  plannedOnce,
  riskSql,
  workItemConditions,
} from '../kernel/work-item.queries.js';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../../identity/index.js';
import type { Principal } from '../../identity/index.js';
import { assertAcceptsWork } from '../../registry/index.js';
import {
  APP_CONFIG,
  auditedWith,
  readSnapshot,
  saveChanges,
  updateVersioned,
  type AppConfig,
} from '../../platform/index.js';
import {
  isoTimestampSql,
  directReads,
  genericPlans,
  paginateSql,
  PageCache,
  SEARCH_VECTORS,
  searchMatchSql,
  SqlParams,
  assertIfMatch,
  type IfMatchCondition,
  type Page,
  type SqlRunner,
} from '../../platform/index.js';
import { AppException, ErrorCode } from '../../platform/index.js';
import { appendUpdate, type GuardedChange } from '../kernel/timeline.js';
import { assertWorkReferences } from '../kernel/work-references.js';
import {
  checkTransition,
  COMMITMENT_CLOSED,
  COMMITMENT_FROZEN,
  COMMITMENT_ACTOR_PERMISSION,
  COMMITMENT_ACTORS,
  COMMITMENT_WORKFLOW,
  type CommitmentActor,
} from '../kernel/workflows.js';
import {
  COMMITMENT_SORT,
  CommitmentResponseDto,
  type CommitmentTransitionDto,
  type CreateCommitmentDto,
  type ListCommitmentsQueryDto,
  type UpdateCommitmentDto,
} from './dto/commitment.dto.js';
import { Commitment } from './entities/commitment.entity.js';

export const COMMITMENT_OVERDUE_SQL = overdueSql('commitment', COMMITMENT_CLOSED);

@Injectable()
export class CommitmentsService {
  /** The representation's columns, with the deadline risk of the configured window. */
  private readonly fields: string;
  private readonly riskWindowDays: number;
  /** Reads outside a transaction, straight from the pool (`directReads`). */
  private readonly reads: SqlRunner;
  /** The list's pages and stamps where no value changes their plan, planned once per session (`genericPlans`). */
  private readonly planned: SqlRunner;
  /** List pages served again while their rows are unchanged (LIST_CACHE_PAGES). */
  private readonly pages: PageCache;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.reads = directReads(dataSource);
    this.planned = genericPlans(dataSource);
    this.riskWindowDays = config.work.riskWindowDays;
    this.fields = commitmentFields(this.riskWindowDays);
    this.pages = new PageCache(config.work.listCachePages);
  }

  /**
   * The committee's commitments, a keyset page in one statement (two for callers seated
   * elsewhere); a page asked for again is served as kept when its rows' stamps are unchanged
   * (`PageCache`: one short statement instead, two when the page changed).
   */
  async list(
    principal: Principal,
    committeeId: string,
    query: ListCommitmentsQueryDto,
  ): Promise<Page<CommitmentResponseDto>> {
    await this.access.requireCommitteeReadable(principal, committeeId);
    const params = new SqlParams();
    const committee = params.add(committeeId);
    const where = [
      `"commitment"."committee_id" = ${committee}`,
      ...workItemConditions('commitment', COMMITMENT_CLOSED, query, params, this.riskWindowDays),
    ];
    if (query.ownerPartyId) where.push(`"commitment"."owner_party_id" = ${params.add(query.ownerPartyId)}`);
    if (query.issueAreaId) where.push(`"commitment"."issue_area_id" = ${params.add(query.issueAreaId)}`);
    if (query.q) where.push(searchMatchSql(SEARCH_VECTORS.commitment('commitment'), params.add(query.q)));
    const db = plannedOnce(query, where.length > 1) ? this.planned : this.reads;
    return paginateSql(db, { select: this.fields, from: COMMITMENT_FROM, where, params }, query, {
      sortable: COMMITMENT_SORT,
      defaultSort: 'dueOn',
      tiebreaker: '"commitment"."id"',
      shape: (row: CommitmentResponseDto) => CommitmentResponseDto.from(row),
      keep: { cache: this.pages, stamp: commitmentStamp(committee), narrow: COMMITMENT_STAMP_FROM },
    });
  }

  /** One statement: the commitment as shown; then the access check on its committee (404 out of sight). */
  async get(principal: Principal, id: string): Promise<CommitmentResponseDto> {
    const commitment = await this.represent(this.reads, id);
    await this.access.require(principal, 'committee.read', { committeeId: commitment.committeeId }, 'The commitment');
    return commitment;
  }

  /** The commitment as GET shows it, read in `db` (one statement, no access check); 404 when missing. */
  async represent(db: SqlRunner, id: string): Promise<CommitmentResponseDto> {
    const [row] = (await db.query(`SELECT ${this.fields} ${COMMITMENT_FROM} WHERE "commitment"."id" = $1`, [
      id,
    ])) as CommitmentResponseDto[];
    if (!row) throw AppException.notFound('The commitment');
    return CommitmentResponseDto.from(row);
  }

  async create(principal: Principal, committeeId: string, dto: CreateCommitmentDto): Promise<CommitmentResponseDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      // One read of the committee: its access check and its status, under a share lock.
      assertAcceptsWork(
        await this.access.requireCommittee(principal, committeeId, 'committee.file', { db: manager, lock: 'share' }),
      );
      if (dto.progress) await this.assertOwnerSide(principal, { committeeId, ownerPartyId: dto.ownerPartyId }, manager);
      await assertWorkReferences(manager, committeeId, {
        issueAreaId: dto.issueAreaId,
        partyId: dto.ownerPartyId,
        partyField: 'ownerPartyId',
        agencyId: dto.agencyId,
        sourceDecisionId: dto.sourceDecisionId,
      });
      const repo = manager.getRepository(Commitment);
      const saved = await repo.save(
        repo.create({
          committeeId,
          ownerPartyId: dto.ownerPartyId,
          agencyId: dto.agencyId ?? null,
          title: dto.title,
          description: dto.description ?? '',
          issueAreaId: dto.issueAreaId ?? null,
          dueOn: dto.dueOn ?? null,
          progress: dto.progress ?? 0,
          sourceDecisionId: dto.sourceDecisionId ?? null,
          status: 'pending',
          createdById: principal.kind === 'user' ? principal.userId : null,
        }),
      );
      return saved.id;
    });
    return this.get(principal, id);
  }

  /**
   * PATCH: one read of the commitment, under the row lock, serves the access checks (404
   * `NOT_FOUND` out of sight, 403 `FORBIDDEN`), `If-Match` (412) and the change.
   */
  async update(
    principal: Principal,
    id: string,
    dto: UpdateCommitmentDto,
    ifMatch: IfMatchCondition,
  ): Promise<CommitmentResponseDto> {
    await this.dataSource.transaction((manager) =>
      updateVersioned(
        manager,
        Commitment,
        id,
        'The commitment',
        { condition: ifMatch, current: (db) => this.represent(db, id) },
        async (commitment) => {
          assertOpenForEdits(commitment);
          await assertWorkReferences(manager, commitment.committeeId, {
            issueAreaId: dto.issueAreaId,
            partyId: commitment.ownerPartyId,
            partyField: 'ownerPartyId',
            agencyId: dto.agencyId,
            sourceDecisionId: dto.sourceDecisionId,
          });
          Object.assign(commitment, dto);
        },
        async (commitment) => {
          await this.access.require(
            principal,
            'committee.file',
            { committeeId: commitment.committeeId },
            'The commitment',
            manager,
          );
          if (dto.progress !== undefined) await this.assertOwnerSide(principal, commitment, manager);
        },
      ),
    );
    return this.get(principal, id);
  }

  /** Dual sign-off: the owner side claims, another party's secretary or co-chair confirms or rejects. */
  /** A move; `If-Match`, when sent, is checked under the row lock before it (412 VERSION_MISMATCH). */
  async transition(
    principal: Principal,
    id: string,
    dto: CommitmentTransitionDto,
    ifMatch?: IfMatchCondition,
  ): Promise<CommitmentResponseDto> {
    await this.dataSource.transaction(async (manager) => {
      // One read: under the row lock, two concurrent moves from one state take turns.
      const commitment = await this.lockVisible(manager, principal, id);
      await assertIfMatch(ifMatch, () => this.represent(manager, id), 'The commitment');
      checkTransition(
        COMMITMENT_WORKFLOW,
        commitment.status,
        dto.to,
        await this.actors(principal, commitment),
        dto.note,
        'The commitment',
        COMMITMENT_ACTOR_PERMISSION,
      );
      const from = commitment.status;
      const before = readSnapshot(manager, Commitment, commitment);
      commitment.status = dto.to;
      if (dto.to === 'fulfilled') commitment.progress = 100;
      await saveChanges(manager, Commitment, before, commitment);
      await appendUpdate(manager, { commitmentId: id }, principal, {
        body: dto.note?.trim() || `Status changed from ${from} to ${dto.to}.`,
        fromStatus: from,
        toStatus: dto.to,
        progress: dto.to === 'fulfilled' ? 100 : null,
      });
    });
    return this.get(principal, id);
  }

  /**
   * The commitment under a row lock (`FOR UPDATE`) in `manager`'s transaction, if the caller
   * may see it (404 `NOT_FOUND` otherwise, whether missing or out of sight).
   */
  async lockVisible(manager: EntityManager, principal: Principal, id: string): Promise<Commitment> {
    const commitment = await manager
      .getRepository(Commitment)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!commitment) throw AppException.notFound('The commitment');
    await this.access.require(
      principal,
      'committee.read',
      { committeeId: commitment.committeeId },
      'The commitment',
      manager,
    );
    return commitment;
  }

  /** Progress is the owner side's own report (permission `commitment.progress`). */
  assertOwnerSide(
    principal: Principal,
    commitment: Pick<Commitment, 'committeeId' | 'ownerPartyId'>,
    db?: EntityManager,
  ): Promise<void> {
    const target = { committeeId: commitment.committeeId, partyId: commitment.ownerPartyId };
    return this.access.require(principal, 'commitment.progress', target, 'The committee', db);
  }

  /** Which side the caller speaks for on this commitment: the workflow actors they hold. */
  async actors(
    principal: Principal,
    commitment: Pick<Commitment, 'committeeId' | 'ownerPartyId'>,
  ): Promise<Set<CommitmentActor>> {
    const target = { committeeId: commitment.committeeId, partyId: commitment.ownerPartyId };
    const actors = new Set<CommitmentActor>();
    for (const actor of COMMITMENT_ACTORS)
      if (await this.access.allows(principal, COMMITMENT_ACTOR_PERMISSION[actor], target)) actors.add(actor);
    return actors;
  }

  /**
   * What a progress figure is checked against (`CommitmentFacts`: id, committee, owner party,
   * status) if the caller may see the commitment (404 `NOT_FOUND` otherwise): one hand-written
   * statement straight from the pool, no entity built (the progress path's unlocked read).
   */
  async visibleFacts(principal: Principal, id: string): Promise<CommitmentFacts> {
    const [facts] = (await this.reads.query(
      `SELECT "id", "committee_id" AS "committeeId", "owner_party_id" AS "ownerPartyId", "status"
         FROM commitments WHERE "id" = $1`,
      [id],
    )) as CommitmentFacts[];
    if (!facts) throw AppException.notFound('The commitment');
    await this.access.require(principal, 'committee.read', { committeeId: facts.committeeId }, 'The commitment');
    return facts;
  }

  /** The commitment if the caller may see it (404 `NOT_FOUND` otherwise); in `db`'s transaction when given. */
  async findVisible(
    principal: Principal,
    id: string,
    db: EntityManager = this.dataSource.manager,
  ): Promise<Commitment> {
    const commitment = await db.getRepository(Commitment).findOneBy({ id });
    if (!commitment) throw AppException.notFound('The commitment');
    await this.access.require(
      principal,
      'committee.read',
      { committeeId: commitment.committeeId },
      'The commitment',
      db,
    );
    return commitment;
  }
}

/**
 * A commitment as the API shows it, each column named as its response field; its deadline
 * risk with the window of RISK_WINDOW_DAYS (`riskWindowDays`).
 */
const commitmentFields = (
  riskWindowDays: number,
): string => `"commitment"."id", "commitment"."committee_id" AS "committeeId",
  "commitment"."owner_party_id" AS "ownerPartyId", "owner"."code" AS "ownerPartyCode",
  "commitment"."agency_id" AS "agencyId", "commitment"."title", "commitment"."description",
  "commitment"."issue_area_id" AS "issueAreaId", "commitment"."due_on"::text AS "dueOn",
  "commitment"."progress", "commitment"."status", ${COMMITMENT_OVERDUE_SQL} AS "overdue",
  ${dueInDaysSql('commitment', COMMITMENT_CLOSED)} AS "dueInDays",
  ${riskSql('commitment', COMMITMENT_CLOSED, riskWindowDays)} AS "risk",
  "commitment"."source_decision_id" AS "sourceDecisionId", ${isoTimestampSql('"commitment"."created_at"')} AS "createdAt",
  ${isoTimestampSql('"commitment"."updated_at"')} AS "updatedAt", "commitment"."version"`;

/**
 * What a listed commitment of committee `committee` (its placeholder) is made from, as one
 * text (`PageCache`): its id, its row's version (`xmin`), its owner party's (the code) and the
 * committee's today (overdue, due in days, risk). Read through subqueries, so that the stamps
 * alone need no join (`COMMITMENT_STAMP_FROM`). The risk window is the process's
 * configuration, the same for every page it keeps. The server's start time too: transaction
 * ids are unique within one server's history, and a promoted standby or a restored backup
 * may give out again ids the old primary had used (its start time differs).
 */
const commitmentStamp = (committee: string): string => `concat_ws(' ', "commitment"."id", "commitment"."xmin",
  (SELECT p.xmin FROM parties p WHERE p.id = "commitment"."owner_party_id"),
  (SELECT concat_ws(' ', (now() AT TIME ZONE k.time_zone)::date, pg_postmaster_start_time())
     FROM committees k WHERE k.id = ${committee}))`;
const COMMITMENT_STAMP_FROM = { from: 'FROM commitments "commitment"', alias: 'commitment' };

/** With the committee (for overdue: its time zone) and the owner party (its code). */
const COMMITMENT_FROM = `FROM commitments "commitment"
  JOIN committees "committee" ON "committee"."id" = "commitment"."committee_id"
  JOIN parties "owner" ON "owner"."id" = "commitment"."owner_party_id"`;

/** The columns a progress figure's checks read (`visibleFacts`). */
export type CommitmentFacts = Pick<Commitment, 'id' | 'committeeId' | 'ownerPartyId' | 'status'>;

/**
 * Once fulfilment is claimed the record is what the other side signs off: it changes only
 * through transitions (409 COMMITMENT_FROZEN otherwise).
 */
export function assertOpenForEdits(commitment: Pick<Commitment, 'status'>): void {
  if (COMMITMENT_FROZEN.includes(commitment.status)) {
    throw new AppException(
      ErrorCode.CommitmentFrozen,
      `A ${commitment.status.replace('_', ' ')} commitment is not edited; it changes only through its transitions.`,
      {
        extensions: { currentState: commitment.status },
      },
    );
  }
}

/**
 * A progress figure (0–100 percent) for a commitment read without a lock, as one guarded
 * statement (`appendGuardedUpdate`): it locks the commitment only if it still has the committee,
 * owner party and an open status that the caller's checks were made on (timeline.post,
 * commitment.progress, `assertOpenForEdits`), writes the figure when it differs (version + 1,
 * `updated_at`), and records `{ progress: { before, after } }` on the trail, `before` read under
 * that lock, as `saveChanges` does. A concurrent move or edit in between makes the guard miss.
 */
export function guardedProgress(
  commitment: Pick<Commitment, 'id' | 'committeeId' | 'ownerPartyId'>,
  progress: number,
): GuardedChange {
  const params: unknown[] = [commitment.id, commitment.committeeId, commitment.ownerPartyId, progress];
  const locked = `SELECT "id", "progress" AS before_progress FROM commitments
    WHERE "id" = $1::uuid AND "committee_id" = $2::uuid AND "owner_party_id" = $3::uuid AND "status" NOT IN (${literals(COMMITMENT_FROZEN)})
    FOR UPDATE`;
  // As TypeORM's versioned save writes it: version + 1, updated_at of the transaction.
  const changed = `UPDATE commitments SET "progress" = $4::smallint, "version" = commitments."version" + 1,
      "updated_at" = CURRENT_TIMESTAMP
    FROM locked WHERE commitments."id" = locked."id" AND locked.before_progress IS DISTINCT FROM $4::smallint
    RETURNING commitments."version", commitments."updated_at", locked.before_progress, commitments."progress"`;
  const event = auditedWith(
    { action: 'update', entity: 'commitments', entityId: commitment.id, changes: {} },
    params.length + 1,
    {
      changes: `jsonb_build_object('progress', jsonb_build_object('before', changed.before_progress, 'after', changed."progress"))`,
    },
  );
  params.push(...event.params);
  return { locked, changed, params, event };
}
