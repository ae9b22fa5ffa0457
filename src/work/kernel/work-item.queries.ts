import { sortable, type SqlParams } from '../../platform/index.js';

/**
 * Overdue, derived and never stored: due before today in the committee's time zone (the
 * query joins the committee as `committee`), and not in one of the workflow's closed states.
 */
export function overdueSql(alias: string, closed: readonly string[]): string {
  const states = closed.map((s) => `'${s}'`).join(', ');
  return `coalesce("${alias}"."due_on" < (now() AT TIME ZONE "committee"."time_zone")::date AND "${alias}"."status" NOT IN (${states}), false)`;
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
 * `params`: `status`, `overdue` (open and due before today in the committee's zone) and
 * `dueBefore` (strictly before that date; items without a due date never match, as their key
 * is 9999-12-31 and no date is later). The query joins the committee as `committee`. Written
 * so the indexes serve them: `overdue=true` scans the open items' index (`status NOT IN
 * closed`) in due order, `dueBefore` bounds the due key.
 */
export function workItemConditions(
  alias: string,
  closed: readonly string[],
  query: { status?: string; overdue?: boolean; dueBefore?: string },
  params: SqlParams,
): string[] {
  const where: string[] = [];
  if (query.status) where.push(`"${alias}"."status" = ${params.add(query.status)}`);
  if (query.overdue === true) {
    where.push(`"${alias}"."status" NOT IN (${closed.map((s) => `'${s}'`).join(', ')})`);
    where.push(`${dueKeySql(alias)} < (now() AT TIME ZONE "committee"."time_zone")::date`);
  }
  if (query.overdue === false) where.push(`NOT ${overdueSql(alias, closed)}`);
  if (query.dueBefore) where.push(`${dueKeySql(alias)} < ${params.add(query.dueBefore)}::date`);
  return where;
}
