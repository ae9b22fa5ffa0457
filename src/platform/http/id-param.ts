import { Param, ParseUUIDPipe, type PipeTransform } from '@nestjs/common';
import { AppException } from '../problem/app.exception.js';

/**
 * UUIDs are case-insensitive on input and canonical in lower case (RFC 9562), which is how
 * PostgreSQL returns them: an id typed in upper case is the same record, and it is handed on
 * lower-cased, so comparing it with a stored id (is this the caller's own account?) cannot be
 * fooled by its case.
 */
const LOWER_CASE: PipeTransform<string, string> = { transform: (value) => value.toLowerCase() };

/** A UUID path parameter, lower-cased; anything else is a 400 naming the parameter. */
export const IdParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => AppException.validation([{ field: name, message: 'must be a UUID' }]),
    }),
    LOWER_CASE,
  );
