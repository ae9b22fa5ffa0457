import { ApiProperty } from '@nestjs/swagger';
import { int32, int64, shapeAs, text } from '../../../platform/index.js';
import { PARTY_CODE } from '../../../registry/index.js';
import { ASSIGNMENT_STATUSES, COMMITMENT_STATUSES } from '../../../work/index.js';
import type { ReciprocityReportDto, SummaryReportDto } from './report.dto.js';

/*
 * The rows of the reports' CSV answers (`@CsvExport(RowDto, { rows })`, platform/csv/): the
 * documented fields of each row DTO, in order, are the CSV's header and columns. One CSV per
 * report; the JSON keeps what does not fit a table of rows (totals, rates per party, months).
 */

const COUNT = int64();
const WORK_ITEM_STATUSES = [...new Set([...COMMITMENT_STATUSES, ...ASSIGNMENT_STATUSES])];

/**
 * One row of the summary's CSV: one cell of the breakdown (`commitments.cells` or
 * `assignments.cells` of the JSON), the commitments' cells first, each kind in the JSON's order
 * (status in workflow order, then party id, then issue area id).
 */
export class SummaryCsvRowDto {
  @ApiProperty({ enum: ['commitment', 'assignment'], description: 'Which breakdown the cell is of.' })
  kind!: 'commitment' | 'assignment';
  @ApiProperty({ enum: WORK_ITEM_STATUSES, description: 'A status of that kind (its workflow).' })
  status!: string;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'A commitment: the owner party. An assignment: the raising party (empty: none).',
  })
  partyId!: string | null;
  @ApiProperty({
    ...text(PARTY_CODE.max, PARTY_CODE.min),
    nullable: true,
    description: "The party's code, from the report's `parties` (empty when the cell has no party).",
  })
  partyCode!: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'Empty: no issue area.' })
  issueAreaId!: string | null;
  @ApiProperty({ ...COUNT, description: 'Items of this kind, status, party and issue area.' })
  count!: number;
  @ApiProperty({ ...COUNT, description: "Of these, overdue (the lists' `overdue`)." })
  overdue!: number;
}

/** The summary's CSV rows (see SummaryCsvRowDto): every cell of both kinds, with the party's code. */
export function summaryCsvRows(report: SummaryReportDto): SummaryCsvRowDto[] {
  const codes = new Map(report.parties.map((p) => [p.partyId, p.partyCode]));
  const kinds = [
    ['commitment', report.commitments.cells],
    ['assignment', report.assignments.cells],
  ] as const;
  return kinds.flatMap(([kind, cells]) =>
    cells.map((cell) =>
      shapeAs(SummaryCsvRowDto, {
        kind,
        status: cell.status,
        partyId: cell.partyId,
        partyCode: cell.partyId === null ? null : (codes.get(cell.partyId) ?? null),
        issueAreaId: cell.issueAreaId,
        count: cell.count,
        overdue: cell.overdue,
      }),
    ),
  );
}

/**
 * One row of the reciprocity CSV: one side of the committee (`parties` of the JSON, in its
 * order: by party code), its oldest unconfirmed claim flattened into the last three columns
 * (all three empty when none waits).
 */
export class ReciprocityCsvRowDto {
  @ApiProperty({ format: 'uuid', description: 'The committee (the same on every row).' }) committeeId!: string;
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
  @ApiProperty({
    type: 'number',
    minimum: 0,
    maximum: 1,
    nullable: true,
    description: 'fulfilledOnTime / fulfilledWithDueDate, 4 decimal places; empty when 0.',
  })
  onTimeRate!: number | null;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: "The commitment of this side's oldest claim still awaiting the other side.",
  })
  oldestClaimCommitmentId!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When that claim was made.' })
  oldestClaimAt!: string | null;
  @ApiProperty({
    ...int32(0, 400_000),
    nullable: true,
    description: "Calendar days since that claim (committee's time zone).",
  })
  oldestClaimAgeDays!: number | null;
}

/** The reciprocity CSV rows (see ReciprocityCsvRowDto): one per side. */
export function reciprocityCsvRows(report: ReciprocityReportDto): ReciprocityCsvRowDto[] {
  return report.parties.map(({ oldestUnconfirmedClaim: claim, ...side }) =>
    shapeAs(ReciprocityCsvRowDto, {
      ...side,
      committeeId: report.committeeId,
      oldestClaimCommitmentId: claim?.commitmentId ?? null,
      oldestClaimAt: claim?.claimedAt ?? null,
      oldestClaimAgeDays: claim?.ageDays ?? null,
    }),
  );
}
