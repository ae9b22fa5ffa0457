import { ValidateBy } from 'class-validator';

/**
 * A query (or path) parameter's decimal digits as a number (`"50"` → 50), for `IsIntegerIn`:
 * anything else (`""`, `" 5"`, `"1e2"`, `"0x10"`, `"5.0"`, `"-1"`) stays as sent, so the
 * rule refuses it (400 naming the parameter) instead of `Number()` reading it as a number.
 * Use as `@Transform(decimalInteger)`.
 */
export const decimalInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^(0|[1-9][0-9]{0,15})$/.test(value) ? Number(value) : value;

/**
 * An integer from `min` to `max`, checked as ONE rule with ONE message: `@IsInt() @Min() @Max()`
 * each report on a value that is no number at all (`?index=a` got "must be an integer number",
 * "must not be less than 0" and "must not be greater than …" for the one field).
 * A query parameter must be converted first (`@Transform(decimalInteger)`).
 */
export const IsIntegerIn = (min: number, max: number) =>
  ValidateBy({
    name: 'isIntegerIn',
    constraints: [min, max],
    validator: {
      validate: (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max,
      defaultMessage: () => `must be an integer from ${min} to ${max}`,
    },
  });
