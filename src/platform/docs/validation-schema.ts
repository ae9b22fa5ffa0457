import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { INT32_MAX } from '../validation/bounds.js';
import { TIME_ZONE_MAX_LENGTH } from '../validation/is-time-zone.js';

const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

type Schema = Record<string, unknown>;
type Rule = (constraints: unknown[]) => Schema;

/** A UUID's text (RFC 9562 §4): 36 characters. */
export const UUID_LENGTH = 36;
/** `YYYY-MM-DD`. */
export const DATE_LENGTH = 10;
/** The longest RFC 3339 date-time the validators accept: nanoseconds and an offset (`…T10:00:00.123456789+02:00`). */
export const DATE_TIME_MAX_LENGTH = 35;
const INT32 = { type: 'integer', format: 'int32' };

/**
 * What each class-validator rule (by its registered name) says in JSON Schema. Only rules
 * that bound or shape a value; the rest (isString, isOptional, …) add nothing.
 */
const RULES: Record<string, Rule> = {
  maxLength: ([max]) => ({ maxLength: max }),
  minLength: ([min]) => ({ minLength: min }),
  isLength: ([min, max]) => ({ minLength: min, ...(max === undefined ? {} : { maxLength: max }) }),
  matches: ([pattern]) => ({ pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
  isEmail: () => ({ format: 'email' }),
  isUUID: () => ({ format: 'uuid', minLength: UUID_LENGTH, maxLength: UUID_LENGTH }),
  isIn: ([values]) => ({ enum: values }),
  min: ([min]) => ({ minimum: min }),
  max: ([max]) => ({ maximum: max }),
  isInt: () => INT32,
  // int32 only when both bounds fit in it (a tree size reaches 2^53 − 1: int64).
  isIntegerIn: ([min, max]) => ({
    type: 'integer',
    format: (min as number) >= -INT32_MAX - 1 && (max as number) <= INT32_MAX ? 'int32' : 'int64',
    minimum: min,
    maximum: max,
  }),
  arrayMaxSize: ([max]) => ({ maxItems: max }),
  arrayMinSize: ([min]) => ({ minItems: min }),
  isCalendarDate: () => ({ format: 'date', minLength: DATE_LENGTH, maxLength: DATE_LENGTH }),
  isDateTimeWithOffset: () => ({ format: 'date-time', maxLength: DATE_TIME_MAX_LENGTH }),
  isDateOrDateTime: () => ({ maxLength: DATE_TIME_MAX_LENGTH }),
  isTimeZone: () => ({ minLength: 1, maxLength: TIME_ZONE_MAX_LENGTH }),
};

/** Rules that bound the array itself even when the property also has `each` rules. */
const ARRAY_RULES = new Set(['arrayMaxSize', 'arrayMinSize']);

/**
 * Writes what the class-validator decorators of every DTO enforce (lengths, patterns,
 * formats, integer bounds, array sizes) into its @nestjs/swagger property metadata, so the
 * OpenAPI document states the rules that validate, from the same decorators, and cannot
 * drift from them. A rule with `each` describes the array's items. Idempotent; only adds to
 * properties the DTO documents with @ApiProperty.
 */
export function documentValidationRules(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> };
  for (const [target, metadatas] of storage.validationMetadatas) {
    if (typeof target !== 'function') continue;
    const prototype = target.prototype as object;
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const metadata of metadatas) {
      byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
    }
    for (const [property, rules] of byProperty) {
      const documented = Reflect.getOwnMetadata(API_MODEL_PROPERTIES, prototype, property) as Schema | undefined;
      if (!documented) continue;
      Reflect.defineMetadata(API_MODEL_PROPERTIES, withRules(documented, rules), prototype, property);
    }
  }
}

function withRules(documented: Schema, rules: ValidationMetadata[]): Schema {
  const own: Schema = {};
  const items: Schema = {};
  for (const rule of rules) {
    const toSchema = rule.name ? RULES[rule.name] : undefined;
    if (!toSchema) continue;
    Object.assign(rule.each && !ARRAY_RULES.has(rule.name!) ? items : own, toSchema(rule.constraints ?? []));
  }
  const out = { ...documented, ...own };
  if (Object.keys(items).length > 0) {
    out.items = { type: 'string', ...(documented.items as Schema | undefined), ...items };
  }
  return out;
}

const FORMAT_LENGTHS: Record<string, Schema> = {
  uuid: { minLength: UUID_LENGTH, maxLength: UUID_LENGTH },
  date: { minLength: DATE_LENGTH, maxLength: DATE_LENGTH },
  'date-time': { maxLength: DATE_TIME_MAX_LENGTH },
};

/**
 * The lengths a string's format implies (a UUID is 36 characters, a date 10, a date-time
 * at most 35), on every schema of the document that has the format and no length of its
 * own: ids the server writes and path parameters are no less bounded than validated input.
 */
export function withFormatLengths<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item) => withFormatLengths(item)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) out[key] = withFormatLengths(value);
  const lengths = typeof out.format === 'string' ? FORMAT_LENGTHS[out.format] : undefined;
  if (lengths && out.maxLength === undefined) Object.assign(out, lengths);
  return out as T;
}
