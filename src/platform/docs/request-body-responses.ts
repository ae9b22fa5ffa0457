import type { OpenAPIObject } from '@nestjs/swagger';
import { BODY_MEDIA_TYPE } from '../problem/framework-errors.js';
import { MAX_HEADER_BYTES } from '../http/client-errors.js';
import { PROBLEM_CONTENT } from './statuses.js';

type Operation = {
  requestBody?: object;
  responses?: Record<string, { description?: string; headers?: Record<string, object>; content?: object }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The answers of every route, said once for the whole API (they belong to no one operation). */
const EVERY_ROUTE = `

Every route: a method its path does not answer is 405 \`METHOD_NOT_ALLOWED\` with \`Allow\`
listing the methods it does (RFC 9110 §15.5.6); request header fields over ${MAX_HEADER_BYTES} bytes
are 431 \`HEADERS_TOO_LARGE\`. A route that takes a body requires it (400 \`VALIDATION_FAILED\`
naming \`body\` when none is sent) and reads it as \`${BODY_MEDIA_TYPE}\` only (415
\`UNSUPPORTED_MEDIA_TYPE\` otherwise, RFC 9110 §15.5.16).`;

/**
 * On every operation that takes a body: its 415 (any media type but application/json), with
 * `Accept-Patch` on a PATCH (RFC 5789 §3.1), as a problem document like its other errors
 The 405 and 431
 * of every path go in the API's description.
 */
export function withRequestBodyResponses(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (!METHODS.includes(method) || !operation?.requestBody || !operation.responses) continue;
      operation.responses['415'] ??= {
        description: `UNSUPPORTED_MEDIA_TYPE: the body is not ${BODY_MEDIA_TYPE} (another Content-Type, or a body without one).`,
        ...(method === 'patch'
          ? {
              headers: {
                'Accept-Patch': {
                  description: 'The media type a PATCH body is read as (RFC 5789 §3.1).',
                  schema: { type: 'string', enum: [BODY_MEDIA_TYPE] },
                },
              },
            }
          : {}),
        content: PROBLEM_CONTENT,
      };
    }
  }
  document.info.description = `${document.info.description ?? ''}${EVERY_ROUTE}`;
  return document;
}
