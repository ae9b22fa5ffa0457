import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../../identity/index.js';
import { AssignmentsService } from '../assignments/assignments.service.js';
import type { Principal } from '../../identity/index.js';
import { assertOpenForEdits, CommitmentsService, guardedProgress } from '../commitments/commitments.service.js';
import { Commitment } from '../commitments/entities/commitment.entity.js';
import {
  AppException,
  assertIfMatch,
  changeStatement,
  paginate,
  readSnapshot,
  SEARCH_VECTORS,
  searchCondition,
  type ChangeStatement,
  type IfMatchCondition,
  type Page,
} from '../../platform/index.js';
import { UPDATE_SORT, UpdateResponseDto, type CreateUpdateDto, type ListUpdatesQueryDto } from './dto/update.dto.js';
import { Update } from '../kernel/update.entity.js';
import { appendGuardedUpdate, appendUpdate, type Subject } from '../kernel/timeline.js';

/**
 * The append-only timelines. On an assignment, the committee's secretaries and the
 * assignees post; on a commitment, the committee's secretaries and co-chairs. A progress
 * figure on a commitment update becomes the commitment's progress.
 */
@Injectable()
export class UpdatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly assignments: AssignmentsService,
    private readonly commitments: CommitmentsService,
  ) {}

  async list(principal: Principal, subject: Subject, query: ListUpdatesQueryDto): Promise<Page<UpdateResponseDto>> {
    await this.visibleSubject(principal, subject);
    const qb = this.dataSource.getRepository(Update).createQueryBuilder('update');
    if ('assignmentId' in subject) qb.where('update.assignment_id = :id', { id: subject.assignmentId });
    else qb.where('update.commitment_id = :id', { id: subject.commitmentId });
    if (query.q) qb.andWhere(searchCondition(SEARCH_VECTORS.update('update')), { q: query.q });
    const page = await paginate(qb, query, { alias: 'update', sortable: UPDATE_SORT, defaultSort: 'createdAt' });
    return { items: page.items.map((update) => UpdateResponseDto.from(update)), nextCursor: page.nextCursor };
  }

  /** One entry of the timeline. @throws 404 NOT_FOUND (no such record or entry on it, or not visible). */
  async get(principal: Principal, subject: Subject, id: string): Promise<UpdateResponseDto> {
    await this.visibleSubject(principal, subject);
    const update = await this.dataSource
      .getRepository(Update)
      .findOneBy(
        'assignmentId' in subject
          ? { id, assignmentId: subject.assignmentId }
          : { id, commitmentId: subject.commitmentId },
      );
    if (!update) throw AppException.notFound('The update');
    return UpdateResponseDto.from(update);
  }

  /**
   * Appends an entry; `If-Match`, when sent, is checked against the record's ETag under its row
   * lock (412 VERSION_MISMATCH), so the entry is posted on the record as the caller read it.
   */
  async create(
    principal: Principal,
    subject: Subject,
    dto: CreateUpdateDto,
    ifMatch?: IfMatchCondition,
  ): Promise<UpdateResponseDto> {
    if ('assignmentId' in subject) {
      const update = await this.dataSource.transaction(async (manager) => {
        // One read: the assignment with its assignees, who may post besides the secretaries
        // (under the row lock when If-Match is to be checked).
        const { assignment, assigneeIds } = await this.assignments.readVisible(
          manager,
          principal,
          subject.assignmentId,
          { lock: ifMatch !== undefined },
        );
        const target = { committeeId: assignment.committeeId, assigneeIds };
        await this.access.require(principal, 'timeline.post', target, 'The assignment', manager);
        await assertIfMatch(ifMatch, () => this.assignments.represent(manager, subject.assignmentId), 'The assignment');
        return appendUpdate(manager, subject, principal, dto);
      });
      return UpdateResponseDto.from(update);
    }
    if (dto.progress !== undefined && ifMatch === undefined) {
      const posted = await this.postProgress(
        principal,
        subject.commitmentId,
        dto as CreateUpdateDto & { progress: number },
      );
      if (posted) return UpdateResponseDto.from(posted);
    }
    const update = await this.dataSource.transaction(async (manager) => {
      // One read of the commitment serves every check; with a progress figure it changes too,
      // so the read takes the row lock (a concurrent transition or PATCH takes turns).
      // So does an If-Match, checked under that lock.
      const commitment =
        dto.progress === undefined && ifMatch === undefined
          ? await this.commitments.findVisible(principal, subject.commitmentId, manager)
          : await this.commitments.lockVisible(manager, principal, subject.commitmentId);
      await this.access.require(
        principal,
        'timeline.post',
        { committeeId: commitment.committeeId },
        'The commitment',
        manager,
      );
      await assertIfMatch(ifMatch, () => this.commitments.represent(manager, subject.commitmentId), 'The commitment');
      let change: ChangeStatement | null = null;
      if (dto.progress !== undefined) {
        await this.commitments.assertOwnerSide(principal, commitment, manager);
        assertOpenForEdits(commitment);
        const before = readSnapshot(manager, Commitment, commitment);
        commitment.progress = dto.progress;
        change = changeStatement(manager, Commitment, before, commitment);
      }
      // One statement: the progress (when it changed), the entry and their audit events.
      return appendUpdate(manager, subject, principal, dto, change);
    });
    return UpdateResponseDto.from(update);
  }

  /**
   * A progress figure without a lock held across round trips: the checks on an unlocked read
   * (404 `NOT_FOUND`, 403 `FORBIDDEN`, 409 `COMMITMENT_FROZEN`), then one statement that locks,
   * re-checks what they relied on, and writes (`guardedProgress`). Updates of one commitment
   * then wait for each other only while that statement runs. Null when the commitment changed
   * in between: the caller takes the locked path.
   */
  private async postProgress(
    principal: Principal,
    commitmentId: string,
    dto: CreateUpdateDto & { progress: number },
  ): Promise<Update | null> {
    const commitment = await this.commitments.visibleFacts(principal, commitmentId);
    await this.access.require(principal, 'timeline.post', { committeeId: commitment.committeeId }, 'The commitment');
    await this.commitments.assertOwnerSide(principal, commitment);
    assertOpenForEdits(commitment);
    const subject = { commitmentId };
    return appendGuardedUpdate(
      this.dataSource.manager,
      subject,
      principal,
      dto,
      guardedProgress(commitment, dto.progress),
    );
  }

  private async visibleSubject(principal: Principal, subject: Subject): Promise<void> {
    if ('assignmentId' in subject) await this.assignments.findVisible(principal, subject.assignmentId);
    else await this.commitments.findVisible(principal, subject.commitmentId);
  }
}
