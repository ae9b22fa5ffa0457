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

/**
 * Node and PostgreSQL ship different zone databases (Node accepts `US/Pacific-New`, which
 * PostgreSQL does not know): a zone is stored only when both know it.
 */
export async function assertTimeZoneKnown(
  manager: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  zone: string | undefined,
  field = 'timeZone',
): Promise<void> {
  if (zone === undefined) return;
  const [row] = (await manager.query(`SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1) AS known`, [
    zone,
  ])) as { known: boolean }[];
  if (!row?.known) {
    throw AppException.validation([
      { field, message: 'is not a time zone the database knows (use an IANA name such as Asia/Beirut)' },
    ]);
  }
}
