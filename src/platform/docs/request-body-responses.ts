import type { OpenAPIObject } from '@nestjs/swagger';
import { BODY_MEDIA_TYPE } from '../problem/framework-errors.js';
import { MAX_HEADER_BYTES } from '../http/client-errors.js';
import { BODY_READING_METHODS, PROBLEM_CONTENT } from './statuses.js';

type Operation = {
  requestBody?: object;
  responses?: Record<string, { description?: string; headers?: Record<string, object>; content?: object }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The answers of every route, said once for the whole API (they belong to no one operation). */
const EVERY_ROUTE = `

Every route: a method its path does not answer is 405 \`METHOD_NOT_ALLOWED\` with \`Allow\`
listing the methods it does (RFC 9110 §15.5.6); request header fields over ${MAX_HEADER_BYTES} bytes
are 431 \`HEADERS_TOO_LARGE\`; a path segment over 200 characters is 414 \`URI_TOO_LONG\`. A route
that takes a body requires it (400 \`VALIDATION_FAILED\` naming \`body\` when none is sent) and
reads it as \`${BODY_MEDIA_TYPE}\` only (415 \`UNSUPPORTED_MEDIA_TYPE\` otherwise, RFC 9110
§15.5.16). A POST or DELETE that takes none reads one sent anyway the same way (415, 400
\`MALFORMED_REQUEST\`, 413), then does not use it.`;

/**
 * On every operation that takes a body: its 415 (any media type but application/json), with
 * `Accept-Patch` on a PATCH (RFC 5789 §3.1), as a problem document like its other errors; and
 * on every POST, PUT, PATCH or DELETE that takes none, since Fastify reads a body sent to it
 * all the same. The 405, 414 and 431 of every path go in the API's description.
 */
export function withRequestBodyResponses(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (!METHODS.includes(method) || !operation?.responses) continue;
      if (!operation.requestBody && !BODY_READING_METHODS.has(method)) continue;
      operation.responses['415'] ??= {
        description: operation.requestBody
          ? `UNSUPPORTED_MEDIA_TYPE: the body is not ${BODY_MEDIA_TYPE} (another Content-Type, or a body without one).`
          : `UNSUPPORTED_MEDIA_TYPE: this operation takes no body; one sent anyway is read as ${BODY_MEDIA_TYPE} only (then not used).`,
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
