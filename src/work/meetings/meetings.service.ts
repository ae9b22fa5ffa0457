import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AccessService } from '../../identity/index.js';
import type { Principal } from '../../identity/index.js';
import { assertIfMatch, updateVersioned, type IfMatchCondition, type SqlRunner } from '../../platform/index.js';
import { MEETING_ATTENDEES, replaceRelationSet } from '../../platform/index.js';
import { paginate, SEARCH_VECTORS, searchCondition, type Page } from '../../platform/index.js';
import { AppException } from '../../platform/index.js';
import { assertAcceptsWork, lockCommitteeForWork } from '../../registry/index.js';
import { canonicalTimeZone } from '../../platform/index.js';
import { Person } from '../../registry/index.js';
import {
  DecisionResponseDto,
  MEETING_SORT,
  MeetingResponseDto,
  type CreateDecisionDto,
  type CreateMeetingDto,
  type ListMeetingsQueryDto,
  type UpdateMeetingDto,
} from './dto/meeting.dto.js';
import { Decision } from './entities/decision.entity.js';
import { Meeting } from './entities/meeting.entity.js';

@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async list(
    principal: Principal,
    committeeId: string,
    query: ListMeetingsQueryDto,
  ): Promise<Page<MeetingResponseDto>> {
    await this.access.requireCommitteeReadable(principal, committeeId);
    const qb = this.dataSource
      .getRepository(Meeting)
      .createQueryBuilder('meeting')
      .where('meeting.committee_id = :committeeId', { committeeId });
    if (query.from) qb.andWhere('meeting.starts_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('meeting.starts_at < :to', { to: query.to });
    if (query.q) {
      // Its own text or one of its decisions': each side read through its GIN index, the ids
      // collected first (an array, not a join), then the meetings fetched by primary key.
      qb.andWhere(
        `meeting.id = ANY(ARRAY(SELECT "sm"."id" FROM meetings "sm" WHERE ${searchCondition(SEARCH_VECTORS.meeting('sm'))}
           UNION ALL SELECT "sd"."meeting_id" FROM decisions "sd" WHERE ${searchCondition(SEARCH_VECTORS.decision('sd'))}))`,
        { q: query.q },
      );
    }
    const page = await paginate(qb, query, { alias: 'meeting', sortable: MEETING_SORT, defaultSort: '-startsAt' });
    return { items: await this.present(page.items), nextCursor: page.nextCursor };
  }

  async get(principal: Principal, id: string): Promise<MeetingResponseDto> {
    const meeting = await this.findVisible(principal, id);
    return (await this.present([meeting]))[0]!;
  }

  async create(principal: Principal, committeeId: string, dto: CreateMeetingDto): Promise<MeetingResponseDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      // One read of the committee: its access check and its status, under a share lock.
      const committee = await this.access.requireCommittee(principal, committeeId, 'committee.file', {
        db: manager,
        lock: 'share',
      });
      assertAcceptsWork(committee);
      if (dto.timeZone) dto.timeZone = await canonicalTimeZone(manager, dto.timeZone);
      const repo = manager.getRepository(Meeting);
      const meeting = repo.create({
        committeeId,
        startsAt: new Date(dto.startsAt),
        timeZone: dto.timeZone ?? committee.timeZone,
        place: dto.place,
        agenda: dto.agenda ?? '',
        minutes: dto.minutes ?? '',
      });
      const attendees = await this.attendees(manager, committeeId, dto.attendeeIds ?? []);
      const { id } = await repo.save(meeting);
      await replaceRelationSet(
        manager,
        MEETING_ATTENDEES,
        id,
        attendees.map((p) => p.id),
      );
      return id;
    });
    return this.get(principal, id);
  }

  async update(
    principal: Principal,
    id: string,
    dto: UpdateMeetingDto,
    ifMatch: IfMatchCondition,
  ): Promise<MeetingResponseDto> {
    const meeting = await this.findVisible(principal, id);
    await this.access.require(principal, 'committee.file', { committeeId: meeting.committeeId }, 'The meeting');
    await this.dataSource.transaction((manager) =>
      updateVersioned(
        manager,
        Meeting,
        id,
        'The meeting',
        { condition: ifMatch, current: (db) => this.represent(db, id) },
        async (m) => {
          if (dto.timeZone) dto.timeZone = await canonicalTimeZone(manager, dto.timeZone);
          const { attendeeIds, startsAt, ...fields } = dto;
          Object.assign(m, fields);
          if (startsAt) m.startsAt = new Date(startsAt);
          if (attendeeIds) {
            const people = await this.attendees(manager, m.committeeId, attendeeIds);
            if (
              await replaceRelationSet(
                manager,
                MEETING_ATTENDEES,
                m.id,
                people.map((p) => p.id),
              )
            )
              m.updatedAt = new Date();
          }
        },
      ),
    );
    return this.get(principal, id);
  }

  /** One decision of a meeting, as the meeting shows it. @throws 404 NOT_FOUND (no such meeting or decision, or not visible). */
  async getDecision(principal: Principal, meetingId: string, decisionId: string): Promise<DecisionResponseDto> {
    const meeting = await this.findVisible(principal, meetingId);
    const decision = (await this.present([meeting]))[0]!.decisions.find((d) => d.id === decisionId);
    if (!decision) throw AppException.notFound('The decision');
    return decision;
  }

  /**
   * Decisions are numbered 1, 2, 3… per meeting, under a lock on the meeting; `If-Match`, when
   * sent, is checked against the meeting's ETag under that lock (412 VERSION_MISMATCH).
   */
  async addDecision(
    principal: Principal,
    meetingId: string,
    dto: CreateDecisionDto,
    ifMatch?: IfMatchCondition,
  ): Promise<DecisionResponseDto> {
    const meeting = await this.findVisible(principal, meetingId);
    await this.access.require(principal, 'committee.file', { committeeId: meeting.committeeId }, 'The meeting');
    const decision = await this.dataSource.transaction(async (manager) => {
      await lockCommitteeForWork(manager, meeting.committeeId);
      await manager.getRepository(Meeting).findOne({ where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
      await assertIfMatch(ifMatch, () => this.represent(manager, meetingId), 'The meeting');
      const [{ next }] = (await manager.query(
        `SELECT coalesce(max(number), 0) + 1 AS next FROM decisions WHERE meeting_id = $1`,
        [meetingId],
      )) as { next: number }[];
      const repo = manager.getRepository(Decision);
      return repo.save(repo.create({ meetingId, number: next, text: dto.text }));
    });
    return DecisionResponseDto.from(decision, { commitmentIds: [], assignmentIds: [] });
  }

  /** The meeting as GET shows it, read in `manager`'s transaction (no access check). */
  private async represent(manager: EntityManager, id: string): Promise<MeetingResponseDto> {
    const meeting = await manager.getRepository(Meeting).findOneByOrFail({ id });
    return (await this.present([meeting], manager))[0]!;
  }

  private async findVisible(principal: Principal, id: string): Promise<Meeting> {
    const meeting = await this.dataSource.getRepository(Meeting).findOneBy({ id });
    if (!meeting) throw AppException.notFound('The meeting');
    await this.access.require(principal, 'committee.read', { committeeId: meeting.committeeId }, 'The meeting');
    return meeting;
  }

  /** Attendees are people who hold or held a seat on the committee. */
  private async attendees(manager: EntityManager, committeeId: string, ids: string[]): Promise<Person[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const people = await manager
      .getRepository(Person)
      .createQueryBuilder('p')
      .where({ id: In(unique) })
      .andWhere('EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id AND m.committee_id = :committeeId)', {
        committeeId,
      })
      .getMany();
    if (people.length !== unique.length)
      throw AppException.validation([
        { field: 'attendeeIds', message: 'must all be people who sit or sat on the committee' },
      ]);
    return people;
  }

  /** Meetings with attendees, decisions and what cites each decision: a fixed number of queries per page. */
  private async present(meetings: Meeting[], db: SqlRunner = this.dataSource): Promise<MeetingResponseDto[]> {
    const ids = meetings.map((m) => m.id);
    if (ids.length === 0) return [];
    const [attendees, decisions] = (await Promise.all([
      db.query(
        `SELECT ma.meeting_id, p.id, p.name_en AS "nameEn", p.name_ar AS "nameAr", p.party_id AS "partyId"
           FROM meeting_attendees ma JOIN people p ON p.id = ma.person_id WHERE ma.meeting_id = ANY($1::uuid[]) ORDER BY p.name_en`,
        [ids],
      ),
      db.query(
        `SELECT d.id, d.meeting_id AS "meetingId", d.number, d.text, d.created_at AS "createdAt",
                coalesce((SELECT array_agg(c.id ORDER BY c.created_at) FROM commitments c WHERE c.source_decision_id = d.id), '{}') AS "commitmentIds",
                coalesce((SELECT array_agg(a.id ORDER BY a.created_at) FROM assignments a WHERE a.source_decision_id = d.id), '{}') AS "assignmentIds"
           FROM decisions d WHERE d.meeting_id = ANY($1::uuid[]) ORDER BY d.number`,
        [ids],
      ),
    ])) as [
      { meeting_id: string; id: string; nameEn: string; nameAr: string; partyId: string }[],
      (Omit<DecisionResponseDto, 'citedBy'> & { commitmentIds: string[]; assignmentIds: string[] })[],
    ];
    return meetings.map((m) =>
      MeetingResponseDto.from(m, {
        attendees: attendees.filter((a) => a.meeting_id === m.id).map(({ meeting_id: _m, ...a }) => a),
        decisions: decisions
          .filter((d) => d.meetingId === m.id)
          .map(({ commitmentIds, assignmentIds, ...d }) =>
            DecisionResponseDto.from(d, { commitmentIds, assignmentIds }),
          ),
      }),
    );
  }
}
