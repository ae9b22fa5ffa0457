import type { SqlParams } from '../../platform/index.js';
import {
  ASSIGNMENT_CLOSED,
  ASSIGNMENT_STATUSES,
  COMMITMENT_CLOSED,
  COMMITMENT_STATUSES,
  TODAY_SQL,
  overdueConditions,
  type AssignmentStatus,
  type CommitmentStatus,
} from '../../work/index.js';

/** The states the reports single out, named against the workflow tables' types (a rename breaks the build). */
export const FULFILLED: CommitmentStatus = 'fulfilled';
export const CLAIMED: CommitmentStatus = 'fulfilment_claimed';
export const DONE: AssignmentStatus = 'done';

/** Each kind of work item: its table (the tallies' `kind`), states, closed states and delivered state. */
export const KINDS = [
  {
    kind: 'commitments',
    table: 'commitments',
    party: 'owner_party_id',
    statuses: COMMITMENT_STATUSES,
    closed: COMMITMENT_CLOSED,
    delivered: FULFILLED,
  },
  {
    kind: 'assignments',
    table: 'assignments',
    party: 'raising_party_id',
    statuses: ASSIGNMENT_STATUSES,
    closed: ASSIGNMENT_CLOSED,
    delivered: DONE,
  },
] as const;

const literal = (value: string): string => `'${value}'`;

/**
 * `column` is one of `ids`: `= $n` for one committee (a statement whose generic plan PostgreSQL
 * keeps: a prepared report is planned once per connection, not on every request), `= ANY($n)`
 * for several.
 */
function inCommittees(column: string, ids: string[], params: SqlParams): string {
  return ids.length === 1 ? `${column} = ${params.add(ids[0])}::uuid` : `${column} = ANY(${params.add(ids)}::uuid[])`;
}

/** What a report counts: committees (null: every one), and optional filters. */
export interface ReportScope {
  committeeIds: string[] | null;
  issueAreaId?: string;
  partyId?: string;
  /** Creation period, as validated instants (`from` inclusive, `to` exclusive). */
  from?: string;
  to?: string;
}

/**
 * The five tallies a report reads, as CTEs `created`, `due`, `due_months`, `changed` and
 * `durations`, each row `(kind, committee_id, status, party_id, issue_area_id, <key>, n)` (migration
 * ReportTallies1796500000000 describes them). Without a period they are the stored tallies,
 * which the database keeps exact on every write: a committee's figures cost its tally rows,
 * not its history. With `from`/`to` they are computed the same way from the items created in
 * the period (through `(committee_id, created_at)` indexes), with the database's own
 * `tansiq_work_item_facts`, the function the stored tallies are kept with: the figures above
 * them are written once, for both.
 */
