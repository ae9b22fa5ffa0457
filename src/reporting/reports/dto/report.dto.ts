import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsDateOrDateTime, RangeEnd, int32, int64, text } from '../../../platform/index.js';
import { PARTY_CODE } from '../../../registry/index.js';
import { ASSIGNMENT_STATUSES, COMMITMENT_STATUSES } from '../../../work/index.js';

/**
 * Rates are fractions from 0 to 1 (0.75 is three out of four), rounded to 4 decimal places;
 * null when nothing is counted below the line (no fulfilled commitment with a due date, say).
 */
const RATE = { type: 'number', minimum: 0, maximum: 1, nullable: true } as const;
const COUNT = int64();
/** A number of days (a median may end in .5). */
const days = (description: string) =>
  ({ type: 'number', nullable: true, minimum: -400_000, maximum: 400_000, description }) as const;

export class SummaryQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Only this committee (404 `NOT_FOUND` when you may not see it). Without it: every committee you may see (a secretary's or liaison officer's own committees; every committee for admins and analysts; an API client's scope).",
  })
  @IsOptional()
  @IsUUID()
  committeeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only work items of this issue area.' })
  @IsOptional()
  @IsUUID()
  issueAreaId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Only this party's: the commitments it made and the assignments it raised.",
  })
  @IsOptional()
  @IsUUID()
  partyId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Only work items created at or after this instant (a date: its start, UTC). The figures then describe the items created in the period, whenever they were fulfilled.',
  })
  @IsOptional()
  @IsDateOrDateTime()
  @RangeEnd('to', 'start')
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only work items created before this instant (a date: its start, UTC).',
  })
  @IsOptional()
  @IsDateOrDateTime()
  @RangeEnd('from', 'end')
  to?: string;
}

export class ReciprocityQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The committee (`id` in GET /api/v1/committees).' })
  @IsUUID()
  committeeId!: string;
}

export class SummaryScopeDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    nullable: true,
    maxItems: 100_000,
    description: 'The committees counted; null: every committee (admins, analysts, API clients of every committee).',
  })
  committeeIds!: string[] | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) issueAreaId!: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) partyId!: string | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'The instant `from` stands for (a date: its start, UTC).',
  })
  from!: string | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'The instant `to` stands for (a date: its start, UTC).',
  })
  to!: string | null;
}

/** One cell of the breakdown: the items of one status, party and issue area. */
export class CommitmentCellDto {
  @ApiProperty({ enum: COMMITMENT_STATUSES }) status!: string;
  @ApiProperty({ format: 'uuid', description: 'The owner party.' }) partyId!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) issueAreaId!: string | null;
  @ApiProperty(COUNT) count!: number;
  @ApiProperty({ ...COUNT, description: "Of these, overdue (the lists' `overdue`)." }) overdue!: number;
}

export class AssignmentCellDto {
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The raising party.' }) partyId!:
    string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) issueAreaId!: string | null;
  @ApiProperty(COUNT) count!: number;
  @ApiProperty({ ...COUNT, description: "Of these, overdue (the lists' `overdue`)." }) overdue!: number;
}

const byStatus = (statuses: readonly string[]) => ({
  type: 'object' as const,
  properties: Object.fromEntries(statuses.map((s) => [s, COUNT])),
  required: [...statuses],
  additionalProperties: false,
  description: 'Counts by status (every status, 0 included).',
});

export class CommitmentFiguresDto {
  @ApiProperty(COUNT) total!: number;
  @ApiProperty({ ...COUNT, description: "Due before today in the committee's time zone and not closed." })
  overdue!: number;
  @ApiProperty(byStatus(COMMITMENT_STATUSES)) byStatus!: Record<string, number>;
  @ApiProperty({
    type: [CommitmentCellDto],
    maxItems: 100_000,
    description: 'By status × owner party × issue area: every combination with at least one commitment.',
  })
  cells!: CommitmentCellDto[];
}

export class AssignmentFiguresDto {
  @ApiProperty(COUNT) total!: number;
  @ApiProperty({ ...COUNT, description: "Due before today in the committee's time zone and not closed." })
  overdue!: number;
  @ApiProperty(byStatus(ASSIGNMENT_STATUSES)) byStatus!: Record<string, number>;
  @ApiProperty({
    type: [AssignmentCellDto],
    maxItems: 100_000,
    description: 'By status × raising party × issue area: every combination with at least one assignment.',
  })
  cells!: AssignmentCellDto[];
}

