import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { IfMatchCondition } from '../../platform/index.js';
import { ACTIVE_MEMBERSHIP_SQL } from '../../identity/index.js';
import { User } from '../../identity/index.js';
import { UsersService } from '../../identity/index.js';
import { MeResponseDto, type MeMembershipDto, type UpdateMeDto } from './me.dto.js';

@Injectable()
export class MeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  /** `GET /me`, read in `db` (the update's transaction, for its If-Match). */
  async get(userId: string, db: EntityManager = this.dataSource.manager): Promise<MeResponseDto> {
    const user = await db.getRepository(User).findOneOrFail({ where: { id: userId }, relations: { person: true } });
    return MeResponseDto.from({ ...user, memberships: await this.memberships(user.personId, db) });
  }

  async update(userId: string, dto: UpdateMeDto, ifMatch: IfMatchCondition | undefined): Promise<MeResponseDto> {
    await this.users.update(
      userId,
      { displayName: dto.displayName },
      { condition: ifMatch, current: (db) => this.get(userId, db) },
    );
    return this.get(userId);
  }

  private async memberships(personId: string | null, db: EntityManager): Promise<MeMembershipDto[]> {
    if (!personId) return [];
    return (await db.query(
      `SELECT m.id, m.committee_id AS "committeeId", c.code AS "committeeCode", m.role FROM memberships m
         JOIN committees c ON c.id = m.committee_id WHERE m.person_id = $1 AND ${ACTIVE_MEMBERSHIP_SQL} ORDER BY c.code, m.role`,
      [personId],
    )) as MeMembershipDto[];
  }
}