export function tallySources(scope: ReportScope, params: SqlParams): string {
  const filters = (alias: string, party: string, committee = `"${alias}"."committee_id"`): string[] => {
    const where: string[] = [];
    if (scope.committeeIds) where.push(inCommittees(committee, scope.committeeIds, params));
    if (scope.issueAreaId) where.push(`"${alias}"."issue_area_id" = ${params.add(scope.issueAreaId)}::uuid`);
    if (scope.partyId) where.push(`"${alias}"."${party}" = ${params.add(scope.partyId)}::uuid`);
    return where;
  };
  const whereOf = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');
  const keys = {
    created: ['created_month'],
    due: ['due_on'],
    due_months: ['due_month'],
    changed: ['changed_month', 'on_time'],
    durations: ['days'],
  } as const;
  const common = 'kind, committee_id, status, party_id, issue_area_id';

  if (!scope.from && !scope.to) {
    const stored = (name: keyof typeof keys, table: string) =>
      `${name} AS NOT MATERIALIZED (SELECT ${common}, ${keys[name].join(', ')}, n FROM ${table} t ${whereOf(filters('t', 'party_id'))})`;
    return [
      stored('created', 'report_created_tallies'),
      stored('due', 'report_due_tallies'),
      stored('due_months', 'report_due_month_tallies'),
      stored('changed', 'report_changed_tallies'),
      stored('durations', 'report_duration_tallies'),
    ].join(',\n');
  }

  const items = KINDS.map(({ kind, table, party }) => {
    const where = filters('w', party);
    if (scope.from) where.push(`"w"."created_at" >= ${params.add(scope.from)}::timestamptz`);
    if (scope.to) where.push(`"w"."created_at" < ${params.add(scope.to)}::timestamptz`);
    return `SELECT ${literal(kind)}::text AS kind, "w"."committee_id", "w"."status"::text AS status,
        "w"."${party}" AS party_id, "w"."issue_area_id", "w"."due_on", date_trunc('month', "w"."due_on")::date AS due_month,
        f.created_month, f.changed_month, f.on_time, f.days
      FROM ${table} "w" JOIN committees "k" ON "k"."id" = "w"."committee_id"
      CROSS JOIN LATERAL tansiq_work_item_facts("w"."created_at", "w"."due_on", "w"."status_changed_at", "k"."time_zone") f
      ${whereOf(where)}`;
  });
  const derived = (name: keyof typeof keys, extra = '') =>
    `${name} AS (SELECT ${common}, ${keys[name].join(', ')}, count(*)::int AS n FROM items ${extra}
      GROUP BY ${common}, ${keys[name].join(', ')})`;
  return [
    `items AS MATERIALIZED (${items.join('\nUNION ALL\n')})`,
    derived('created'),
    derived('due', 'WHERE due_on IS NOT NULL'),
    derived('due_months', 'WHERE due_on IS NOT NULL'),
    derived('changed'),
    derived('durations'),
  ].join(',\n');
}

/**
 * On top of `tallySources`: `late` (overdue items per kind, status, party and issue area, by
 * the kernel's rule, `overdueConditions`: open, due before today in the committee's zone),
 * counted from the months before today's month (the month tally: each of their days is before
 * today; the rule applied to the month's last day) and from the days of today's month before
 * today (the day tally): a few hundred rows per committee, however long its history, each read
 * in its index's order (the open states, the due key up to today); `cells` (counts and overdue
 * per kind × status × party × issue area) and `party_figures` (per party: commitments by status, overdue, fulfilled
 * with a due date and on time, and the median days to fulfilment from the duration histogram,
 * exactly `percentile_cont(0.5)` over the items' days: the mean of the middle one or two).
 */
