import type { OpenAPIObject } from '@nestjs/swagger';
import { MAX_HEADER_BYTES } from '../http/client-errors.js';
import { ETAG_SCHEMA, IF_MATCH_MAX_LENGTH, IF_MATCH_PATTERN } from '../http/etag.js';
import { CURSOR_MAX_LENGTH } from '../pagination/list-query.dto.js';

type Schema = { $ref?: string; properties?: Record<string, unknown> };
type Response = {
  description?: string;
  headers?: Record<string, object>;
  content?: Record<string, { schema?: Schema }>;
};
type Operation = { parameters?: { name: string; in: string }[]; responses?: Record<string, Response> };

/**
 * `If-Match` on a read (RFC 9110 §13.1.1), as HttpCachingInterceptor evaluates it on every GET
 * and HEAD: optional, declared once (components.parameters).
 */
export const IF_MATCH_READ_PARAMETER = {
  name: 'If-Match',
  in: 'header' as const,
  required: false,
  description:
    'Answer only if the representation still has one of these ETags: `*`, or a list of tags as served (strong comparison: a weak `W/"…"` tag never matches). Otherwise 412 `VERSION_MISMATCH` (with the current `ETag`); a representation without an ETag (a page, a text) matches `*` only. Evaluated before If-None-Match.',
  schema: { type: 'string', minLength: 1, maxLength: IF_MATCH_MAX_LENGTH, pattern: IF_MATCH_PATTERN },
};

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
const IF_MATCH_READ_REF = { $ref: '#/components/parameters/If-Match' } as unknown as { name: string; in: string };

/**
 * Documents what HttpCachingInterceptor does for every route: a 2xx body with a `version` (a
 * resource) carries an `ETag`, and a GET (or HEAD) whose If-None-Match names it answers 304
 * Not Modified without a body (RFC 9110 §13.1.2, §15.4.5); a page (a body with `nextCursor`)
 * may carry `Link: <…>; rel="next"`; every GET reads `If-Match` (412 when it fails). The rule
 * reads the schemas, as the interceptor reads the body.
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
      if (method === 'get') operation.parameters = [...(operation.parameters ?? []), IF_MATCH_READ_REF];
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
  document.components.parameters = { ...document.components.parameters, 'If-Match': IF_MATCH_READ_PARAMETER };
  return document;
}
