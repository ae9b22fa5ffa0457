import { inExport, pageRows } from './export-session.js';
import { sameStamps, type PageCache } from './page-cache.js';
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

export interface SqlPageOptions<R, T> {
  /** Declared once with `sortable()`; here every `column` is a full SQL expression. */
  sortable: SortWhitelist;
  defaultSort: string;
  /** The tiebreaker column, unique per row (e.g. `"commitment"."id"`). */
  tiebreaker: string;
  /** A page item from a row (e.g. `CommitmentResponseDto.from`: the documented fields only). */
  shape: (row: R) => T;
  /**
   * Keep the page to serve again while its rows are unchanged (`PageCache`). `stamp`: SQL of
   * one text per row that changes whenever anything its item is made from changes: its id and
   * the `xmin` of each row read for it, and whatever else the item depends on (today).
   */
  keep?: {
    cache: PageCache;
    stamp: string;
    /**
     * A narrower FROM for reading the stamps alone (the listed table without the joins the
     * fields need: joins cost PostgreSQL about a third of that statement), used when the
     * conditions and the order name no table but `alias`. The stamp must then read the
     * joined rows itself (subqueries).
     */
    narrow?: { from: string; alias: string };
  };
}

/** The quoted aliases SQL names (`"commitment"."id"` names commitment): all our statements quote them. */
const namedAliases = (sql: string): string[] => [...sql.matchAll(/"([^"]+)"\."/g)].map((m) => m[1]!);

/**
 * `paginate` for hand-written SQL, same cursors and errors (400 `VALIDATION_FAILED` on `sort`
 * or `cursor`): `ORDER BY key, tiebreaker LIMIT n + 1` with `WHERE (key, tiebreaker) > (last)`.
 * The hottest lists use it: the rows come back named as the response's fields, with no query
 * builder and no entity hydration between the driver and the response.
 */
export async function paginateSql<R extends { id: string }, T>(
  db: SqlRunner,
  q: SqlPageQuery,
  query: ListQueryDto,
  options: SqlPageOptions<R, T>,
): Promise<Page<T>> {
  const keyset = keysetOf(query, options.sortable, options.defaultSort);
  const { field, direction, limit, cursor } = keyset;
  const where = [...q.where];
  if (cursor) {
    where.push(
      `(${field.column}, ${options.tiebreaker}) ${keyset.after} (CAST(${q.params.add(cursor.v)} AS ${field.type}), CAST(${q.params.add(cursor.id)} AS uuid))`,
    );
  }
  const tail = `WHERE ${where.length > 0 ? where.join(' AND ') : 'true'}
      ORDER BY ${field.column} ${direction}, ${options.tiebreaker} ${direction}`;
  const select = `SELECT ${q.select}, (${field.column})::text AS cursor_value`;
  const pageOf = (rows: (R & { cursor_value: string })[]): Page<T> => {
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(options.shape),
      nextCursor: last ? nextCursorOf(keyset, rows.length, { value: last.cursor_value, id: last.id }) : null,
    };
  };
  const keep = options.keep;
  // Inside a CSV export, the next batch of its cursor (pageRows); nothing is kept.
  if (!keep?.cache.enabled || inExport()) {
    return pageOf(
      await pageRows<R & { cursor_value: string }>(db, `${select} ${q.from} ${tail}`, q.params.values, limit),
    );
  }
  // The limit is written into the text, as pageRows does (a generic plan would guess the row count).
  const statement = { select, from: q.from, tail: `${tail} LIMIT ${Math.trunc(limit) + 1}`, params: q.params.values };
  return keptPage(db, keep, statement, () => namedAliases(`${where.join(' ')} ${field.column}`), pageOf);
}

/**
 * The page of `s`, served as kept (`PageCache`) while the stamps of its rows, read again, are
 * the same; otherwise read in full and kept, from the second time it is asked for. `named`:
 * the tables the conditions and the order name (the narrow FROM serves only when they name
 * no other).
 */
async function keptPage<Row, T>(
  db: SqlRunner,
  keep: NonNullable<SqlPageOptions<Row, T>['keep']>,
  s: { select: string; from: string; tail: string; params: unknown[] },
  named: () => string[],
  pageOf: (rows: Row[]) => Page<T>,
): Promise<Page<T>> {
  const key = keep.cache.keyOf(s.select, s.from, `${s.tail}\u0000${JSON.stringify(s.params)}`);
  const kept = keep.cache.lookup<T>(key);
  // Asked for the first time: read as without the cache (no stamps, nothing kept).
  if (!kept && !keep.cache.askedBefore(key))
    return pageOf((await db.query(`${s.select} ${s.from} ${s.tail}`, s.params)) as Row[]);
  if (kept) {
    const narrow = keep.narrow && named().every((alias) => alias === keep.narrow!.alias) ? keep.narrow.from : s.from;
    const now = (await db.query(`SELECT ${keep.stamp} AS stamp ${narrow} ${s.tail}`, s.params)) as { stamp: string }[];
    const stamps = now.map((row) => row.stamp);
    if (sameStamps(kept.stamps, stamps)) return kept.page;
  }
  const rows = (await db.query(`${s.select}, ${keep.stamp} AS stamp ${s.from} ${s.tail}`, s.params)) as (Row & {
    stamp: string;
  })[];
  return keep.cache.keep(
    key,
    rows.map((row) => row.stamp),
    pageOf(rows),
  );
}
