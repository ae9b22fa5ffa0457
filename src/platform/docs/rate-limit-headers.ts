import type { OpenAPIObject } from '@nestjs/swagger';
import { RATE_LIMIT_EXTENSION, type RateLimitPolicy } from '../rate-limit/rate-limit.decorator.js';

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

type Operation = { responses?: Record<string, { headers?: object; description?: string }> } & Record<string, unknown>;

/**
 * On every route with a limit (`x-rate-limit`, from @RateLimit): the limit in its
 * description, the X-RateLimit-* headers on its 2xx and 4xx responses (sent once the
 * request passed authentication), and a 429 with Retry-After.
 */
export function withRateLimitHeaders(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      const policy = operation?.[RATE_LIMIT_EXTENSION] as RateLimitPolicy | undefined;
      if (!policy || !operation.responses) continue;
      // The problem content withProblemDetails gave the other errors (it runs first).
      operation.responses['429'] ??= {
        ...operation.responses['4XX'],
        description: 'RATE_LIMITED: too many requests from this address; retry after Retry-After seconds.',
      };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[24]/.test(status)) continue;
        response.headers = {
          ...response.headers,
          ...LIMIT_HEADERS,
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
