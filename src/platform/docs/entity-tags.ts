import type { OpenAPIObject } from '@nestjs/swagger';
import { ETAG_SCHEMA } from '../http/etag.js';

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

/**
 * Documents what HttpCachingInterceptor does for every route: a 2xx body with a `version` (a
 * resource) carries an `ETag`, and a GET (or HEAD) whose If-None-Match names it answers 304
 * Not Modified without a body (RFC 9110 §13.1.2, §15.4.5). The rule reads the schemas, as the
 * interceptor reads the body.
 */
export function withEntityTags(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const isResource = (schema: Schema | undefined) =>
    Boolean(schema?.$ref && schemas[schema.$ref.replace('#/components/schemas/', '')]?.properties?.version);
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (!operation?.responses) continue;
      let tagged = false;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^2/.test(status) || !isResource(response.content?.['application/json']?.schema)) continue;
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
  document.components.headers = { ...document.components.headers, ETag: ETAG_HEADER };
  return document;
}
