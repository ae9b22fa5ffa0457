import { sortable, type SqlParams } from '../../platform/index.js';

/** Today in the committee's time zone (the query joins the committee as `committee`). */
export const TODAY_SQL = `(now() AT TIME ZONE "committee"."time_zone")::date`;

/** `'a', 'b'`: states as SQL literals (the workflow tables' own names, never input). */
export const literals = (states: readonly string[]): string => states.map((s) => `'${s}'`).join(', ');

/**
 * Overdue, derived and never stored: due before today in the committee's time zone (the
 * query joins the committee as `committee`), and not in one of the workflow's closed states.
 * As conditions on `alias` (columns `due_on` and `status`), for a WHERE clause: written so
 * an index on the due date serves them (today is computed once per committee, not per row);
 * `due` replaces the due date by an expression equal to it wherever it is before today (the
 * lists' due key, which puts items without one last).
 */
export function overdueConditions(alias: string, closed: readonly string[], due = `"${alias}"."due_on"`): string[] {
  return [`"${alias}"."status" NOT IN (${literals(closed)})`, `${due} < ${TODAY_SQL}`];
}

/** The same rule as a boolean column (never null: no due date is not overdue). */
export function overdueSql(alias: string, closed: readonly string[]): string {
  return `coalesce(${overdueConditions(alias, closed).reverse().join(' AND ')}, false)`;
}

/** Deadline risk of an open work item (README, "Deadline risk"); null once it is closed. */
export const RISKS = ['on_track', 'at_risk', 'overdue'] as const;
export type Risk = (typeof RISKS)[number];

/**
 * Days from today (in the committee's zone) to the due date, an integer: 0 due today, -3 three
 * days overdue; null without a due date or once closed.
 */
export function dueInDaysSql(alias: string, closed: readonly string[]): string {
  return `CASE WHEN "${alias}"."status" NOT IN (${literals(closed)}) THEN "${alias}"."due_on" - ${TODAY_SQL} END`;
}

/**
 * The item's risk: `overdue` exactly when `overdueSql` holds; `at_risk` when due today or within
 * `windowDays` days (RISK_WINDOW_DAYS); `on_track` when due later or without a due date; null
 * once closed. `windowDays` is the validated configuration value, written into the text.
 */
export function riskSql(alias: string, closed: readonly string[], windowDays: number): string {
  return `CASE WHEN "${alias}"."status" IN (${literals(closed)}) THEN NULL
    WHEN ${overdueSql(alias, closed)} THEN 'overdue'
    WHEN "${alias}"."due_on" - ${TODAY_SQL} <= ${Math.trunc(windowDays)} THEN 'at_risk' ELSE 'on_track' END`;
}

/**
 * The due-date sort key: items without a due date come last. The very expression the
 * `*_due_key_idx` indexes are built on (migration ListIndexes1795990000000), so that keyset
 * pages read only the rows they return.
 */
export function dueKeySql(alias: string): string {
  return `coalesce("${alias}"."due_on", DATE '9999-12-31')`;
}

/** Sorts every work-item list accepts, each served by a `(committee_id, key, id)` index. */
export function workItemSortable(alias: string) {
  return sortable({
    dueOn: { column: dueKeySql(alias), type: 'date' },
    createdAt: { column: `"${alias}"."created_at"`, type: 'timestamptz' },
    updatedAt: { column: `"${alias}"."updated_at"`, type: 'timestamptz' },
  });
}

/**
 * The filters every work-item list takes, as SQL conditions on `alias` with their values in
 * `params`: `status`, `overdue` (open and due before today in the committee's zone), `risk`
 * (open, and the due key before today, within `windowDays` of it, or later) and `dueBefore`
 * (strictly before that date; items without a due date never match, as their key is
 * 9999-12-31 and no date is later). The query joins the committee as `committee`. Written so
 * the indexes serve them: `overdue=true` and every `risk` scan the open items' index (`status
 * NOT IN closed`) in due order, a range of its due key; `dueBefore` bounds the due key.
 */
export function workItemConditions(
  alias: string,
  closed: readonly string[],
  query: { status?: string; overdue?: boolean; risk?: Risk; dueBefore?: string },
  params: SqlParams,
  windowDays: number,
): string[] {
  const where: string[] = [];
  const open = `"${alias}"."status" NOT IN (${literals(closed)})`;
  const key = dueKeySql(alias);
  if (query.status) where.push(`"${alias}"."status" = ${params.add(query.status)}`);
  if (query.overdue === true) where.push(...overdueConditions(alias, closed, key));
  if (query.overdue === false) where.push(`NOT ${overdueSql(alias, closed)}`);
  if (query.risk === 'overdue') where.push(...overdueConditions(alias, closed, key));
  if (query.risk === 'at_risk')
    where.push(open, `${key} >= ${TODAY_SQL}`, `${key} <= ${TODAY_SQL} + ${Math.trunc(windowDays)}`);
  // Items without a due date are on track: their key, 9999-12-31, is later than any window.
  if (query.risk === 'on_track') where.push(open, `${key} > ${TODAY_SQL} + ${Math.trunc(windowDays)}`);
  if (query.dueBefore) where.push(`${key} < ${params.add(query.dueBefore)}::date`);
  return where;
}

/**
 * Whether a work-item list's page (and its stamps) may run on the generic-plan sessions
 * (`genericPlans`): only where one index serves the page whatever the values. `filtered`:
 * any condition beyond the committee's. In due-date order the index is the filter's own
 * (`status` its status index, `overdue`/`risk` the open items' one, `dueBefore` a range of the
 * due key; owner party, issue area and priority have no index to prefer); in another order
 * only without filters, since a rare status or an early `dueBefore` is found faster through
 * the due-date indexes and a sort, which a plan made for any value cannot know. Never with
 * `q`: a search's best plan depends on its words. A filter with an index of its own (an
 * assignee's rows) is the caller's to exclude.
 */
export function plannedOnce(query: { q?: string; sort?: string }, filtered: boolean): boolean {
  if (query.q) return false;
  return !filtered || query.sort === undefined || query.sort === 'dueOn' || query.sort === '-dueOn';
}
