/**
 * Run-time parameters every connection of the application sets when it opens (libpq's
 * `options`, passed in the startup packet): `TimeZone=UTC`, so that whatever the server's or
 * the database's default (`ALTER DATABASE … SET TimeZone`), a `timestamptz` read as text, a
 * `now()::date` or a cast between `timestamp` and `timestamptz` means the same instant and
 * the same date. Dates in a committee's zone are computed with `AT TIME ZONE` on its own zone.
 */
export const SESSION_OPTIONS = '-c TimeZone=UTC';
