import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isRealDate } from '../validation/dates.validators.js';
import { AppException } from '../problem/app.exception.js';
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
  /**
   * More SQL expressions to select with each row (name → expression), e.g. a joined party's
   * code or a to-many list as a JSON array subquery: what the page renders comes back in the
   * same statement, read per row from `Paged.extras`. Names are lower-case snake case.
   */
  extras?: Readonly<Record<string, string>>;
  /**
   * The tiebreaker column when the page is ordered through a joined row (default: the root's
   * `id`); it must equal the root's id row for row.
   */
  tiebreaker?: string;
}

/** A page with what `PaginateOptions.extras` selected, by the root entity's id. */
export interface Paged<T> extends Page<T> {
  extras: Map<string, Record<string, unknown>>;
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

export interface Cursor {
  s: string;
  v: string;
  id: string;
}

export function decodeCursor(raw: string, sort: string, type: SortField['type']): Cursor {
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

/**
 * Keyset pagination: `ORDER BY sort, id` and `WHERE (sort, id) > (last)`, so pages stay
 * stable while rows are inserted. The cursor carries the last row's sort value as text,
 * exact to the microsecond.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQueryDto,
  options: PaginateOptions,
): Promise<Paged<T>> {
  const sort = query.sort ?? options.defaultSort;
  const descending = sort.startsWith('-');
  const field = options.sortable[descending ? sort.slice(1) : sort];
  // The query DTO's @SortQuery refuses other values first; this guards callers without one.
  if (!field) {
    throw AppException.validation([
      { field: 'sort', message: `must be one of ${sortValues(options.sortable).join(', ')}` },
    ]);
  }
  const limit = query.limit ?? DEFAULT_LIMIT;
  const id = options.tiebreaker ?? `"${options.alias}"."id"`;
  const column = /^[a-z_]+$/.test(field.column) ? `"${options.alias}"."${field.column}"` : field.column;
  const direction = descending ? 'DESC' : 'ASC';
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, sort, field.type);
    qb.andWhere(
      `(${column}, ${id}) ${descending ? '<' : '>'} (CAST(:cursorValue AS ${field.type}), CAST(:cursorId AS uuid))`,
      {
        cursorValue: cursor.v,
        cursorId: cursor.id,
      },
    );
  }
  for (const [name, sql] of Object.entries(options.extras ?? {})) qb.addSelect(sql, name);
  qb.addSelect(`${column}::text`, 'cursor_value')
    .orderBy(column, direction)
    .addOrderBy(id, direction)
    // LIMIT, not take(): only to-one joins are allowed here (to-many data is loaded per page, set-based).
    .limit(limit + 1);
  const { entities, raw } = await qb.getRawAndEntities();
  const items = entities.slice(0, limit);
  // Only to-one joins: one raw row per entity.
  const extras = new Map((raw as Record<string, unknown>[]).map((r) => [r[`${options.alias}_id`] as string, r]));
  let nextCursor: string | null = null;
  if (entities.length > limit) {
    const last = items[items.length - 1] as T & { id: string };
    nextCursor = Buffer.from(
      JSON.stringify({ s: sort, v: extras.get(last.id)!.cursor_value as string, id: last.id } satisfies Cursor),
    ).toString('base64url');
  }
  return { items, nextCursor, extras };
}
