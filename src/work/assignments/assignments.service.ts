import { dueInDaysSql, overdueSql, plannedOnce, riskSql, workItemConditions } from '../kernel/work-item.queries.js';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService, ACTIVE_MEMBERSHIP_SQL } from '../../identity/index.js';
import type { Principal, UserPrincipal } from '../../identity/index.js';
import { assertAcceptsWork } from '../../registry/index.js';
import {
  APP_CONFIG,
  appendUpdateEvent,
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
  SEARCH_VECTORS,
  searchMatchSql,
  SqlParams,
  assertIfMatch,
  type IfMatchCondition,
  type Page,
  type SqlRunner,
} from '../../platform/index.js';
import { AppException } from '../../platform/index.js';
import { appendUpdate } from '../kernel/timeline.js';
import {
  ASSIGNMENT_ACTOR_PERMISSION,
  ASSIGNMENT_ACTORS,
  ASSIGNMENT_CLOSED,
  ASSIGNMENT_WORKFLOW,
  checkTransition,
  type AssignmentActor,
} from '../kernel/workflows.js';
import { assertWorkReferences } from '../kernel/work-references.js';
import {
  ASSIGNMENT_SORT,
  MY_ASSIGNMENT_SORT,
  AssignmentResponseDto,
  type AssignmentTransitionDto,
  type CreateAssignmentDto,
  type ListAssignmentsQueryDto,
  type MyAssignmentsQueryDto,
  type UpdateAssignmentDto,
} from './dto/assignment.dto.js';
import { AssignmentAssignee } from './entities/assignment-assignee.entity.js';
import { Assignment } from './entities/assignment.entity.js';

export const ASSIGNMENT_OVERDUE_SQL = overdueSql('assignment', ASSIGNMENT_CLOSED);

