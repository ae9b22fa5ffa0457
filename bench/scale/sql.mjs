/**
 * SQL building blocks of the scale seed. Randomness is a hash of (row key, salt, seed) —
 * `hashint8extended`, stable across PostgreSQL versions and machines — so one seed gives the
 * same data on every run (relative to the day it runs: dates count back from today).
 */

/** Session functions: deterministic v4-shaped UUIDs. */
export const SESSION_FUNCTIONS = [
  // A UUID from md5 of a key, with the version (4) and variant bits RFC 9562 asks for, so
  // that validators which check them accept the ids. Inlined by the planner (one SELECT).
  `CREATE FUNCTION pg_temp.uuid_of(k text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
     SELECT (substr(md5(k), 1, 12) || '4' || substr(md5(k), 14, 3)
             || translate(substr(md5(k), 17, 1), '0123456789abcdef', '89ab89ab89ab89ab') || substr(md5(k), 18))::uuid
   $$`,
];

const MASK_52 = '4503599627370495';
const TWO_52 = '4503599627370496.0';

/** Builds the random expressions for one seed. */
export function randomness(seed) {
  const s = BigInt.asIntN(64, BigInt(seed)).toString();
  // One hash seed per salt: hashing neighbouring keys under one seed leaves the draws slightly correlated.
  const saltSeed = (salt) =>
    BigInt.asIntN(64, BigInt(seed) * 1_000_003n + BigInt(salt) * 0x9e3779b97f4a7c15n).toString();
  /** Uniform in [0, 1) from an integer key (SQL expression) and a salt (a small integer). */
  const u = (salt, key) => `((hashint8extended((${key})::int8, ${saltSeed(salt)}) & ${MASK_52})::float8 / ${TWO_52})`;
  /** Integer in [0, n). */
  const int = (salt, key, n) => `floor(${u(salt, key)} * (${n}))::int`;
  /** An element of a SQL array, uniformly. */
  const pick = (array, salt, key) => `(${array})[1 + ${int(salt, key, `cardinality(${array})`)}]`;
  return { u, int, pick, seed: s };
}

/** A timestamp truncated to milliseconds: what JavaScript's Date (and so the audit trail) keeps. */
export const ms = (expr) => `date_trunc('milliseconds', ${expr})`;

/** `expr` as JSON text the way JSON.stringify writes it: null, or a quoted, escaped string. */
export const jsonText = (expr) => `coalesce(to_json((${expr})::text)::text, 'null')`;

/** A timestamptz as JSON text in Date.prototype.toISOString form (UTC, milliseconds, Z). */
export const jsonIso = (expr) => jsonText(`to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * A SQL expression writing `{ key: { after: value } }` as canonical JSON (keys sorted as
 * JavaScript sorts them, no spaces), the form the audit subscriber records for an insert.
 * `fields` maps a key to a SQL expression that is already JSON text.
 */
export function afterSnapshotJson(fields) {
  const keys = Object.keys(fields).sort();
  const parts = keys.map((k, i) => `'${i === 0 ? '{' : ','}"${k}":{"after":' || ${fields[k]} || '}'`);
  return `(${parts.join(' || ')} || '}')`;
}

/** Quotes a JavaScript string as a SQL literal. */
export const literal = (text) => `'${String(text).replace(/'/g, "''")}'`;

/** A SQL text[] literal of JavaScript strings. */
export const textArray = (values) => `ARRAY[${values.map(literal).join(', ')}]::text[]`;
