import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageOf, given, shapeAs, trim } from '../../../platform/index.js';
import { ListReferenceDataQueryDto } from '../../reference-data/reference-data.dto.js';
import type { IssueArea } from '../entities/issue-area.entity.js';

export class CreateIssueAreaDto {
  @ApiProperty({ example: 'narcotics' })
  @Transform(trim)
  @Matches(/^[a-z][a-z0-9_]{1,49}$/, { message: 'code must be 2–50 lower-case letters, digits or _' })
  code!: string;

  @ApiProperty({ example: 'Narcotics' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  nameEn!: string;

  @ApiProperty({ example: 'المخدرات' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  nameAr!: string;

  @ApiPropertyOptional({ type: 'string', nullable: true })
  @ValidateIf(given)
  @IsString()
  @MaxLength(4000)
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
  @ApiProperty() code!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() nameAr!: string;
  @ApiProperty({ type: 'string', nullable: true }) description!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty() version!: number;

  static from(area: IssueArea): IssueAreaResponseDto {
    return shapeAs(IssueAreaResponseDto, area);
  }
}

export class IssueAreaPageDto extends PageOf(IssueAreaResponseDto) {}