/** A party's commitments. */
export class PartyFiguresDto {
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty(text(PARTY_CODE.max, PARTY_CODE.min)) partyCode!: string;
  @ApiProperty({ ...COUNT, description: 'Commitments the party made (every status).' }) commitments!: number;
  @ApiProperty(COUNT) fulfilled!: number;
  @ApiProperty(COUNT) withdrawn!: number;
  @ApiProperty(COUNT) overdue!: number;
  @ApiProperty({ ...RATE, description: 'fulfilled / commitments (withdrawn ones count as not kept); null when 0.' })
  fulfilmentRate!: number | null;
  @ApiProperty({ ...COUNT, description: 'Fulfilled commitments that had a due date.' }) fulfilledWithDueDate!: number;
  @ApiProperty({
    ...COUNT,
    description: "Of these, confirmed on or before the due date (dates in the committee's time zone).",
  })
  fulfilledOnTime!: number;
  @ApiProperty({ ...RATE, description: 'fulfilledOnTime / fulfilledWithDueDate; null when 0.' })
  onTimeRate!: number | null;
  @ApiProperty(
    days(
      "Median of the calendar days (committee's time zone) from a commitment's creation to its confirmed fulfilment; null when none is fulfilled.",
    ),
  )
  medianDaysToFulfil!: number | null;
}

export class MonthDto {
  @ApiProperty({
    type: 'string',
    pattern: '^\\d{4}-\\d{2}$',
    minLength: 7,
    maxLength: 7,
    example: '2026-03',
    description: "In the committee's time zone.",
  })
  month!: string;
  @ApiProperty(COUNT) commitmentsCreated!: number;
  @ApiProperty({ ...COUNT, description: 'Commitments whose fulfilment was confirmed that month.' })
  commitmentsFulfilled!: number;
  @ApiProperty(COUNT) assignmentsCreated!: number;
  @ApiProperty({ ...COUNT, description: 'Assignments done that month (and still done).' }) assignmentsDone!: number;
}

export class SummaryReportDto {
  @ApiProperty({ type: SummaryScopeDto }) scope!: SummaryScopeDto;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'When the figures were read.' })
  generatedAt!: string;
  @ApiProperty({ type: CommitmentFiguresDto }) commitments!: CommitmentFiguresDto;
  @ApiProperty({ type: AssignmentFiguresDto }) assignments!: AssignmentFiguresDto;
  @ApiProperty({
    type: [PartyFiguresDto],
    maxItems: 10_000,
    description: 'Each party of the committees counted (and any other that owns a commitment counted), by code.',
  })
  parties!: PartyFiguresDto[];
  @ApiProperty(days('Median days from creation to confirmed fulfilment over every party; null when none.'))
  medianDaysToFulfil!: number | null;
  @ApiProperty({
    type: [MonthDto],
    maxItems: 12_000,
    description:
      'Every month from the first to the last in which a counted item was created, fulfilled or done, without gaps (0 where nothing happened).',
  })
  monthly!: MonthDto[];
}

export class OldestClaimDto {
  @ApiProperty({ format: 'uuid' }) commitmentId!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) claimedAt!: string;
  @ApiProperty({
    ...int32(0, 400_000),
    description: "Calendar days since the claim (committee's time zone): how long the other side has left it waiting.",
  })
  ageDays!: number;
}

/** One side of the committee. */
export class ReciprocitySideDto {
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty(text(PARTY_CODE.max, PARTY_CODE.min)) partyCode!: string;
  @ApiProperty({ ...COUNT, description: 'Commitments the party made (every status).' }) pledged!: number;
  @ApiProperty(COUNT) pending!: number;
  @ApiProperty(COUNT) inProgress!: number;
  @ApiProperty({ ...COUNT, description: "Fulfilment claimed, awaiting the other side's confirmation." })
  claimed!: number;
  @ApiProperty(COUNT) fulfilled!: number;
  @ApiProperty(COUNT) withdrawn!: number;
  @ApiProperty(COUNT) overdue!: number;
  @ApiProperty({ ...COUNT, description: "Other parties' claims this side is to confirm or reject." })
  toConfirm!: number;
  @ApiProperty(COUNT) fulfilledWithDueDate!: number;
  @ApiProperty(COUNT) fulfilledOnTime!: number;
  @ApiProperty({ ...RATE, description: 'fulfilledOnTime / fulfilledWithDueDate; null when 0.' })
  onTimeRate!: number | null;
  @ApiProperty({
    type: OldestClaimDto,
    nullable: true,
    description: "This side's oldest claim still awaiting the other side; null when none waits.",
  })
  oldestUnconfirmedClaim!: OldestClaimDto | null;
}

export class ReciprocityReportDto {
  @ApiProperty({ format: 'uuid' }) committeeId!: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'When the figures were read.' })
  generatedAt!: string;
  @ApiProperty({
    type: [ReciprocitySideDto],
    maxItems: 10_000,
    description: "The committee's parties side by side (and any other that owns one of its commitments), by code.",
  })
  parties!: ReciprocitySideDto[];
}
