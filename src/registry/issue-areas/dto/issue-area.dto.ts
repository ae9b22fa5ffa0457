import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageOf, CodeText, given, NameText, shapeAs, StoredText } from '../../../platform/index.js';
import { ListReferenceDataQueryDto } from '../../reference-data/reference-data.dto.js';
import type { IssueArea } from '../entities/issue-area.entity.js';
import { ISSUE_AREA_CODE, ISSUE_AREA_DESCRIPTION_MAX, SHORT_NAME_MAX } from '../../text-bounds.js';
import { VERSION, text } from '../../../platform/index.js';

export class CreateIssueAreaDto {
  @ApiProperty({ example: 'narcotics', ...text(ISSUE_AREA_CODE.max, ISSUE_AREA_CODE.min) })
  @CodeText()
  @Matches(ISSUE_AREA_CODE.pattern, { message: 'code must be 2–50 lower-case letters, digits or _' })
  code!: string;

  @ApiProperty({ example: 'Narcotics' })
  @NameText()
  @IsString()
  @Length(1, SHORT_NAME_MAX)
  nameEn!: string;

  @ApiProperty({ example: 'المخدرات' })
  @NameText()
  @IsString()
  @Length(1, SHORT_NAME_MAX)
  nameAr!: string;

  @ApiPropertyOptional({ type: 'string', nullable: true })
  @ValidateIf(given)
  @StoredText()
  @IsString()
  @MaxLength(ISSUE_AREA_DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateIssueAreaDto extends PartialType(CreateIssueAreaDto) {}

export class ListIssueAreasQueryDto extends ListReferenceDataQueryDto {}

export class IssueAreaResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(text(ISSUE_AREA_CODE.max, ISSUE_AREA_CODE.min)) code!: string;
  @ApiProperty(text(SHORT_NAME_MAX)) nameEn!: string;
  @ApiProperty(text(SHORT_NAME_MAX)) nameAr!: string;
  @ApiProperty({ ...text(ISSUE_AREA_DESCRIPTION_MAX), nullable: true }) description!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty(VERSION) version!: number;

  static from(area: IssueArea): IssueAreaResponseDto {
    return shapeAs(IssueAreaResponseDto, area);
  }
}

export class IssueAreaPageDto extends PageOf(IssueAreaResponseDto) {}