@Injectable()
export class AssignmentsService {
  /** The representation's columns, with the deadline risk of the configured window. */
  private readonly fields: string;
  private readonly riskWindowDays: number;
  /** Reads outside a transaction, straight from the pool (`directReads`). */
  private readonly reads: SqlRunner;
  /** The list's pages where no value changes their plan, planned once per session (`genericPlans`). */
  private readonly planned: SqlRunner;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.reads = directReads(dataSource);
    this.planned = genericPlans(dataSource);
    this.riskWindowDays = config.work.riskWindowDays;
    this.fields = assignmentFields(this.riskWindowDays);
  }

  /** The committee's assignments with their assignees, a keyset page in one statement. */
  async list(
    principal: Principal,
    committeeId: string,
    query: ListAssignmentsQueryDto,
  ): Promise<Page<AssignmentResponseDto>> {
    await this.access.requireCommitteeReadable(principal, committeeId);
    const params = new SqlParams();
    const where = [
      `"assignment"."committee_id" = ${params.add(committeeId)}`,
      ...workItemConditions('assignment', ASSIGNMENT_CLOSED, query, params, this.riskWindowDays),
    ];
    if (query.priority) where.push(`"assignment"."priority" = ${params.add(query.priority)}`);
    if (query.issueAreaId) where.push(`"assignment"."issue_area_id" = ${params.add(query.issueAreaId)}`);
    if (query.q) where.push(searchMatchSql(SEARCH_VECTORS.assignment('assignment'), params.add(query.q)));
    if (query.assigneeId) {
      where.push(
        `EXISTS (SELECT 1 FROM assignment_assignees aa WHERE aa.assignment_id = "assignment"."id" AND aa.person_id = ${params.add(query.assigneeId)})`,
      );
    }
    // An assignee's rows have an index of their own: a rare assignee is read through it.
    const db = !query.assigneeId && plannedOnce(query, where.length > 1) ? this.planned : this.reads;
    return paginateSql(db, { select: this.fields, from: ASSIGNMENT_FROM, where, params }, query, {
      sortable: ASSIGNMENT_SORT,
      defaultSort: 'dueOn',
      tiebreaker: '"assignment"."id"',
      shape: (row: AssignmentResponseDto) => AssignmentResponseDto.from(row),
    });
  }

  /**
   * The caller's assignments across the committees they sit on, by due date: paged through
   * the caller's assignee rows in due order (`assignment_assignees_person_due_key_idx`), so a
   * page costs the same with 50 or 5,000 assignments. One statement.
   */
  async mine(principal: UserPrincipal, query: MyAssignmentsQueryDto): Promise<Page<AssignmentResponseDto>> {
    if (!principal.personId) return { items: [], nextCursor: null };
    // Only in committees where the caller still sits (the request's seats, read once).
    const { seats } = await this.access.caller(principal);
    const params = new SqlParams();
    const where = [
      `"mine"."person_id" = ${params.add(principal.personId)}`,
      `"assignment"."committee_id" = ANY(${params.add(seats.map((s) => s.committeeId))}::uuid[])`,
      ...workItemConditions('assignment', ASSIGNMENT_CLOSED, query, params, this.riskWindowDays),
    ];
    return paginateSql(
      this.reads,
      {
        select: `${this.fields}, ${isoTimestampSql('"mine"."acknowledged_at"')} AS "acknowledgedAt"`,
        from: `${ASSIGNMENT_FROM} JOIN assignment_assignees "mine" ON "mine"."assignment_id" = "assignment"."id"`,
        where,
        params,
      },
      query,
      {
        sortable: MY_ASSIGNMENT_SORT,
        defaultSort: 'dueOn',
        tiebreaker: '"mine"."assignment_id"',
        shape: (row: AssignmentResponseDto) => AssignmentResponseDto.from(row),
      },
    );
  }

  /** One statement: the assignment as shown; then the access check on its committee (404 out of sight). */
  async get(principal: Principal, id: string): Promise<AssignmentResponseDto> {
    const assignment = await this.represent(this.reads, id);
    await this.access.require(principal, 'committee.read', { committeeId: assignment.committeeId }, 'The assignment');
    return assignment;
  }

  /** The assignment as GET shows it, read in `db` (one statement, no access check); 404 when missing. */
  async represent(db: SqlRunner, id: string): Promise<AssignmentResponseDto> {
    const [row] = (await db.query(`SELECT ${this.fields} ${ASSIGNMENT_FROM} WHERE "assignment"."id" = $1`, [
      id,
    ])) as AssignmentResponseDto[];
    if (!row) throw AppException.notFound('The assignment');
    return AssignmentResponseDto.from(row);
  }

  async create(principal: Principal, committeeId: string, dto: CreateAssignmentDto): Promise<AssignmentResponseDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      // One read of the committee: its access check and its status, under a share lock.
      assertAcceptsWork(
        await this.access.requireCommittee(principal, committeeId, 'committee.file', { db: manager, lock: 'share' }),
      );
      await assertWorkReferences(manager, committeeId, {
        issueAreaId: dto.issueAreaId,
        partyId: dto.raisingPartyId,
        partyField: 'raisingPartyId',
        sourceDecisionId: dto.sourceDecisionId,
      });
      const assigneeIds = await this.checkAssignees(manager, committeeId, dto.assigneeIds);
      const repo = manager.getRepository(Assignment);
      const saved = await repo.save(
        repo.create({
          committeeId,
          title: dto.title,
          description: dto.description ?? '',
          issueAreaId: dto.issueAreaId ?? null,
          priority: dto.priority ?? 'normal',
          dueOn: dto.dueOn ?? null,
          raisingPartyId: dto.raisingPartyId ?? null,
          borderSector: dto.borderSector ?? null,
          sourceDecisionId: dto.sourceDecisionId ?? null,
          status: 'open',
          createdById: principal.kind === 'user' ? principal.userId : null,
        }),
      );
      await manager
        .getRepository(AssignmentAssignee)
        .save(assigneeIds.map((personId) => ({ assignmentId: saved.id, personId, acknowledgedAt: null })));
      return saved.id;
    });
    return this.get(principal, id);
  }

  async update(
    principal: Principal,
    id: string,
    dto: UpdateAssignmentDto,
    ifMatch: IfMatchCondition,
  ): Promise<AssignmentResponseDto> {
    const current = await this.findVisible(principal, id);
    await this.access.require(principal, 'committee.file', { committeeId: current.committeeId }, 'The assignment');
    await this.dataSource.transaction((manager) =>
      updateVersioned(
        manager,
        Assignment,
        id,
        'The assignment',
        { condition: ifMatch, current: (db) => this.represent(db, id) },
        async (assignment) => {
          const { assigneeIds, ...fields } = dto;
          await assertWorkReferences(manager, assignment.committeeId, {
            issueAreaId: fields.issueAreaId,
            partyId: fields.raisingPartyId,
            partyField: 'raisingPartyId',
            sourceDecisionId: fields.sourceDecisionId,
          });
          Object.assign(assignment, fields);
          // A changed set of assignees is a change to the assignment: its version and ETag move.
          if (assigneeIds && (await this.replaceAssignees(manager, assignment, assigneeIds)))
            assignment.updatedAt = new Date();
        },
      ),
    );
    return this.get(principal, id);
  }

  /** A move; `If-Match`, when sent, is checked under the row lock before it (412 VERSION_MISMATCH). */
  async transition(
    principal: Principal,
    id: string,
    dto: AssignmentTransitionDto,
    ifMatch?: IfMatchCondition,
  ): Promise<AssignmentResponseDto> {
    await this.dataSource.transaction(async (manager) => {
      // One read, under the row lock: two concurrent moves from one state take turns.
      const { assignment, assigneeIds } = await this.readVisible(manager, principal, id, { lock: true });
      await assertIfMatch(ifMatch, () => this.represent(manager, id), 'The assignment');
      checkTransition(
        ASSIGNMENT_WORKFLOW,
        assignment.status,
        dto.to,
        await this.actors(principal, assignment, assigneeIds),
        dto.note,
        'The assignment',
        ASSIGNMENT_ACTOR_PERMISSION,
      );
      const from = assignment.status;
      const before = readSnapshot(manager, Assignment, assignment);
      assignment.status = dto.to;
      await saveChanges(manager, Assignment, before, assignment);
      await appendUpdate(manager, { assignmentId: id }, principal, {
        body: dto.note?.trim() || `Status changed from ${from} to ${dto.to}.`,
        fromStatus: from,
        toStatus: dto.to,
      });
    });
    return this.get(principal, id);
  }

  /**
   * An assignee confirms receipt; the first acknowledgement time is kept. The assignment is
   * read under its row lock, so the assignee check sees the assignees a concurrent change
   * leaves (403 `FORBIDDEN` for anyone else); `If-Match`, when sent, is checked under that lock
   * (412 VERSION_MISMATCH).
   */
  async acknowledge(principal: Principal, id: string, ifMatch?: IfMatchCondition): Promise<AssignmentResponseDto> {
    await this.dataSource.transaction(async (manager) => {
      const { assignment, assigneeIds } = await this.readVisible(manager, principal, id, { lock: true });
      const target = { committeeId: assignment.committeeId, assigneeIds };
      await this.access.require(principal, 'assignment.act', target, 'The assignment', manager);
      await assertIfMatch(ifMatch, () => this.represent(manager, id), 'The assignment');
      const personId = (principal as UserPrincipal).personId!;
      const acknowledgedAt = new Date();
      const acknowledged = (await manager.query(
        `UPDATE assignment_assignees SET acknowledged_at = $3
          WHERE assignment_id = $1 AND person_id = $2 AND acknowledged_at IS NULL RETURNING 1`,
        [id, personId, acknowledgedAt],
      )) as [unknown[], number];
      if (acknowledged[1] === 0) return;
      const key = `${id}:${personId}`;
      await appendUpdateEvent(manager, AssignmentAssignee, key, { acknowledgedAt: null }, { acknowledgedAt });
    });
    return this.get(principal, id);
  }

  /**
   * The assignment and its assignees in one read in `manager`'s transaction, if the caller may
   * see it (404 `NOT_FOUND` otherwise); with `lock`, under the row lock (`FOR UPDATE`).
   */
  async readVisible(
    manager: EntityManager,
    principal: Principal,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<{ assignment: Assignment; assigneeIds: string[] }> {
    const qb = manager
      .getRepository(Assignment)
      .createQueryBuilder('assignment')
      .addSelect(
        'ARRAY(SELECT aa.person_id FROM assignment_assignees aa WHERE aa.assignment_id = assignment.id)',
        'assignee_ids',
      )
      .where('assignment.id = :id', { id });
    if (options.lock) qb.setLock('pessimistic_write');
    const { entities, raw } = await qb.getRawAndEntities();
    const assignment = entities[0];
    if (!assignment) throw AppException.notFound('The assignment');
    await this.access.require(
      principal,
      'committee.read',
      { committeeId: assignment.committeeId },
      'The assignment',
      manager,
    );
    return { assignment, assigneeIds: (raw[0] as { assignee_ids: string[] }).assignee_ids };
  }

  /** Who the caller is for this assignment's workflow: the actors the permission table grants. */
  async actors(principal: Principal, assignment: Assignment, assigneeIds: string[]): Promise<Set<AssignmentActor>> {
    const target = { committeeId: assignment.committeeId, assigneeIds };
    const actors = new Set<AssignmentActor>();
    for (const actor of ASSIGNMENT_ACTORS)
      if (await this.access.allows(principal, ASSIGNMENT_ACTOR_PERMISSION[actor], target)) actors.add(actor);
    return actors;
  }

  async findVisible(principal: Principal, id: string): Promise<Assignment> {
    const assignment = await this.dataSource.getRepository(Assignment).findOneBy({ id });
    if (!assignment) throw AppException.notFound('The assignment');
    await this.access.require(principal, 'committee.read', { committeeId: assignment.committeeId }, 'The assignment');
    return assignment;
  }

  /** Assignees are active members of the committee. */
  private async checkAssignees(manager: EntityManager, committeeId: string, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const rows = (await manager.query(
      `SELECT DISTINCT m.person_id FROM memberships m WHERE m.committee_id = $1 AND m.person_id = ANY($2::uuid[]) AND ${ACTIVE_MEMBERSHIP_SQL}`,
      [committeeId, unique],
    )) as { person_id: string }[];
    if (rows.length !== unique.length)
      throw AppException.validation([{ field: 'assigneeIds', message: 'must all be active members of the committee' }]);
    return unique;
  }

  private async replaceAssignees(manager: EntityManager, assignment: Assignment, ids: string[]): Promise<boolean> {
    const wanted = await this.checkAssignees(manager, assignment.committeeId, ids);
    const repo = manager.getRepository(AssignmentAssignee);
    const current = await repo.findBy({ assignmentId: assignment.id });
    const gone = current.filter((a) => !wanted.includes(a.personId));
    if (gone.length > 0) await repo.remove(gone);
    const added = wanted.filter((p) => !current.some((a) => a.personId === p));
    if (added.length > 0)
      await repo.save(added.map((personId) => ({ assignmentId: assignment.id, personId, acknowledgedAt: null })));
    return gone.length > 0 || added.length > 0;
  }
}

