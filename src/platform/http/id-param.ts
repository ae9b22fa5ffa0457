import { Param, ParseUUIDPipe, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { AppException } from '../problem/app.exception.js';

/**
 * UUIDs are case-insensitive on input and canonical in lower case (RFC 9562), which is how
 * PostgreSQL returns them: an id typed in upper case is the same record, and it is handed on
 * lower-cased, so comparing it with a stored id (is this the caller's own account?) cannot be
 * fooled by its case.
 */
const LOWER_CASE: PipeTransform<string, string> = { transform: (value) => value.toLowerCase() };

/**
 * A UUID path parameter, lower-cased; anything else is a 400 VALIDATION_FAILED naming the
 * parameter. Documented in OpenAPI as `format: uuid` (the route's method gets the `ApiParam`),
 * with `description`: which record's id, and where to get it.
 */
export const IdParam =
  (name = 'id', description?: string): ParameterDecorator =>
  (target, key, index) => {
    Param(
      name,
      new ParseUUIDPipe({
        exceptionFactory: () => AppException.validation([{ field: name, message: 'must be a UUID' }]),
      }),
      LOWER_CASE,
    )(target, key, index);
    if (key !== undefined)
      ApiParam({ name, type: 'string', format: 'uuid', ...(description ? { description } : {}) })(
        target,
        key,
        Object.getOwnPropertyDescriptor(target, key)!,
      );
  };
