import { AppException } from '../problem/app.exception.js';

/** Today's date (YYYY-MM-DD) in an IANA time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

let databaseZones: Promise<Set<string>> | null = null;

/**
 * The canonical name of a zone both Node and PostgreSQL know (`asia/beirut` → `Asia/Beirut`),
 * or a 400 naming `field`: the two ship different zone databases (Node accepts
 * `US/Pacific-New`, which PostgreSQL does not), and a zone PostgreSQL cannot read would
 * break every query about the committee. PostgreSQL's list is read once per process.
 */
export async function canonicalTimeZone(
  manager: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  zone: string,
  field = 'timeZone',
): Promise<string> {
  let canonical: string | null;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    canonical = null;
  }
  databaseZones ??= (manager.query(`SELECT name FROM pg_timezone_names`) as Promise<{ name: string }[]>).then(
    (rows) => new Set(rows.map((r) => r.name)),
    (error: unknown) => {
      databaseZones = null;
      throw error;
    },
  );
  if (canonical === null || !(await databaseZones).has(canonical)) {
    throw AppException.validation([
      { field, message: 'is not a time zone the database knows (use an IANA name such as Asia/Beirut)' },
    ]);
  }
  return canonical;
}

/**
 * SQL giving a `timestamptz` expression as the text JSON gives a JavaScript `Date`
 * (`toISOString`: UTC, milliseconds, `Z`; microseconds cut, as the driver's parse cuts them).
 * Hot lists select their timestamps this way: the driver then parses no dates and the
 * response writes none, and what the client reads is the same text.
 */
export function isoTimestampSql(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
