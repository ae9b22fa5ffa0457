import { ValidateBy } from 'class-validator';

/**
 * An integer from `min` to `max`, checked as ONE rule with ONE message: `@IsInt() @Min() @Max()`
 * each report on a value that is no number at all (`?index=a` got "must be an integer number",
 * "must not be less than 0" and "must not be greater than …" for the one field).
 * A query parameter must be converted first (`@Type(() => Number)` or a stricter transform).
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
