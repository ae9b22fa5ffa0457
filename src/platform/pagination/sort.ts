import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export interface SortField {
  /** A NOT NULL column of the root entity (`email`), or a SQL expression (`"p"."code"`). */
  column: string;
  /** PostgreSQL type the cursor value is cast back to. */
  type: 'text' | 'timestamptz' | 'date' | 'int' | 'uuid';
}

/** The fields a list may be sorted by, each with what keyset paging needs to know of it. */
export type SortWhitelist<K extends string = string> = Readonly<Record<K, SortField>>;

/**
 * Declares a list's sort whitelist once: the service pages by it (`paginate`) and the query
 * DTO documents and validates `sort` from it (`@SortQuery`).
 */
export function sortable<const K extends string>(fields: Record<K, SortField>): SortWhitelist<K> {
  return Object.freeze(fields);
}

/** Every value `sort` accepts, ascending then descending per field: `code, -code, nameEn, -nameEn`. */
export function sortValues(whitelist: SortWhitelist): string[] {
  return Object.keys(whitelist).flatMap((field) => [field, `-${field}`]);
}

/**
 * The `sort` query parameter of a list DTO: optional, one of `sortValues(whitelist)`, else
 * 400 with `{ field: 'sort', message: 'must be one of …' }`. Put it on `declare sort?: string`.
 */
export function SortQuery(whitelist: SortWhitelist, description = 'Prefix with - for descending.'): PropertyDecorator {
  const values = sortValues(whitelist);
  return applyDecorators(
    ApiPropertyOptional({ enum: values, description }),
    IsOptional(),
    IsIn(values, { message: `must be one of ${values.join(', ')}` }),
  );
}
