import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageOf, shapeAs, trim } from '../../../platform/index.js';
import { ListReferenceDataQueryDto } from '../../reference-data/reference-data.dto.js';
import type { Agency } from '../entities/agency.entity.js';

export class CreateAgencyDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  partyId!: string;

  @ApiProperty({ example: 'ISF', description: 'Unique within the party.' })
  @Transform(trim)
  @Matches(/^[A-Z][A-Z0-9_-]{1,19}$/, { message: 'code must be 2–20 capital letters, digits, _ or -' })
  code!: string;

  @ApiProperty({ example: 'Internal Security Forces' })
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  nameEn!: string;

  @ApiProperty({ example: 'قوى الأمن الداخلي' })
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  nameAr!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** The party of an agency does not change: create another agency instead. */
export class UpdateAgencyDto extends PartialType(OmitType(CreateAgencyDto, ['partyId'] as const)) {}

export class ListAgenciesQueryDto extends ListReferenceDataQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  partyId?: string;
}

export class AgencyResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() nameAr!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty() version!: number;

  static from(agency: Agency): AgencyResponseDto {
    return shapeAs(AgencyResponseDto, agency);
  }
}

export class AgencyPageDto extends PageOf(AgencyResponseDto) {}
