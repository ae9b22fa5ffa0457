import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppException } from '../problem/app.exception.js';
import type { FieldError } from '../problem/problem.js';

/** Flattens class-validator's tree into `{field, message}` with dotted paths (`attendees[0].personId`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field =
      parent === ''
        ? error.property
        : /^\d+$/.test(error.property)
          ? `${parent}[${error.property}]`
          : `${parent}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? 'is not a known field' : message,
    }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

/** One validation setup for every route: unknown fields are rejected, not ignored. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppException.validation(flattenValidationErrors(errors)),
  });
}
