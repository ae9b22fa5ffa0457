import type { OpenAPIObject } from '@nestjs/swagger';
import { RATE_LIMIT_EXTENSION, type RateLimitPolicy } from '../rate-limit/rate-limit.decorator.js';
import { PROBLEM_CONTENT } from './statuses.js';

const INTEGER = (description: string) => ({
  description,
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 },
});

/** The headers @nestjs/throttler's guard sends (X-RateLimit-*, seconds), declared once. */
export const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': INTEGER('Requests allowed from this address in the window.'),
  'X-RateLimit-Remaining': INTEGER('Requests left in the window.'),
  'X-RateLimit-Reset': INTEGER('Seconds until the window starts again.'),
  // Every 429 and 503 sends it (framework-errors.ts, database-errors.ts).
  'Retry-After': { ...INTEGER('Seconds to wait before trying again.'), required: true },
};

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });
const LIMIT_HEADERS = {
  'X-RateLimit-Limit': ref('X-RateLimit-Limit'),
  'X-RateLimit-Remaining': ref('X-RateLimit-Remaining'),
  'X-RateLimit-Reset': ref('X-RateLimit-Reset'),
};

/** On a 2xx and on its own 429 (rate-limit.guard.ts) the limiter always sends them. */
const LIMIT_HEADERS_SENT = Object.fromEntries(
  Object.keys(LIMIT_HEADERS).map((name) => [
    name,
    { ...RATE_LIMIT_HEADERS[name as keyof typeof LIMIT_HEADERS], required: true },
  ]),
);

type Operation = {
  responses?: Record<string, { headers?: object; description?: string; content?: object }>;
} & Record<string, unknown>;

/**
 * The statuses answered before the limiter runs, so without its headers: the body parser's
 * (413, 415). The global guard's 401 and the parser's 400 MALFORMED_REQUEST come before it too,
 * which is why the headers are optional on a 4xx; the limiter sends them on every 2xx.
 */
const BEFORE_THE_LIMITER = new Set(['413', '415']);

/**
 * On every route with a limit (`x-rate-limit`, from @RateLimit): the limit in its
 * description, the X-RateLimit-* headers on its responses (required on a 2xx and the 429, where
 * the limiter always sends them; optional on another 4xx, sent once the request reached the limiter;
 * absent from a 413 or 415), and a 429 RATE_LIMITED with Retry-After.
 */
export function withRateLimitHeaders(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      const policy = operation?.[RATE_LIMIT_EXTENSION] as RateLimitPolicy | undefined;
      if (!policy || !operation.responses) continue;
      // The problem content withProblemDetails gave the other errors (it runs first).
      operation.responses['429'] ??= {
        description: 'RATE_LIMITED: too many requests from this address; retry after Retry-After seconds.',
        content: PROBLEM_CONTENT,
      };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[24]/.test(status) || BEFORE_THE_LIMITER.has(status)) continue;
        response.headers = {
          ...response.headers,
          ...(status.startsWith('2') || status === '429' ? LIMIT_HEADERS_SENT : LIMIT_HEADERS),
          ...(status === '429' ? { 'Retry-After': ref('Retry-After') } : {}),
        };
      }
      const limit = `Rate limit: at most ${policy.limit} requests per ${policy.windowSeconds} s to this route from one address (counted in PostgreSQL, across instances), whatever their outcome (X-RateLimit-* headers); beyond it, 429 RATE_LIMITED with Retry-After.`;
      operation.description = operation.description ? `${operation.description as string}\n\n${limit}` : limit;
    }
  }
  document.components ??= {};
  document.components.headers = { ...document.components.headers, ...RATE_LIMIT_HEADERS };
  return document;
}
