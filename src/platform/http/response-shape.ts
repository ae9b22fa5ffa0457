/*
 * How responses are shaped, everywhere: each response DTO has a static `from(entity, …)`
 * that returns `shapeAs(ItsDto, { ...entity, ...what the service loaded for it })`, so the
 * fields of a response are declared once, by the DTO's `@ApiProperty` decorators, and a
 * response never carries more than the OpenAPI document shows (no relations, no secrets).
 * Services load related data set-based for a whole page, then call `from` per item; list
 * responses are `PageOf(ItemDto)` (../pagination/page.dto.ts), sorted by a whitelist declared
 * once with `sortable()` next to the query DTO (../pagination/sort.ts).
 */
import type { Type } from '@nestjs/common';

const DOCUMENTED = 'swagger/apiModelPropertiesArray';

const fieldsOf = new WeakMap<Type<unknown>, string[]>();

/** The fields `dto` documents (`@ApiProperty`), in declaration order: a response's shape, a CSV's columns. */
export function documentedFields(dto: Type<unknown>): string[] {
  let fields = fieldsOf.get(dto);
  if (!fields) {
    const keys = (Reflect.getMetadata(DOCUMENTED, dto.prototype as object) ?? []) as string[];
    fields = keys.filter((key) => key.startsWith(':')).map((key) => key.slice(1));
    fieldsOf.set(dto, fields);
  }
  return fields;
}

/**
 * A plain object with exactly the fields `dto` documents, taken from `source` (an entity,
 * usually spread with computed fields). A field `source` leaves undefined is left out, as
 * JSON would. The type checks that `source` has every field the DTO requires.
 */
export function shapeAs<T extends object>(dto: Type<T>, source: NoInfer<T>): T {
  const out: Record<string, unknown> = {};
  for (const field of documentedFields(dto)) {
    const value = (source as Record<string, unknown>)[field];
    if (value !== undefined) out[field] = value;
  }
  return out as T;
}
