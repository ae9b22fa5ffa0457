import type { OpenAPIObject } from '@nestjs/swagger';
import { MAX_HEADER_BYTES } from '../http/client-errors.js';
import { ETAG_SCHEMA } from '../http/etag.js';
import { CURSOR_MAX_LENGTH } from '../pagination/list-query.dto.js';

type Schema = { $ref?: string; properties?: Record<string, unknown> };
type Response = {
  description?: string;
  headers?: Record<string, object>;
  content?: Record<string, { schema?: Schema }>;
};
type Operation = { responses?: Record<string, Response> };

/** The `ETag` header, declared once (components.headers). */
export const ETAG_HEADER = {
  required: true,
  description:
    'The strong entity tag of the representation (RFC 9110 §8.8.3), not its `version`: send it back in If-None-Match to read again cheaply, in If-Match to change it.',
  schema: ETAG_SCHEMA,
};
const ETAG_REF = { $ref: '#/components/headers/ETag' };

/** The `Link` header of a page that has a next one, declared once (components.headers). */
export const LINK_HEADER = {
  description:
    'On a page with a `nextCursor`: `<the same request with cursor=nextCursor>; rel="next"` (RFC 8288; a URI reference relative to this one). Absent on the last page.',
  // The request target (within the MAX_HEADER_BYTES the server reads) with a new cursor, bracketed.
  schema: {
    type: 'string',
    pattern: '^<[^<>]+>; rel="next"$',
    maxLength: MAX_HEADER_BYTES + CURSOR_MAX_LENGTH + '<>; rel="next"'.length,
  },
};
const LINK_REF = { $ref: '#/components/headers/Link' };

/**
 * Documents what HttpCachingInterceptor does for every route: a 2xx body with a `version` (a
 * resource) carries an `ETag`, and a GET (or HEAD) whose If-None-Match names it answers 304
 * Not Modified without a body (RFC 9110 §13.1.2, §15.4.5); a page (a body with `nextCursor`)
 * may carry `Link: <…>; rel="next"`. The rule reads the schemas, as the interceptor reads the body.
 */
export function withEntityTags(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const named = (schema: Schema | undefined) =>
    schema?.$ref ? schemas[schema.$ref.replace('#/components/schemas/', '')] : undefined;
  const isResource = (schema: Schema | undefined) => Boolean(named(schema)?.properties?.version);
  const isPage = (schema: Schema | undefined) => Boolean(named(schema)?.properties?.nextCursor);
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (!operation?.responses) continue;
      let tagged = false;
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.['application/json']?.schema;
        if (/^2/.test(status) && isPage(schema)) response.headers = { ...response.headers, Link: LINK_REF };
        if (!/^2/.test(status) || !isResource(schema)) continue;
        response.headers = { ETag: ETAG_REF, ...response.headers };
        tagged = true;
      }
      if (tagged && method === 'get') {
        operation.responses['304'] ??= {
          description: 'Not Modified: If-None-Match names the current ETag; no body (RFC 9110 §15.4.5).',
          headers: { ETag: ETAG_REF },
        };
      }
    }
  }
  document.components ??= {};
  document.components.headers = { ...document.components.headers, ETag: ETAG_HEADER, Link: LINK_HEADER };
  return document;
}
