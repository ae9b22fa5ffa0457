import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppException } from '../problem/app.exception.js';

/** A UUID path parameter; anything else is a 400 naming the parameter. */
export const IdParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => AppException.validation([{ field: name, message: 'must be a UUID' }]),
    }),
  );
