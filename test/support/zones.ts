/** The date `days` after `date` (YYYY-MM-DD). */
export function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A fixed-offset IANA zone, UTC+offset hours (the Etc/GMT names have the sign reversed). */
function zoneAt(offset: number): string {
  if (offset === 0) return 'UTC';
  return `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/**
 * Two zones picked from the current UTC time: one where the day has just begun (local time
 * 00:xx) and one where it is about to end (23:xx, or 22:xx in the last minutes of the hour so
 * the date cannot turn during the test). Their dates differ by one day, so no single
 * "today" (the server's, UTC, or a default zone) gives both committees the right answer.
 */
export function zonesAroundMidnight(now = new Date()): { justAfter: string; justBefore: string } {
  // Offsets -10…+13 for "just after", so "just before" (one or two hours less) stays within UTC−12.
  let after = (24 - now.getUTCHours()) % 24;
  if (after > 13) after -= 24;
  const before = after - (now.getUTCMinutes() >= 58 ? 2 : 1);
  return { justAfter: zoneAt(after), justBefore: zoneAt(before) };
}

/** The date in `timeZone` at the instant `now`. */
export function dateIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