export function figureCtes(scope: ReportScope, params: SqlParams): string {
  // The committees first (their zones give "today"), then each one's due tally in index order.
  const committees = scope.committeeIds ? `AND ${inCommittees('"committee"."id"', scope.committeeIds, params)}` : '';
  const monthStart = `date_trunc('month', ${TODAY_SQL})::date`;
  const late = KINDS.flatMap(({ kind, statuses, closed }) => {
    const open = statuses.filter((s) => !(closed as readonly string[]).includes(s)).map(literal);
    const rows = (alias: string, tally: string, due: string, range: string) =>
      `SELECT ${alias}.kind, ${alias}.status, ${alias}.party_id, ${alias}.issue_area_id, ${alias}.n
         FROM ${tally} ${alias} JOIN committees "committee" ON "committee"."id" = ${alias}.committee_id ${committees}
        WHERE ${alias}.kind = ${literal(kind)} AND ${alias}.status IN (${open.join(', ')})
          AND ${overdueConditions(alias, closed, due).join(' AND ')} AND ${range}`;
    return [
      rows('m', 'due_months', `(("m"."due_month" + interval '1 month')::date - 1)`, `m.due_month < ${monthStart}`),
      rows('d', 'due', '"d"."due_on"', `d.due_on >= ${monthStart}`),
    ];
  });
  const byStatus = COMMITMENT_STATUSES.map(
    (s) => `coalesce(sum(c.count) FILTER (WHERE c.status = ${literal(s)}), 0)::bigint AS "${s}"`,
  );
  return `late AS (SELECT kind, status, party_id, issue_area_id, sum(n) AS n FROM (${late.join('\nUNION ALL\n')}) o
  GROUP BY 1, 2, 3, 4),
counts AS (SELECT kind, status, party_id, issue_area_id, sum(n) AS count FROM created GROUP BY 1, 2, 3, 4),
cells AS (
  SELECT c.kind, c.status, c.party_id, c.issue_area_id, c.count::bigint AS count, coalesce(l.n, 0)::bigint AS overdue
    FROM counts c LEFT JOIN late l ON l.kind = c.kind AND l.status = c.status
     AND l.party_id IS NOT DISTINCT FROM c.party_id AND l.issue_area_id IS NOT DISTINCT FROM c.issue_area_id
   WHERE c.count <> 0),
delivered AS (
  SELECT party_id, sum(n) FILTER (WHERE on_time IS NOT NULL)::bigint AS with_due, coalesce(sum(n) FILTER (WHERE on_time), 0)::bigint AS on_time
    FROM changed WHERE kind = 'commitments' AND status = ${literal(FULFILLED)} GROUP BY party_id),
histogram AS (-- counts as int: the running sums below are then bigint, not numeric
  SELECT party_id, days, GROUPING(party_id) AS overall, sum(n)::int AS n
    FROM durations WHERE kind = 'commitments' AND status = ${literal(FULFILLED)}
   GROUP BY GROUPING SETS ((party_id, days), (days)) HAVING sum(n) <> 0),
running AS (
  SELECT overall, party_id, days, sum(n) OVER (PARTITION BY overall, party_id ORDER BY days) AS upto,
         sum(n) OVER (PARTITION BY overall, party_id) AS total
    FROM histogram),
medians AS (
  SELECT overall, party_id,
         (min(days) FILTER (WHERE upto >= (total + 1) / 2) + min(days) FILTER (WHERE upto >= total / 2 + 1)) / 2.0 AS median
    FROM running GROUP BY overall, party_id),
party_figures AS (
  SELECT c.party_id, sum(c.count)::bigint AS total, sum(c.overdue)::bigint AS overdue, ${byStatus.join(', ')}
    FROM cells c WHERE c.kind = 'commitments' GROUP BY c.party_id)`;
}

/**
 * The summary in one statement and one row: `breakdown` (the cells and their totals by status,
 * party and issue area, through GROUPING SETS), `parties` (each party of the committees counted,
 * and any other owning a counted commitment, with its figures), `overall_median`, `monthly`
 * (created and delivered per month, every month between the first and the last).
 */
export function summarySql(scope: ReportScope, params: SqlParams): string {
  const parties = scope.committeeIds
    ? `SELECT cp.party_id FROM committee_parties cp WHERE ${inCommittees('cp.committee_id', scope.committeeIds, params)}`
    : `SELECT cp.party_id FROM committee_parties cp`;
  const onlyParty = scope.partyId ? `WHERE s.party_id = ${params.add(scope.partyId)}::uuid` : '';
  const delivered = KINDS.map(({ kind, delivered }) => `(kind = ${literal(kind)} AND status = ${literal(delivered)})`);
  return `WITH ${tallySources(scope, params)},
${figureCtes(scope, params)},
sides AS (SELECT s.party_id FROM (${parties} UNION SELECT party_id FROM party_figures) s ${onlyParty}),
breakdown AS (
  SELECT kind, status, party_id, issue_area_id, GROUPING(status, party_id, issue_area_id) AS "set",
         sum(count)::bigint AS count, sum(overdue)::bigint AS overdue
    FROM cells GROUP BY GROUPING SETS ((kind, status, party_id, issue_area_id), (kind, status), (kind))),
created_by_month AS (SELECT kind, created_month AS month, sum(n) AS n FROM created GROUP BY 1, 2),
delivered_by_month AS (SELECT kind, changed_month AS month, sum(n) AS n FROM changed WHERE ${delivered.join(' OR ')} GROUP BY 1, 2),
active_months AS (
  SELECT month FROM created_by_month WHERE n <> 0 UNION SELECT month FROM delivered_by_month WHERE n <> 0),
months AS (
  SELECT generate_series(min(month), max(month), interval '1 month')::date AS month FROM active_months HAVING count(*) > 0)
SELECT
  (SELECT coalesce(json_agg(b), '[]') FROM breakdown b) AS breakdown,
  (SELECT coalesce(json_agg(json_build_object(
      'partyId', s.party_id, 'partyCode', p.code, 'total', coalesce(f.total, 0), 'overdue', coalesce(f.overdue, 0),
      'fulfilled', coalesce(f."${FULFILLED}", 0), 'withdrawn', coalesce(f."withdrawn", 0),
      'withDue', coalesce(d.with_due, 0), 'onTime', coalesce(d.on_time, 0), 'median', m.median) ORDER BY p.code, p.id), '[]')
     FROM sides s JOIN parties p ON p.id = s.party_id
     LEFT JOIN party_figures f ON f.party_id = s.party_id
     LEFT JOIN delivered d ON d.party_id = s.party_id
     LEFT JOIN medians m ON m.overall = 0 AND m.party_id = s.party_id) AS parties,
  (SELECT m.median FROM medians m WHERE m.overall = 1) AS overall_median,
  (SELECT coalesce(json_agg(json_build_object(
      'month', to_char(mo.month, 'YYYY-MM'),
      'commitmentsCreated', coalesce((SELECT n FROM created_by_month x WHERE x.kind = 'commitments' AND x.month = mo.month), 0),
      'commitmentsFulfilled', coalesce((SELECT n FROM delivered_by_month x WHERE x.kind = 'commitments' AND x.month = mo.month), 0),
      'assignmentsCreated', coalesce((SELECT n FROM created_by_month x WHERE x.kind = 'assignments' AND x.month = mo.month), 0),
      'assignmentsDone', coalesce((SELECT n FROM delivered_by_month x WHERE x.kind = 'assignments' AND x.month = mo.month), 0)
    ) ORDER BY mo.month), '[]') FROM months mo) AS monthly`;
}

