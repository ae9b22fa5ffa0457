import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isRealDate } from '../validation/dates.validators.js';
import { AppException } from '../problem/app.exception.js';
import { inExport, pageRows } from './export-session.js';
import { DEFAULT_LIMIT, type ListQueryDto } from './list-query.dto.js';
import { sortValues, type SortField, type SortWhitelist } from './sort.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PaginateOptions {
  /** Alias of the root entity, whose `id` breaks ties. */
  alias: string;
  /** Declared once with `sortable()`, shared with the query DTO's `@SortQuery`. */
  sortable: SortWhitelist;
  /** e.g. `createdAt` or `-updatedAt`. */
  defaultSort: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a cursor's sort value can be cast back to the column's type (a tampered cursor is a 400, not a 500). */
function castable(value: string, type: SortField['type']): boolean {
  switch (type) {
    case 'uuid':
      return UUID.test(value);
    case 'int':
      return /^-?\d{1,9}$/.test(value);
    case 'date':
      return isRealDate(value, true);
    case 'timestamptz':
      return (
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(value) &&
        isRealDate(value.slice(0, 10), true) &&
        // PostgreSQL writes the offset as +00; JavaScript wants +00:00.
        !Number.isNaN(Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')))
      );
    case 'text':
      return !value.includes('\u0000') && value.length <= 2000;
  }
}

interface Cursor {
  s: string;
  v: string;
  id: string;
}

function decodeCursor(raw: string, sort: string, type: SortField['type']): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (
      typeof cursor.v === 'string' &&
      typeof cursor.id === 'string' &&
      UUID.test(cursor.id) &&
      castable(cursor.v, type)
    ) {
      if (cursor.s !== sort) {
        throw AppException.validation([
          { field: 'cursor', message: 'belongs to another sort order; start again without it' },
        ]);
      }
      return cursor;
    }
  } catch (error) {
    if (error instanceof AppException) throw error;
  }
  throw AppException.validation([{ field: 'cursor', message: 'is not a cursor this endpoint issued' }]);
}

/** What a keyset page needs to know of the request: its sort, the field, direction and size. */
export interface Keyset {
  /** e.g. `dueOn` or `-createdAt`, as the cursor records it. */
  sort: string;
  field: SortField;
  descending: boolean;
  /** `>` or `<`: the comparison that reads on from the cursor. */
  after: '>' | '<';
  direction: 'ASC' | 'DESC';
  limit: number;
  /** The cursor sent, checked and decoded (400 `VALIDATION_FAILED` on `cursor` otherwise). */
  cursor: Cursor | null;
}

/**
 * Reads `sort`, `limit` and `cursor` for a list with this whitelist. The query DTO's
 * `@SortQuery` refuses other sorts first; this guards callers without one (400 on `sort`).
 */
export function keysetOf(query: ListQueryDto, sortable: SortWhitelist, defaultSort: string): Keyset {
  const sort = query.sort ?? defaultSort;
  const descending = sort.startsWith('-');
  const field = sortable[descending ? sort.slice(1) : sort];
  if (!field) {
    throw AppException.validation([{ field: 'sort', message: `must be one of ${sortValues(sortable).join(', ')}` }]);
  }
  return {
    sort,
    field,
    descending,
    after: descending ? '<' : '>',
    direction: descending ? 'DESC' : 'ASC',
    limit: query.limit ?? DEFAULT_LIMIT,
    cursor: query.cursor ? decodeCursor(query.cursor, sort, field.type) : null,
  };
}

/** The next page's cursor when more rows came back than the page holds (`limit + 1` were asked for). */
export function nextCursorOf(keyset: Keyset, fetched: number, last: { value: string; id: string }): string | null {
  if (fetched <= keyset.limit) return null;
  return Buffer.from(JSON.stringify({ s: keyset.sort, v: last.value, id: last.id } satisfies Cursor)).toString(
    'base64url',
  );
}

/**
 * Keyset pagination: `ORDER BY sort, id` and `WHERE (sort, id) > (last)`, so pages stay
 * stable while rows are inserted. The cursor carries the last row's sort value as text,
 * exact to the microsecond.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQueryDto,
  options: PaginateOptions,
): Promise<Page<T>> {
  const keyset = keysetOf(query, options.sortable, options.defaultSort);
  const { field, direction, limit, cursor } = keyset;
  const id = `"${options.alias}"."id"`;
  const column = /^[a-z_]+$/.test(field.column) ? `"${options.alias}"."${field.column}"` : field.column;
  if (cursor) {
    qb.andWhere(`(${column}, ${id}) ${keyset.after} (CAST(:cursorValue AS ${field.type}), CAST(:cursorId AS uuid))`, {
      cursorValue: cursor.v,
      cursorId: cursor.id,
    });
  }
  if (inExport()) return exportBatch(qb, keyset, column, id);
  qb.addSelect(`${column}::text`, 'cursor_value')
    .orderBy(column, direction)
    .addOrderBy(id, direction)
    // LIMIT, not take(): only to-one joins are allowed here (to-many data is loaded per page, set-based).
    .limit(limit + 1);
  const { entities, raw } = await qb.getRawAndEntities();
  const items = entities.slice(0, limit);
  const last = items[items.length - 1] as (T & { id: string }) | undefined;
  const lastRaw = last && (raw as Record<string, string>[]).find((r) => r[`${options.alias}_id`] === last.id);
  return {
    items,
    nextCursor: last ? nextCursorOf(keyset, entities.length, { value: lastRaw!.cursor_value!, id: last.id }) : null,
  };
}

/**
 * `paginate` inside a CSV export (export-session.ts): the ids in the page's order come from the
 * export's cursor over the whole query (`pageRows`), then this batch's records are read by id
 * with the same query builder (its joins and selection), put back in the cursor's order.
 */
async function exportBatch<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  keyset: Keyset,
  column: string,
  id: string,
): Promise<Page<T>> {
  const { direction, limit } = keyset;
  const [sql, params] = qb
    .clone()
    .select(id, 'id')
    .orderBy(column, direction)
    .addOrderBy(id, direction)
    .getQueryAndParameters();
  const rows = await pageRows<{ id: string }>(qb.connection, sql, params, limit);
  const ids = rows.slice(0, limit).map((row) => row.id);
  const found =
    ids.length === 0
      ? []
      : await qb.clone().andWhere(`${id} = ANY(:exportBatchIds)`, { exportBatchIds: ids }).getMany();
  const byId = new Map(found.map((entity) => [(entity as T & { id: string }).id, entity]));
  return {
    items: ids.map((key) => byId.get(key)).filter((entity): entity is T => entity !== undefined),
    nextCursor: rows.length > limit ? 'export' : null,
  };
}
