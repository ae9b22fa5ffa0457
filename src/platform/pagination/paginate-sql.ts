import { pageRows } from './export-session.js';
import { keysetOf, nextCursorOf, type Page } from './paginate.js';
import type { ListQueryDto } from './list-query.dto.js';
import type { SortWhitelist } from './sort.js';
import type { SqlParams } from './sql-params.js';

/** Runs SQL: the data source, or a transaction's entity manager (or a query runner). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** A hand-written list query: what to select (rows named as the response fields), from where. */
export interface SqlPageQuery {
  /** The select list, each column aliased to its response field; must include `id`. */
  select: string;
  /** `FROM …` with its joins. */
  from: string;
  /** Conditions ANDed together, their values in `params`. */
  where: string[];
  params: SqlParams;
}

export interface SqlPageOptions {
  /** Declared once with `sortable()`; here every `column` is a full SQL expression. */
  sortable: SortWhitelist;
  defaultSort: string;
  /** The tiebreaker column, unique per row (e.g. `"commitment"."id"`). */
  tiebreaker: string;
}

/**
 * `paginate` for hand-written SQL, same cursors and errors (400 `VALIDATION_FAILED` on `sort`
 * or `cursor`): `ORDER BY key, tiebreaker LIMIT n + 1` with `WHERE (key, tiebreaker) > (last)`.
 * The hottest lists use it: the rows come back named as the response's fields, with no query
 * builder and no entity hydration between the driver and the response.
 */
export async function paginateSql<R extends { id: string }>(
  db: SqlRunner,
  q: SqlPageQuery,
  query: ListQueryDto,
  options: SqlPageOptions,
): Promise<Page<R>> {
  const keyset = keysetOf(query, options.sortable, options.defaultSort);
  const { field, direction, limit, cursor } = keyset;
  const where = [...q.where];
  if (cursor) {
    where.push(
      `(${field.column}, ${options.tiebreaker}) ${keyset.after} (CAST(${q.params.add(cursor.v)} AS ${field.type}), CAST(${q.params.add(cursor.id)} AS uuid))`,
    );
  }
  // One statement with LIMIT limit + 1; inside a CSV export, the next batch of its cursor (pageRows).
  const rows = await pageRows<R & { cursor_value: string }>(
    db,
    `SELECT ${q.select}, (${field.column})::text AS cursor_value ${q.from}
      WHERE ${where.length > 0 ? where.join(' AND ') : 'true'}
      ORDER BY ${field.column} ${direction}, ${options.tiebreaker} ${direction}`,
    q.params.values,
    limit,
  );
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: last ? nextCursorOf(keyset, rows.length, { value: last.cursor_value, id: last.id }) : null,
  };
}
