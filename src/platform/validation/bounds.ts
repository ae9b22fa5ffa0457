/**
 * Bounds of stored values, for the OpenAPI document. What validation accepts on the way in
 * is what can be read back, so a response field states the limit its request field is
 * validated against, from the same constant (spread into `@ApiProperty`).
 */

/** PostgreSQL `integer`. */
export const INT32_MAX = 2_147_483_647;

/** An `integer` column (int32) from `minimum` to `maximum`. */
export const int32 = (minimum = 0, maximum = INT32_MAX) =>
  ({ type: 'integer', format: 'int32', minimum, maximum }) as const;

/**
 * A `bigint` column read as a JSON number (log indexes, tree sizes): at most 2^53 − 1,
 * the largest integer a JSON number carries exactly (RFC 8259 §6).
 */
export const int64 = (minimum = 0) =>
  ({ type: 'integer', format: 'int64', minimum, maximum: Number.MAX_SAFE_INTEGER }) as const;

/** A record's version (optimistic locking): 1 when inserted, one more on each change. */
export const VERSION = int32(1);

/** A commitment's progress, in percent (`IsIntegerIn(0, 100)` on input). */
export const PROGRESS = int32(0, 100);

/** Text of at most `max` characters (and at least `min`). */
export const text = (max: number, min?: number) =>
  ({ type: 'string', maxLength: max, ...(min === undefined ? {} : { minLength: min }) }) as const;

/** Characters of `bytes` bytes in padded base64 (RFC 4648 §4). */
export const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/** A SHA-256 hash in base64: 44 characters. */
export const SHA256_BASE64_LENGTH = base64Length(32);
