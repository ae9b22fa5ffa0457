import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { CodeText, NameText, PageOf, shapeAs } from '../../../platform/index.js';
import { ListReferenceDataQueryDto } from '../../reference-data/reference-data.dto.js';
import type { Agency } from '../entities/agency.entity.js';
import { AGENCY_CODE, LONG_NAME_MAX } from '../../text-bounds.js';
import { VERSION, text } from '../../../platform/index.js';

export class CreateAgencyDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  partyId!: string;

  @ApiProperty({ example: 'ISF', description: 'Unique within the party.', ...text(AGENCY_CODE.max, AGENCY_CODE.min) })
  @CodeText()
  @Matches(AGENCY_CODE.pattern, { message: 'code must be 2–20 capital letters, digits, _ or -' })
  code!: string;

  @ApiProperty({ example: 'Internal Security Forces' })
  @NameText()
  @IsString()
  @Length(1, LONG_NAME_MAX)
  nameEn!: string;

  @ApiProperty({ example: 'قوى الأمن الداخلي' })
  @NameText()
  @IsString()
  @Length(1, LONG_NAME_MAX)
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
  @ApiProperty(text(AGENCY_CODE.max, AGENCY_CODE.min)) code!: string;
  @ApiProperty(text(LONG_NAME_MAX)) nameEn!: string;
  @ApiProperty(text(LONG_NAME_MAX)) nameAr!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty(VERSION) version!: number;

  static from(agency: Agency): AgencyResponseDto {
    return shapeAs(AgencyResponseDto, agency);
  }
}

export class AgencyPageDto extends PageOf(AgencyResponseDto) {}
