import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService, ACTIVE_MEMBERSHIP_SQL, OPEN_MEMBERSHIP_SQL, type CommitteeInfo } from '../../identity/index.js';
import type { Principal } from '../../identity/index.js';
import { assertIfMatch, updateVersioned, type IfMatchCondition } from '../../platform/index.js';
import { paginate, type Page } from '../../platform/index.js';
import { AppException, ErrorCode } from '../../platform/index.js';
import { todayIn } from '../../platform/index.js';
import { Person } from '../people/entities/person.entity.js';
import {
  MEMBERSHIP_SORT,
  MembershipResponseDto,
  type CreateMembershipDto,
  type ListMembershipsQueryDto,
  type UpdateMembershipDto,
} from './dto/membership.dto.js';
import { Membership } from './entities/membership.entity.js';

@Injectable()
export class MembershipsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async list(
    principal: Principal,
    committeeId: string,
    query: ListMembershipsQueryDto,
  ): Promise<Page<MembershipResponseDto>> {
    const committee = await this.access.requireCommittee(principal, committeeId, 'committee.read');
    const qb = this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.person', 'person')
      .where('m.committee_id = :committeeId', { committeeId });
    if (query.role) qb.andWhere('m.role = :role', { role: query.role });
    if (query.partyId) qb.andWhere('m.party_id = :partyId', { partyId: query.partyId });
    if (query.active !== undefined) qb.andWhere(`${query.active ? '' : 'NOT '}(${ACTIVE_MEMBERSHIP_SQL})`);
    const page = await paginate(qb, query, { alias: 'm', sortable: MEMBERSHIP_SORT, defaultSort: 'startOn' });
    const today = todayIn(committee.timeZone);
    return { items: page.items.map((m) => MembershipResponseDto.from(m, today)), nextCursor: page.nextCursor };
  }

  async get(principal: Principal, committeeId: string, id: string): Promise<MembershipResponseDto> {
    const committee = await this.access.requireCommittee(principal, committeeId, 'committee.read');
    return MembershipResponseDto.from(
      await this.load(this.dataSource.manager, committeeId, id),
      todayIn(committee.timeZone),
    );
  }

  async create(principal: Principal, committeeId: string, dto: CreateMembershipDto): Promise<MembershipResponseDto> {
    let timeZone = '';
    const id = await this.dataSource.transaction(async (manager) => {
      const committee = await this.lockForSeats(manager, principal, committeeId);
      timeZone = committee.timeZone;
      if (committee.status === 'dissolved')
        throw new AppException(ErrorCode.CommitteeDissolved, 'The committee is dissolved: it accepts no new members.');
      const person = await manager.getRepository(Person).findOneBy({ id: dto.personId });
      if (!person) throw AppException.validation([{ field: 'personId', message: 'does not match a person' }]);
      await this.assertPartyOfCommittee(manager, committeeId, person.partyId);
      await this.assertMayManageSeat(manager, principal, committeeId, { partyId: person.partyId, personId: person.id });
      const membership = manager.getRepository(Membership).create({
        committeeId,
        personId: person.id,
        partyId: person.partyId,
        role: dto.role,
        startOn: dto.startOn ?? todayIn(committee.timeZone),
        endOn: dto.endOn ?? null,
      });
      await this.assertRules(manager, membership, todayIn(timeZone));
      return (await manager.getRepository(Membership).save(membership)).id;
    });
    return MembershipResponseDto.from(await this.load(this.dataSource.manager, committeeId, id), todayIn(timeZone));
  }

  async update(
    principal: Principal,
    committeeId: string,
    id: string,
    dto: UpdateMembershipDto,
    ifMatch: IfMatchCondition | undefined,
  ): Promise<MembershipResponseDto> {
    let timeZone = '';
    await this.dataSource.transaction(async (manager) => {
      ({ timeZone } = await this.lockForSeats(manager, principal, committeeId));
      await this.assertMayManageSeat(manager, principal, committeeId, await this.load(manager, committeeId, id));
      const current = async (db: EntityManager) =>
        MembershipResponseDto.from(await this.load(db, committeeId, id), todayIn(timeZone));
      await updateVersioned(
        manager,
        Membership,
        id,
        'The membership',
        { condition: ifMatch, current },
        async (membership) => {
          if (dto.role !== undefined) membership.role = dto.role;
          if (dto.startOn !== undefined) membership.startOn = dto.startOn;
          if (dto.endOn !== undefined) membership.endOn = dto.endOn;
          await this.assertRules(manager, membership, todayIn(timeZone));
        },
      );
    });
    return MembershipResponseDto.from(await this.load(this.dataSource.manager, committeeId, id), todayIn(timeZone));
  }

  /** The rules a new or changed seat must keep (the database backs the first and the last). */
  private async assertRules(manager: EntityManager, membership: Membership, today: string): Promise<void> {
    assertDates(membership);
    const open = membership.endOn === null || membership.endOn > today;
    if (!open) return;
    await this.assertNotSeatedTwice(manager, membership);
    if (membership.role === 'co_chair') await this.assertOneCoChair(manager, membership);
  }

  /**
   * Ends the membership today (the record stays as history). Idempotent. `If-Match`, when sent,
   * is checked against the seat as GET shows it, under the committee's seat lock (412).
   */
  async end(principal: Principal, committeeId: string, id: string, ifMatch?: IfMatchCondition): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const committee = await this.lockForSeats(manager, principal, committeeId);
      const membership = await this.load(manager, committeeId, id);
      await this.assertMayManageSeat(manager, principal, committeeId, membership);
      const today = todayIn(committee.timeZone);
      await assertIfMatch(ifMatch, async () => MembershipResponseDto.from(membership, today), 'The membership');
      if (membership.endOn !== null && membership.endOn <= today) return;
      membership.endOn = membership.startOn > today ? membership.startOn : today;
      await manager.getRepository(Membership).save(membership);
    });
  }

  /**
   * Reads the committee once, checks the caller may manage some of its seats, and takes its
   * row lock: seat changes of one committee take turns, so the co-chair rule holds under
   * concurrency.
   */
  private lockForSeats(manager: EntityManager, principal: Principal, committeeId: string): Promise<CommitteeInfo> {
    return this.access.requireCommittee(principal, committeeId, 'seat.manage', { db: manager, lock: 'update' });
  }

  /**
   * Each side seats its own delegation: a secretary (or co-chair) manages the seats of their
   * own party on the committee, never their own seat; admins manage every seat. Otherwise
   * one side could remove or appoint the other side's signatories (permission `seat.manage`).
   */
  private assertMayManageSeat(
    manager: EntityManager,
    principal: Principal,
    committeeId: string,
    seat: Pick<Membership, 'partyId' | 'personId'>,
  ): Promise<void> {
    const target = { committeeId, partyId: seat.partyId, personId: seat.personId };
    return this.access.require(principal, 'seat.manage', target, 'The committee', manager);
  }

  private async load(manager: EntityManager, committeeId: string, id: string): Promise<Membership> {
    const membership = await manager
      .getRepository(Membership)
      .findOne({ where: { id, committeeId }, relations: { person: true } });
    if (!membership) throw AppException.notFound('The membership');
    return membership;
  }

  private async assertPartyOfCommittee(manager: EntityManager, committeeId: string, partyId: string): Promise<void> {
    const rows = (await manager.query(`SELECT 1 FROM committee_parties WHERE committee_id = $1 AND party_id = $2`, [
      committeeId,
      partyId,
    ])) as unknown[];
    if (rows.length === 0) {
      throw new AppException(ErrorCode.PartyNotInCommittee, "The person's party is not a party of this committee.", {
        errors: [{ field: 'personId', message: 'belongs to a party that is not part of the committee' }],
      });
    }
  }

  private async assertNotSeatedTwice(manager: EntityManager, membership: Membership): Promise<void> {
    const rows = (await manager.query(
      `SELECT 1 FROM memberships m WHERE m.committee_id = $1 AND m.person_id = $2 AND m.role = $3 AND ${OPEN_MEMBERSHIP_SQL}
          AND m.id IS DISTINCT FROM $4::uuid`,
      [membership.committeeId, membership.personId, membership.role, membership.id ?? null],
    )) as unknown[];
    if (rows.length > 0)
      throw new AppException(ErrorCode.AlreadySeated, 'The person already holds this role on the committee.');
  }

  /** At most one active co-chair per party per committee. */
  private async assertOneCoChair(manager: EntityManager, membership: Membership): Promise<void> {
    const rows = (await manager.query(
      `SELECT 1 FROM memberships m WHERE m.committee_id = $1 AND m.party_id = $2 AND m.role = 'co_chair'
          AND ${OPEN_MEMBERSHIP_SQL} AND m.id IS DISTINCT FROM $3::uuid`,
      [membership.committeeId, membership.partyId, membership.id ?? null],
    )) as unknown[];
    if (rows.length > 0) {
      throw new AppException(
        ErrorCode.CochairSeatTaken,
        'This party already has an active co-chair on the committee; end that membership first.',
      );
    }
  }
}

function assertDates(m: Pick<Membership, 'startOn' | 'endOn'>): void {
  if (m.endOn !== null && m.endOn < m.startOn)
    throw AppException.validation([{ field: 'endOn', message: 'must not be before startOn' }]);
}
