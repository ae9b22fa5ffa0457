import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { DISPLAY_NAME_MAX, MEMBERSHIP_ROLES, UserResponseDto, type User } from '../../identity/index.js';
import { NameText, shapeAs } from '../../platform/index.js';
import { COMMITTEE_CODE, PERSON_NAME_MAX } from '../../registry/index.js';
import { text } from '../../platform/index.js';

export class MePersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(text(PERSON_NAME_MAX)) nameEn!: string;
  @ApiProperty(text(PERSON_NAME_MAX)) nameAr!: string;
}

export class MeMembershipDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) committeeId!: string;
  @ApiProperty(text(COMMITTEE_CODE.max, COMMITTEE_CODE.min)) committeeCode!: string;
  @ApiProperty({ enum: MEMBERSHIP_ROLES }) role!: string;
}

export class MeResponseDto extends UserResponseDto {
  @ApiProperty({ type: MePersonDto, nullable: true }) person!: MePersonDto | null;
  @ApiProperty({ type: [MeMembershipDto], description: 'Active memberships of the linked person.' })
  memberships!: MeMembershipDto[];

  /** A user loaded with its person, and that person's active memberships. */
  static override from(user: User & { memberships: MeMembershipDto[] }): MeResponseDto {
    return shapeAs(MeResponseDto, { ...user, person: user.person ? shapeAs(MePersonDto, user.person) : null });
  }
}

/** What users may change about themselves: nothing that grants access. */
export class UpdateMeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @NameText()
  @IsString()
  @Length(1, DISPLAY_NAME_MAX)
  displayName?: string;
}
