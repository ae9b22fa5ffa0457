import { CodeText, IsCalendarDate, NameText, StoredText } from '../../../platform/index.js';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { given, PageOf, RegistryListQueryDto, shapeAs, SortQuery } from '../../../platform/index.js';
import { CODED_RECORD_SORT } from '../../reference-data/reference-data.dto.js';
import { IsTimeZone } from '../../../platform/index.js';
import { COMMITTEE_STATUSES, type Committee, type CommitteeStatus } from '../entities/committee.entity.js';
import {
  COMMITTEE_CODE,
  ISSUE_AREA_CODE,
  LONG_NAME_MAX,
  MANDATE_MAX,
  PARTY_CODE,
  SHORT_NAME_MAX,
} from '../../text-bounds.js';
import { TIME_ZONE_MAX_LENGTH, VERSION, text } from '../../../platform/index.js';

/** A committee joins at most this many parties, and covers at most this many issue areas. */
export const COMMITTEE_PARTIES_MAX = 20;
export const COMMITTEE_ISSUE_AREAS_MAX = 50;

export class CreateCommitteeDto {
  @ApiProperty({ example: 'LB-SY-NARC', ...text(COMMITTEE_CODE.max, COMMITTEE_CODE.min) })
  @CodeText()
  @Matches(COMMITTEE_CODE.pattern, { message: 'code must be 2–30 capital letters, digits or -' })
  code!: string;

  @ApiProperty({ example: 'Joint Committee on Narcotics' })
  @NameText()
  @IsString()
  @Length(1, LONG_NAME_MAX)
  nameEn!: string;

  @ApiProperty({ example: 'اللجنة المشتركة لمكافحة المخدرات' })
  @NameText()
  @IsString()
  @Length(1, LONG_NAME_MAX)
  nameAr!: string;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @StoredText()
  @IsString()
  @MaxLength(MANDATE_MAX)
  mandate?: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 2, description: 'The parties it joins: two or more.' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(COMMITTEE_PARTIES_MAX)
  @IsUUID('all', { each: true })
  partyIds!: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(COMMITTEE_ISSUE_AREAS_MAX)
  @IsUUID('all', { each: true })
  issueAreaIds?: string[];

  @ApiPropertyOptional({ enum: ['proposed', 'active'], default: 'proposed' })
  @IsOptional()
  @IsIn(['proposed', 'active'])
  status?: 'proposed' | 'active';

  @ApiPropertyOptional({ type: 'string', format: 'date', nullable: true })
  @ValidateIf(given)
  @IsCalendarDate()
  establishedOn?: string | null;

  @ApiPropertyOptional({ default: 'Asia/Beirut', description: 'Zone in which due dates are read.' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class UpdateCommitteeDto extends PartialType(OmitType(CreateCommitteeDto, ['status'] as const)) {
  @ApiPropertyOptional({
    enum: COMMITTEE_STATUSES,
    description: 'proposed → active ⇄ suspended → dissolved; other moves are 409.',
  })
  @IsOptional()
  @IsIn(COMMITTEE_STATUSES)
  status?: CommitteeStatus;
}

export class ListCommitteesQueryDto extends RegistryListQueryDto {
  @ApiPropertyOptional({ enum: COMMITTEE_STATUSES })
  @IsOptional()
  @IsIn(COMMITTEE_STATUSES)
  status?: CommitteeStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  partyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  issueAreaId?: string;

  @SortQuery(CODED_RECORD_SORT)
  declare sort?: string;
}

/** A party or an issue area of a committee. */
export class RefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(text(Math.max(PARTY_CODE.max, ISSUE_AREA_CODE.max), 2)) code!: string;
  @ApiProperty(text(SHORT_NAME_MAX)) nameEn!: string;
  @ApiProperty(text(SHORT_NAME_MAX)) nameAr!: string;
}

export class CommitteeResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(text(COMMITTEE_CODE.max, COMMITTEE_CODE.min)) code!: string;
  @ApiProperty(text(LONG_NAME_MAX)) nameEn!: string;
  @ApiProperty(text(LONG_NAME_MAX)) nameAr!: string;
  @ApiProperty(text(MANDATE_MAX)) mandate!: string;
  @ApiProperty({ enum: COMMITTEE_STATUSES }) status!: CommitteeStatus;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) establishedOn!: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) dissolvedOn!: string | null;
  @ApiProperty(text(TIME_ZONE_MAX_LENGTH)) timeZone!: string;
  @ApiProperty({ type: [RefDto], maxItems: COMMITTEE_PARTIES_MAX }) parties!: RefDto[];
  @ApiProperty({ type: [RefDto], maxItems: COMMITTEE_ISSUE_AREAS_MAX }) issueAreas!: RefDto[];
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty(VERSION) version!: number;

  /** `refs`: the committee's parties and issue areas, ordered by code. */
  static from(committee: Committee, refs: { parties: RefDto[]; issueAreas: RefDto[] }): CommitteeResponseDto {
    return shapeAs(CommitteeResponseDto, { ...committee, ...refs });
  }
}

export class CommitteePageDto extends PageOf(CommitteeResponseDto) {}
