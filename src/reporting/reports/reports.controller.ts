import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '../../identity/index.js';
import { CsvExport, Operation, documentedFields } from '../../platform/index.js';
import { ReciprocityQueryDto, ReciprocityReportDto, SummaryQueryDto, SummaryReportDto } from './dto/report.dto.js';
import { ReciprocityCsvRowDto, SummaryCsvRowDto, reciprocityCsvRows, summaryCsvRows } from './dto/report-rows.dto.js';
import { ReportsService } from './reports.service.js';

const RATES =
  'Rates are fractions from 0 to 1 (0.75: three out of four) rounded to 4 decimal places, and null when their denominator is 0. Dates, months and days are reckoned in each committee\'s time zone; "overdue" is the lists\' `overdue` (due before today there, not closed).';
/** What a report's CSV holds: its columns, from the row DTO (the header row names them). */
const csvColumns = (rows: string, dto: Parameters<typeof documentedFields>[0]) =>
  `CSV (\`?format=csv\` or \`Accept: text/csv\`; the same scope, filters and errors): ${rows}, columns ${documentedFields(
    dto,
  )
    .map((field) => `\`${field}\``)
    .join(', ')}.`;

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('summary')
  @Access({ apiClients: true })
  @Operation({
    id: 'getSummaryReport',
    summary: 'Summarise commitments and assignments',
    description: `Counts of commitments and assignments by status × party × issue area (with totals), overdue counts, each party's fulfilment and on-time rates and median days from creation to confirmed fulfilment, and a monthly series, for the committees you may see (the lists' scope: a secretary's or liaison officer's own committees, every committee for admins and analysts, an API client's committees), narrowed by \`committeeId\`, \`issueAreaId\`, \`partyId\` and a creation period \`from\`/\`to\` (the figures then describe the items created in the period). ${RATES} Errors: 400 \`VALIDATION_FAILED\` (a malformed filter; \`from\` after \`to\` names both), 404 \`NOT_FOUND\` (a \`committeeId\` you may not see). ${csvColumns("one row per cell of the breakdown, commitments first (`kind`), each with its party's code", SummaryCsvRowDto)}`,
  })
  @ApiOkResponse({ type: SummaryReportDto, description: 'The summary.' })
  @CsvExport(SummaryCsvRowDto, { filename: 'report-summary', rows: summaryCsvRows })
  summary(@CurrentPrincipal() principal: Principal, @Query() query: SummaryQueryDto): Promise<SummaryReportDto> {
    return this.reports.summary(principal, query);
  }

  @Get('reciprocity')
  @Access({ apiClients: true })
  @Operation({
    id: 'getReciprocityReport',
    summary: "Compare a committee's parties side by side",
    description: `The balance of a joint committee: for each of its parties, the commitments it pledged, pending, in progress, claimed and awaiting the other side, fulfilled, withdrawn and overdue, the other sides' claims it is to confirm, its on-time rate, and its oldest claim still awaiting the other side (how many days it has waited). ${RATES} Whoever may see the committee. Errors: 400 \`VALIDATION_FAILED\` (\`committeeId\` missing or malformed), 404 \`NOT_FOUND\` (a committee you may not see). ${csvColumns('one row per side, its oldest unconfirmed claim in the last three columns (empty when none waits)', ReciprocityCsvRowDto)}`,
  })
  @ApiOkResponse({ type: ReciprocityReportDto, description: 'The parties side by side.' })
  @CsvExport(ReciprocityCsvRowDto, { filename: 'report-reciprocity', rows: reciprocityCsvRows })
  reciprocity(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ReciprocityQueryDto,
  ): Promise<ReciprocityReportDto> {
    return this.reports.reciprocity(principal, query);
  }
}
