import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, type Principal } from '../../identity/index.js';
import { SqlParams } from '../../platform/index.js';
import { ASSIGNMENT_STATUSES, COMMITMENT_STATUSES } from '../../work/index.js';
import type {
  AssignmentCellDto,
  CommitmentCellDto,
  MonthDto,
  PartyFiguresDto,
  ReciprocityQueryDto,
  ReciprocityReportDto,
  SummaryQueryDto,
  SummaryReportDto,
} from './dto/report.dto.js';
import { reciprocitySql, summarySql, type ReportScope } from './report.sql.js';

/**
 * A rate as the reports give it: a fraction from 0 to 1, rounded to 4 decimal places; null
 * when the denominator is 0 (nothing to rate, which is not a rate of 0).
 */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
}

/** A validated period bound as the instant it stands for (a date: its start, UTC), in ISO form. */
const instant = (bound: string | undefined): string | undefined =>
  bound === undefined ? undefined : new Date(bound).toISOString();

/** A median as PostgreSQL's numeric text or number (`2.5000…`), or null. */
const median = (value: string | number | null): number | null => (value === null ? null : Number(value));

interface BreakdownRow {
  kind: 'commitments' | 'assignments';
  status: string | null;
  party_id: string | null;
  issue_area_id: string | null;
  /** GROUPING(status, party_id, issue_area_id): 0 a cell, 3 a status's total, 7 the kind's total. */
  set: number;
  count: number;
  overdue: number;
}
interface PartyRow {
  partyId: string;
  partyCode: string;
  total: number;
  overdue: number;
  fulfilled: number;
  withdrawn: number;
  withDue: number;
  onTime: number;
  median: string | number | null;
}

/**
 * The reports: figures over the committees a caller may see, read set-based from the tallies
 * the database keeps (report.sql.ts), never by walking items. Scope: with `committeeId` the
 * permission table's `committee.read` (404 out of sight, as the committee's lists); without,
 * `AccessService.scope`, the committees the lists would show the caller. One statement per
 * report, after the caller's (and, for callers with no seat there, the committee's) read.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /** `GET /reports/summary`. 404 `NOT_FOUND` for a `committeeId` out of sight. */
  async summary(principal: Principal, query: SummaryQueryDto): Promise<SummaryReportDto> {
    let committeeIds: string[] | null;
    if (query.committeeId) {
      await this.access.requireCommitteeReadable(principal, query.committeeId);
      committeeIds = [query.committeeId];
    } else {
      committeeIds = (await this.access.scope(principal)).committeeIds;
    }
    const [from, to] = [instant(query.from), instant(query.to)];
    const scope: ReportScope = {
      committeeIds,
      ...pick({ ...query, from, to }, ['issueAreaId', 'partyId', 'from', 'to']),
    };
    const params = new SqlParams();
    const [row] = (await this.dataSource.query(summarySql(scope, params), params.values)) as {
      breakdown: BreakdownRow[];
      parties: PartyRow[];
      overall_median: string | number | null;
      monthly: MonthDto[];
    }[];
    const { breakdown, parties, overall_median, monthly } = row!;
    return {
      scope: {
        committeeIds,
        issueAreaId: query.issueAreaId ?? null,
        partyId: query.partyId ?? null,
        from: from ?? null,
        to: to ?? null,
      },
      generatedAt: new Date().toISOString(),
      commitments: figures(breakdown, 'commitments', COMMITMENT_STATUSES) as SummaryReportDto['commitments'],
      assignments: figures(breakdown, 'assignments', ASSIGNMENT_STATUSES) as SummaryReportDto['assignments'],
      parties: parties.map((p): PartyFiguresDto => ({
        partyId: p.partyId,
        partyCode: p.partyCode,
        commitments: p.total,
        fulfilled: p.fulfilled,
        withdrawn: p.withdrawn,
        overdue: p.overdue,
        fulfilmentRate: rate(p.fulfilled, p.total),
        fulfilledWithDueDate: p.withDue,
        fulfilledOnTime: p.onTime,
        onTimeRate: rate(p.onTime, p.withDue),
        medianDaysToFulfil: median(p.median),
      })),
      medianDaysToFulfil: median(overall_median),
      monthly,
    };
  }

  /** `GET /reports/reciprocity?committeeId=`. 404 `NOT_FOUND` for a committee out of sight. */
  async reciprocity(principal: Principal, query: ReciprocityQueryDto): Promise<ReciprocityReportDto> {
    await this.access.requireCommitteeReadable(principal, query.committeeId);
    const params = new SqlParams();
    const rows = (await this.dataSource.query(reciprocitySql(query.committeeId, params), params.values)) as {
      partyId: string;
      partyCode: string;
      pledged: string;
      pending: string;
      inProgress: string;
      claimed: string;
      fulfilled: string;
      withdrawn: string;
      overdue: string;
      toConfirm: string;
      withDue: string;
      onTime: string;
      claimId: string | null;
      claimedAt: Date | null;
      claimAgeDays: number | null;
    }[];
    return {
      committeeId: query.committeeId,
      generatedAt: new Date().toISOString(),
      parties: rows.map((r) => ({
        partyId: r.partyId,
        partyCode: r.partyCode,
        pledged: Number(r.pledged),
        pending: Number(r.pending),
        inProgress: Number(r.inProgress),
        claimed: Number(r.claimed),
        fulfilled: Number(r.fulfilled),
        withdrawn: Number(r.withdrawn),
        overdue: Number(r.overdue),
        toConfirm: Number(r.toConfirm),
        fulfilledWithDueDate: Number(r.withDue),
        fulfilledOnTime: Number(r.onTime),
        onTimeRate: rate(Number(r.onTime), Number(r.withDue)),
        oldestUnconfirmedClaim:
          r.claimId === null
            ? null
            : { commitmentId: r.claimId, claimedAt: r.claimedAt!.toISOString(), ageDays: r.claimAgeDays! },
      })),
    };
  }
}

/** A kind's totals, counts by status (every status) and cells, from the breakdown's grouping sets. */
function figures(rows: BreakdownRow[], kind: BreakdownRow['kind'], statuses: readonly string[]) {
  const mine = rows.filter((r) => r.kind === kind);
  const total = mine.find((r) => r.set === 7);
  const byStatus = Object.fromEntries(statuses.map((s) => [s, 0]));
  for (const r of mine) if (r.set === 3) byStatus[r.status!] = r.count;
  const cells: (CommitmentCellDto | AssignmentCellDto)[] = mine
    .filter((r) => r.set === 0)
    .map((r) => ({
      status: r.status!,
      partyId: r.party_id!,
      issueAreaId: r.issue_area_id,
      count: r.count,
      overdue: r.overdue,
    }))
    .sort(
      (a, b) =>
        statuses.indexOf(a.status) - statuses.indexOf(b.status) ||
        (a.partyId ?? '').localeCompare(b.partyId ?? '') ||
        (a.issueAreaId ?? '').localeCompare(b.issueAreaId ?? ''),
    );
  return { total: total?.count ?? 0, overdue: total?.overdue ?? 0, byStatus, cells };
}

function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) out[key] = object[key];
  return out;
}
