import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length } from 'class-validator';
import { UserResponseDto, type User } from '../../identity/index.js';
import { shapeAs } from '../../platform/index.js';

export class MePersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() nameAr!: string;
}

export class MeMembershipDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) committeeId!: string;
  @ApiProperty() committeeCode!: string;
  @ApiProperty() role!: string;
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
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  displayName?: string;
}