/**
 * An assignment as the API shows it, each column named as its response field; its assignees
 * as one JSON array (a correlated subquery: a page of 50 costs one statement); its deadline
 * risk with the window of RISK_WINDOW_DAYS (`riskWindowDays`).
 */
const assignmentFields = (
  riskWindowDays: number,
): string => `"assignment"."id", "assignment"."committee_id" AS "committeeId", "assignment"."title",
  "assignment"."description", "assignment"."issue_area_id" AS "issueAreaId", "assignment"."priority",
  "assignment"."due_on"::text AS "dueOn", "assignment"."raising_party_id" AS "raisingPartyId",
  "assignment"."border_sector" AS "borderSector", "assignment"."status", ${ASSIGNMENT_OVERDUE_SQL} AS "overdue",
  ${dueInDaysSql('assignment', ASSIGNMENT_CLOSED)} AS "dueInDays",
  ${riskSql('assignment', ASSIGNMENT_CLOSED, riskWindowDays)} AS "risk",
  "assignment"."source_decision_id" AS "sourceDecisionId",
  coalesce((SELECT json_agg(json_build_object('personId', p.id, 'nameEn', p.name_en, 'nameAr', p.name_ar,
      'acknowledgedAt', ${isoTimestampSql('aa.acknowledged_at')}) ORDER BY p.name_en, p.id)
    FROM assignment_assignees aa JOIN people p ON p.id = aa.person_id WHERE aa.assignment_id = "assignment"."id"), '[]'::json)
    AS "assignees",
  ${isoTimestampSql('"assignment"."created_at"')} AS "createdAt", ${isoTimestampSql('"assignment"."updated_at"')} AS "updatedAt", "assignment"."version"`;

/** With the committee, whose time zone decides overdue. */
const ASSIGNMENT_FROM = `FROM assignments "assignment"
  JOIN committees "committee" ON "committee"."id" = "assignment"."committee_id"`;
