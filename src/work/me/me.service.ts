import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

  async get(userId: string): Promise<MeResponseDto> {
    const user = await this.dataSource
      .getRepository(User)
      .findOneOrFail({ where: { id: userId }, relations: { person: true } });
    return MeResponseDto.from({ ...user, memberships: await this.memberships(user.personId) });
  }

  async update(userId: string, dto: UpdateMeDto, expectedVersion: number | undefined): Promise<MeResponseDto> {
    await this.users.update(userId, { displayName: dto.displayName }, expectedVersion);
    return this.get(userId);
  }

  private async memberships(personId: string | null): Promise<MeMembershipDto[]> {
    if (!personId) return [];
    return (await this.dataSource.query(
      `SELECT m.id, m.committee_id AS "committeeId", c.code AS "committeeCode", m.role FROM memberships m
         JOIN committees c ON c.id = m.committee_id WHERE m.person_id = $1 AND ${ACTIVE_MEMBERSHIP_SQL} ORDER BY c.code, m.role`,
      [personId],
    )) as MeMembershipDto[];
  }
}
