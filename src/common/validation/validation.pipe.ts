import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
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

// NUL cannot be stored in PostgreSQL text; a lone surrogate is not valid Unicode.
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be refused
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SWAGGER_PROPERTIES = 'swagger/apiModelProperties';

/** Strings the database cannot store, anywhere in the input. */
function unstorable(value: unknown, path: string, out: FieldError[]): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value))
      out.push({ field: path, message: 'contains characters that cannot be stored (NUL or a lone surrogate)' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unstorable(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) unstorable(item, path ? `${path}.${key}` : key, out);
  }
}

/**
 * `null` only where the API says a field is nullable (the OpenAPI metadata of the DTO), so
 * a PATCH cannot blank a required field by sending null.
 */
function unexpectedNulls(body: object, metatype: abstract new (...args: never[]) => unknown): FieldError[] {
  return Object.entries(body)
    .filter(([, value]) => value === null)
    .filter(([key]) => {
      const property = Reflect.getMetadata(SWAGGER_PROPERTIES, metatype.prototype as object, key) as
        { nullable?: boolean } | undefined;
      return !property?.nullable;
    })
    .map(([key]) => ({ field: key, message: 'must not be null' }));
}

/** One validation setup for every route: unknown fields are rejected, not ignored. */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const errors: FieldError[] = [];
    unstorable(value, '', errors);
    if (errors.length > 0) throw AppException.validation(errors);
    const result: unknown = await super.transform(value, metadata);
    if (
      metadata.type === 'body' &&
      metadata.metatype &&
      result !== null &&
      typeof result === 'object' &&
      !Array.isArray(result)
    ) {
      const nulls = unexpectedNulls(result, metadata.metatype);
      if (nulls.length > 0) throw AppException.validation(nulls);
    }
    return result;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppException.validation(flattenValidationErrors(errors)),
  });
}
