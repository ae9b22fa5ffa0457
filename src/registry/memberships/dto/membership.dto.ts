import { IsCalendarDate } from '../../../platform/index.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { given, toBoolean } from '../../../platform/index.js';
import { ListQueryDto, PageOf, shapeAs, SortQuery, sortable } from '../../../platform/index.js';
import { MEMBERSHIP_ROLES, type Membership, type MembershipRole } from '../entities/membership.entity.js';
import { PERSON_NAME_MAX, RANK_TITLE_MAX } from '../../text-bounds.js';
import { VERSION, text } from '../../../platform/index.js';

export class CreateMembershipDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: MEMBERSHIP_ROLES })
  @IsIn(MEMBERSHIP_ROLES)
  role!: MembershipRole;

  @ApiPropertyOptional({ format: 'date', description: "Default: today in the committee's time zone." })
  @IsOptional()
  @IsCalendarDate()
  startOn?: string;

  @ApiPropertyOptional({ type: 'string', format: 'date', nullable: true })
  @ValidateIf(given)
  @IsCalendarDate()
  endOn?: string | null;
}

export class UpdateMembershipDto {
  @ApiPropertyOptional({ enum: MEMBERSHIP_ROLES })
  @IsOptional()
  @IsIn(MEMBERSHIP_ROLES)
  role?: MembershipRole;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  startOn?: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date',
    nullable: true,
    description: 'First day the person no longer sits; null reopens it.',
  })
  @ValidateIf(given)
  @IsCalendarDate()
  endOn?: string | null;
}

export const MEMBERSHIP_SORT = sortable({
  startOn: { column: 'start_on', type: 'date' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
});

export class ListMembershipsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: MEMBERSHIP_ROLES })
  @IsOptional()
  @IsIn(MEMBERSHIP_ROLES)
  role?: MembershipRole;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  partyId?: string;

  @ApiPropertyOptional({ description: 'true: current members only; false: past ones only.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;

  @SortQuery(MEMBERSHIP_SORT)
  declare sort?: string;
}

export class MemberPersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(text(PERSON_NAME_MAX)) nameEn!: string;
  @ApiProperty(text(PERSON_NAME_MAX)) nameAr!: string;
  @ApiProperty({ ...text(RANK_TITLE_MAX), nullable: true }) rankTitle!: string | null;
}

export class MembershipResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) committeeId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty({ enum: MEMBERSHIP_ROLES }) role!: MembershipRole;
  @ApiProperty({ format: 'date' }) startOn!: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) endOn!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: MemberPersonDto }) person!: MemberPersonDto;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty(VERSION) version!: number;

  /** A membership loaded with its person; `today`: the date in the committee's time zone. */
  static from(m: Membership, today: string): MembershipResponseDto {
    return shapeAs(MembershipResponseDto, {
      ...m,
      active: m.startOn <= today && (m.endOn === null || m.endOn > today),
      person: shapeAs(MemberPersonDto, m.person!),
    });
  }
}

export class MembershipPageDto extends PageOf(MembershipResponseDto) {}
