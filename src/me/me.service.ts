import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserResponseDto } from '../users/dto/user.dto.js';
import { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { MeMembershipDto, MeResponseDto, UpdateMeDto } from './me.dto.js';

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
    return {
      ...UserResponseDto.from(user),
      person: user.person ? { id: user.person.id, nameEn: user.person.nameEn, nameAr: user.person.nameAr } : null,
      memberships: await this.memberships(user.personId),
    };
  }

  async update(userId: string, dto: UpdateMeDto, expectedVersion: number | undefined): Promise<MeResponseDto> {
    await this.users.update(userId, { displayName: dto.displayName }, expectedVersion);
    return this.get(userId);
  }

  /** Filled in by the committee registry. */
  protected async memberships(_personId: string | null): Promise<MeMembershipDto[]> {
    return [];
  }
}
