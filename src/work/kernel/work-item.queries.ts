import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { sortable } from '../../platform/index.js';

/**
 * Overdue, derived and never stored: due before today in the committee's time zone (the
 * query joins the committee as `committee`), and not in one of the workflow's closed states.
 */
export function overdueSql(alias: string, closed: readonly string[]): string {
  const states = closed.map((s) => `'${s}'`).join(', ');
  return `coalesce("${alias}"."due_on" < (now() AT TIME ZONE "committee"."time_zone")::date AND "${alias}"."status" NOT IN (${states}), false)`;
}

/** Sorts every work-item list accepts; items without a due date come last. */
export function workItemSortable(alias: string) {
  return sortable({
    dueOn: { column: `coalesce("${alias}"."due_on", DATE '9999-12-31')`, type: 'date' },
    createdAt: { column: 'created_at', type: 'timestamptz' },
    updatedAt: { column: 'updated_at', type: 'timestamptz' },
  });
}

/**
 * The filters every work-item list takes: `status`, `overdue` (by `overdue`, the list's
 * overdue SQL) and `dueBefore` (strictly before that date; items without a due date never
 * match). The query joins the committee as `committee`.
 */
export function applyWorkItemFilters(
  qb: SelectQueryBuilder<ObjectLiteral>,
  alias: string,
  overdue: string,
  query: { status?: string; overdue?: boolean; dueBefore?: string },
): void {
  if (query.status) qb.andWhere(`${alias}.status = :status`, { status: query.status });
  if (query.overdue !== undefined) qb.andWhere(query.overdue ? overdue : `NOT ${overdue}`);
  if (query.dueBefore) qb.andWhere(`${alias}.due_on < :dueBefore`, { dueBefore: query.dueBefore });
}
