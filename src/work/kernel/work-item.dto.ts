import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { FreeText, given, int32, toBoolean, StoredText } from '../../platform/index.js';
import { ListQueryDto } from '../../platform/index.js';
import { IsCalendarDate } from '../../platform/index.js';
import { RISKS, type Risk } from './work-item.queries.js';

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

  @ApiPropertyOptional({
    enum: RISKS,
    description:
      "Deadline risk, in the committee's time zone: `overdue` (as `overdue=true`), `at_risk` (open, due today or within RISK_WINDOW_DAYS days, 7 by default), `on_track` (open, due later or without a due date). Closed items have no risk and never match.",
  })
  @IsOptional()
  @IsIn(RISKS)
  risk?: Risk;

  @ApiPropertyOptional({ format: 'date', description: 'Due strictly before this date.' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;
}

/** The deadline fields of an assignment or a commitment as served (derived, never stored). */
export const DUE_IN_DAYS_DOC = {
  ...int32(-400_000, 400_000),
  nullable: true,
  description:
    "Days from today (in the committee's time zone) to the due date: 0 due today, negative when overdue; null without a due date or once closed. Changes every day, and the ETag with it.",
} as const;
export const RISK_DOC = {
  enum: RISKS,
  nullable: true,
  description:
    "Deadline risk in the committee's time zone: `overdue` (due before today), `at_risk` (due today or within RISK_WINDOW_DAYS days, 7 by default), `on_track` (due later, or no due date); null once closed.",
} as const;
