import { overdueSql, workItemSortable } from '../kernel/work-item.queries.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, SECRETARY_SEATS } from '../../identity/index.js';
import type { Principal } from '../../identity/index.js';
import { Committee } from '../../registry/index.js';
import { assertAcceptsWork, lockCommitteeForWork } from '../../registry/index.js';
import { updateVersioned } from '../../platform/index.js';
import { paginate, type Page } from '../../platform/index.js';
import { AppException, ErrorCode } from '../../platform/index.js';
import { appendUpdate } from '../kernel/timeline.js';
import { assertWorkReferences } from '../kernel/work-references.js';
import {
  checkTransition,
  COMMITMENT_CLOSED,
  COMMITMENT_FROZEN,
  COMMITMENT_WORKFLOW,
  type CommitmentActor,
} from '../kernel/workflows.js';
import type {
  CommitmentResponseDto,
  CommitmentTransitionDto,
  CreateCommitmentDto,
  ListCommitmentsQueryDto,
  UpdateCommitmentDto,
} from './dto/commitment.dto.js';
import { Commitment } from './entities/commitment.entity.js';

export const COMMITMENT_OVERDUE_SQL = overdueSql('commitment', COMMITMENT_CLOSED);

const SORTABLE = workItemSortable('commitment');

@Injectable()
export class CommitmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async list(
    principal: Principal,
    committeeId: string,
    query: ListCommitmentsQueryDto,
  ): Promise<Page<CommitmentResponseDto>> {
    await this.access.requireCommittee(principal, committeeId, 'read');
    const qb = this.dataSource
      .getRepository(Commitment)
      .createQueryBuilder('commitment')
      .innerJoin(Committee, 'committee', 'committee.id = commitment.committee_id')
      .where('commitment.committee_id = :committeeId', { committeeId });
    if (query.status) qb.andWhere('commitment.status = :status', { status: query.status });
    if (query.ownerPartyId)
      qb.andWhere('commitment.owner_party_id = :ownerPartyId', { ownerPartyId: query.ownerPartyId });
    if (query.issueAreaId) qb.andWhere('commitment.issue_area_id = :issueAreaId', { issueAreaId: query.issueAreaId });
    if (query.dueBefore) qb.andWhere('commitment.due_on < :dueBefore', { dueBefore: query.dueBefore });
    if (query.overdue !== undefined)
      qb.andWhere(query.overdue ? COMMITMENT_OVERDUE_SQL : `NOT ${COMMITMENT_OVERDUE_SQL}`);
    const page = await paginate(qb, query, { alias: 'commitment', sortable: SORTABLE, defaultSort: 'dueOn' });
    return { items: await this.present(page.items), nextCursor: page.nextCursor };
  }

  async get(principal: Principal, id: string): Promise<CommitmentResponseDto> {
    return (await this.present([await this.findVisible(principal, id)]))[0]!;
  }

  async create(principal: Principal, committeeId: string, dto: CreateCommitmentDto): Promise<CommitmentResponseDto> {
    assertAcceptsWork(await this.access.requireCommittee(principal, committeeId, 'secretary'));
    if (dto.progress) await this.assertOwnerSide(principal, { committeeId, ownerPartyId: dto.ownerPartyId });
    const id = await this.dataSource.transaction(async (manager) => {
      await lockCommitteeForWork(manager, committeeId);
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

  async update(
    principal: Principal,
    id: string,
    dto: UpdateCommitmentDto,
    expectedVersion: number,
  ): Promise<CommitmentResponseDto> {
    const current = await this.findVisible(principal, id);
    await this.access.require(principal, 'secretary', [current.committeeId], 'The commitment');
    if (dto.progress !== undefined) await this.assertOwnerSide(principal, current);
    await this.dataSource.transaction((manager) =>
      updateVersioned(manager, Commitment, id, 'The commitment', expectedVersion, async (commitment) => {
        assertOpenForEdits(commitment);
        await assertWorkReferences(manager, commitment.committeeId, {
          issueAreaId: dto.issueAreaId,
          partyId: commitment.ownerPartyId,
          partyField: 'ownerPartyId',
          agencyId: dto.agencyId,
          sourceDecisionId: dto.sourceDecisionId,
        });
        Object.assign(commitment, dto);
      }),
    );
    return this.get(principal, id);
  }

  /** Dual sign-off: the owner side claims, another party's secretary or co-chair confirms or rejects. */
  async transition(principal: Principal, id: string, dto: CommitmentTransitionDto): Promise<CommitmentResponseDto> {
    const visible = await this.findVisible(principal, id);
    const actors = await this.actors(principal, visible);
    await this.dataSource.transaction(async (manager) => {
      const commitment = await manager
        .getRepository(Commitment)
        .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      checkTransition(COMMITMENT_WORKFLOW, commitment.status, dto.to, actors, dto.note, 'The commitment');
      const from = commitment.status;
      commitment.status = dto.to;
      if (dto.to === 'fulfilled') commitment.progress = 100;
      await manager.getRepository(Commitment).save(commitment);
      await appendUpdate(manager, { commitmentId: id }, principal, {
        body: dto.note?.trim() || `Status changed from ${from} to ${dto.to}.`,
        fromStatus: from,
        toStatus: dto.to,
        progress: dto.to === 'fulfilled' ? 100 : null,
      });
    });
    return this.get(principal, id);
  }

  /** Progress is the owner side's own report. */
  async assertOwnerSide(
    principal: Principal,
    commitment: Pick<Commitment, 'committeeId' | 'ownerPartyId'>,
  ): Promise<void> {
    if (!(await this.actors(principal, commitment)).has('owner_side')) {
      throw new AppException(ErrorCode.Forbidden, "Progress is reported by the owner party's secretary or co-chair.");
    }
  }

  /** Which side the caller speaks for on this commitment (one person may sit for one party only). */
  async actors(
    principal: Principal,
    commitment: Pick<Commitment, 'committeeId' | 'ownerPartyId'>,
  ): Promise<Set<CommitmentActor>> {
    const actors = new Set<CommitmentActor>();
    if (principal.kind !== 'user' || principal.role !== 'secretary') return actors;
    for (const seat of await this.access.seatsIn(principal, commitment.committeeId)) {
      if (!SECRETARY_SEATS.includes(seat.role)) continue;
      actors.add(seat.partyId === commitment.ownerPartyId ? 'owner_side' : 'other_side');
    }
    return actors;
  }

  async findVisible(principal: Principal, id: string): Promise<Commitment> {
    const commitment = await this.dataSource.getRepository(Commitment).findOneBy({ id });
    if (!commitment) throw AppException.notFound('The commitment');
    await this.access.require(principal, 'read', [commitment.committeeId], 'The commitment');
    return commitment;
  }

  /** With the owner party's code and the derived overdue flag: one query per page. */
  private async present(commitments: Commitment[]): Promise<CommitmentResponseDto[]> {
    const ids = commitments.map((c) => c.id);
    if (ids.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT commitment.id, p.code, ${COMMITMENT_OVERDUE_SQL} AS overdue FROM commitments commitment
         JOIN committees committee ON committee.id = commitment.committee_id JOIN parties p ON p.id = commitment.owner_party_id
        WHERE commitment.id = ANY($1::uuid[])`,
      [ids],
    )) as { id: string; code: string; overdue: boolean }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return commitments.map((c) => ({
      id: c.id,
      committeeId: c.committeeId,
      ownerPartyId: c.ownerPartyId,
      ownerPartyCode: byId.get(c.id)!.code,
      agencyId: c.agencyId,
      title: c.title,
      description: c.description,
      issueAreaId: c.issueAreaId,
      dueOn: c.dueOn,
      progress: c.progress,
      status: c.status,
      overdue: byId.get(c.id)!.overdue,
      sourceDecisionId: c.sourceDecisionId,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      version: c.version,
    }));
  }
}

/**
 * Once fulfilment is claimed the record is what the other side signs off: it changes only
 * through transitions (409 COMMITMENT_FROZEN otherwise).
 */
export function assertOpenForEdits(commitment: Commitment): void {
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
