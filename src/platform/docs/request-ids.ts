import { ApiExtension, type OpenAPIObject } from '@nestjs/swagger';
import { REQUEST_ID_FORMAT } from '../http/request-id.js';

type Operation = {
  parameters?: object[];
  responses?: Record<string, { headers?: Record<string, object> }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The OpenAPI extension `@HeadersOnEveryAnswer` leaves for `withRequestIds` (removed there). */
const EVERY_ANSWER_EXTENSION = 'x-headers-on-every-answer';

/**
 * Response headers a route sends on every answer, errors included (a header its handler's
 * decorators set before the interceptors run): declared on each of its responses.
 */
export const HeadersOnEveryAnswer = (headers: Record<string, object>): MethodDecorator =>
  ApiExtension(EVERY_ANSWER_EXTENSION, headers);

/** The `X-Request-Id` response header, declared once (components.headers). */
export const REQUEST_ID_RESPONSE_HEADER = {
  required: true,
  description:
    'The id of this request: the one sent in `X-Request-Id` when it is a sane token, otherwise a new UUID. Problem documents repeat it as `requestId`; quote it when reporting.',
  // A kept token or a UUID (36 characters of the same alphabet).
  schema: { type: 'string', minLength: 1, maxLength: 128, pattern: REQUEST_ID_FORMAT.source },
};

/** The `X-Request-Id` request header, declared once (components.parameters). */
export const REQUEST_ID_PARAMETER = {
  name: 'X-Request-Id',
  in: 'header' as const,
  required: false,
  description:
    'Your id for this request (1–128 characters of A-Z a-z 0-9 . _ : -), to follow it across services: answered back in `X-Request-Id` and in problem documents. Anything else is replaced by a new UUID, never refused.',
  schema: { type: 'string', minLength: 1, maxLength: 128, pattern: REQUEST_ID_FORMAT.source },
};

/**
 * Documents what the `onRequest` hook of app.factory.ts does for every route: the request's
 * `X-Request-Id` is read (optional) and answered on every response, errors and 304 included;
 * and the headers a route declared with `@HeadersOnEveryAnswer`, on each of its responses.
 */
export function withRequestIds(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (!METHODS.includes(method) || !operation?.responses) continue;
      operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/X-Request-Id' }];
      const everyAnswer = (operation as Record<string, unknown>)[EVERY_ANSWER_EXTENSION] as
        Record<string, object> | undefined;
      delete (operation as Record<string, unknown>)[EVERY_ANSWER_EXTENSION];
      for (const response of Object.values(operation.responses)) {
        response.headers = {
          ...response.headers,
          ...everyAnswer,
          'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
        };
      }
    }
  }
  document.components ??= {};
  document.components.headers = { ...document.components.headers, 'X-Request-Id': REQUEST_ID_RESPONSE_HEADER };
  document.components.parameters = { ...document.components.parameters, 'X-Request-Id': REQUEST_ID_PARAMETER };
  return document;
}