/**
 * The reciprocity report of committee `$1` in one statement: each side's commitments by
 * status, overdue and on time (the summary's `party_figures`, from the stored tallies), the
 * claims of the other sides it is to confirm, and its oldest claim still awaiting the other
 * side (`commitments_claimed_idx`: one index probe per side), with its age in calendar days
 * in the committee's zone.
 */
export function reciprocitySql(committeeId: string, params: SqlParams): string {
  const scope: ReportScope = { committeeIds: [committeeId] };
  const sources = tallySources(scope, params);
  const committee = params.add(committeeId);
  return `WITH ${sources},
${figureCtes(scope, params)},
sides AS (SELECT cp.party_id FROM committee_parties cp WHERE cp.committee_id = ${committee}::uuid
          UNION SELECT party_id FROM party_figures)
SELECT s.party_id AS "partyId", p.code AS "partyCode", coalesce(f.total, 0) AS pledged,
       coalesce(f."pending", 0) AS pending, coalesce(f."in_progress", 0) AS "inProgress",
       coalesce(f."${CLAIMED}", 0) AS claimed, coalesce(f."${FULFILLED}", 0) AS fulfilled,
       coalesce(f."withdrawn", 0) AS withdrawn, coalesce(f.overdue, 0) AS overdue,
       (sum(coalesce(f."${CLAIMED}", 0)) OVER () - coalesce(f."${CLAIMED}", 0))::bigint AS "toConfirm",
       coalesce(d.with_due, 0) AS "withDue", coalesce(d.on_time, 0) AS "onTime",
       o.id AS "claimId", o.status_changed_at AS "claimedAt",
       ${TODAY_SQL} - (o.status_changed_at AT TIME ZONE "committee"."time_zone")::date AS "claimAgeDays"
  FROM sides s JOIN parties p ON p.id = s.party_id
  JOIN committees "committee" ON "committee"."id" = ${committee}::uuid
  LEFT JOIN party_figures f ON f.party_id = s.party_id
  LEFT JOIN delivered d ON d.party_id = s.party_id
  LEFT JOIN LATERAL (
    SELECT c.id, c.status_changed_at FROM commitments c
     WHERE c.committee_id = ${committee}::uuid AND c.owner_party_id = s.party_id AND c.status = ${literal(CLAIMED)}
     ORDER BY c.status_changed_at, c.id LIMIT 1) o ON true
 ORDER BY p.code, p.id`;
}
