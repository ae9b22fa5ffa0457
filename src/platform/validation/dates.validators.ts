import { ValidateBy, type ValidationOptions } from 'class-validator';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/i;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/** A date that exists (no 2025-02-30); `anyYear` for values the server itself wrote. */
export function isRealDate(value: string, anyYear = false): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  const inRange = anyYear || (y >= MIN_YEAR && y <= MAX_YEAR);
  return inRange && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A calendar date `YYYY-MM-DD`, years 1900–2999. */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && isRealDate(value);
}

/** An RFC 3339 date-time with its offset (`2025-10-31T10:00:00+02:00`, `…Z`, up to nine digits of a second: at most 35 characters). */
export function isDateTimeWithOffset(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME.exec(value);
  if (!m || !isRealDate(`${m[1]}-${m[2]}-${m[3]}`)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return false;
  return m[8] === undefined || (Number(m[8]) <= 23 && Number(m[9]) <= 59);
}

export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: { validate: isCalendarDate, defaultMessage: (a) => `${a?.property} must be a date YYYY-MM-DD` },
    },
    options,
  );

export const IsDateTimeWithOffset = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isDateTimeWithOffset',
      validator: {
        validate: isDateTimeWithOffset,
        defaultMessage: (a) =>
          `${a?.property} must be an RFC 3339 date-time with an offset, e.g. 2025-10-31T10:00:00+02:00`,
      },
    },
    options,
  );

/** For filters: a date-time with offset, or a date (meaning its start, UTC). */
export const IsDateOrDateTime = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isDateOrDateTime',
      validator: {
        validate: (v) => isCalendarDate(v) || isDateTimeWithOffset(v),
        defaultMessage: (a) => `${a?.property} must be a date YYYY-MM-DD or an RFC 3339 date-time with an offset`,
      },
    },
    options,
  );
