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

/** The instant a filter bound stands for, in ms: a date is its start, UTC (as the lists read it); NaN when malformed. */
export function boundInstant(value: unknown): number {
  if (isCalendarDate(value)) return Date.parse(`${value}T00:00:00Z`);
  return isDateTimeWithOffset(value) ? Date.parse(value) : Number.NaN;
}

/**
 * One end of a range filter whose other end is the property `other`: with `side: 'start'` it
 * may not be after `other`, with `'end'` not before it. Put one on each end (`from` and `to`)
 * and an inverted range is a 400 naming both. Either end missing or malformed: not checked
 * here (the format's own validator speaks). Equal ends are a valid, empty range.
 */
export const RangeEnd = (other: string, side: 'start' | 'end', options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'rangeEnd',
      constraints: [other, side],
      validator: {
        validate: (value, args) => {
          const mine = boundInstant(value);
          const theirs = boundInstant((args?.object as Record<string, unknown>)[other]);
          if (Number.isNaN(mine) || Number.isNaN(theirs)) return true;
          return side === 'start' ? mine <= theirs : mine >= theirs;
        },
        defaultMessage: (a) =>
          `${a?.property} must not be ${side === 'start' ? 'after' : 'before'} ${other}: the range is inverted`,
      },
    },
    options,
  );
