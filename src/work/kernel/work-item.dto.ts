import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { FreeText, given, toBoolean, StoredText } from '../../platform/index.js';
import { ListQueryDto } from '../../platform/index.js';
import { IsCalendarDate } from '../../platform/index.js';

/** `title` and `description` of assignments and commitments. */
export const TITLE_MAX = 500;
export const DESCRIPTION_MAX = 20_000;

/** The fields assignments and commitments share when they are recorded. */
export abstract class WorkItemFieldsDto {
  @ApiProperty({ example: 'Map illegal crossings in the Hermel sector' })
  @FreeText()
  @IsString()
  @Length(1, TITLE_MAX)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @StoredText()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;

  @ApiPropertyOptional({ type: 'string', format: 'uuid', nullable: true })
  @ValidateIf(given)
  @IsUUID()
  issueAreaId?: string | null;

  @ApiPropertyOptional({ type: 'string', format: 'date', nullable: true })
  @ValidateIf(given)
  @IsCalendarDate()
  dueOn?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: "A decision of one of the committee's meetings.",
  })
  @ValidateIf(given)
  @IsUUID()
  sourceDecisionId?: string | null;
}

/** Filters every work-item list accepts (on top of each resource's own). */
export abstract class WorkItemListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: "Due before today (in the committee's time zone) and not closed." })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'date', description: 'Due strictly before this date.' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;
}
