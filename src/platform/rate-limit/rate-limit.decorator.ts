import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { RateLimitGuard } from './rate-limit.guard.js';

/** The OpenAPI extension naming a route's limit; the document builder adds its headers and 429 from it. */
export const RATE_LIMIT_EXTENSION = 'x-rate-limit';

export interface RateLimitPolicy {
  /** Requests allowed per address in one window. */
  limit: number;
  /** The fixed window, in seconds. */
  windowSeconds: number;
}

/**
 * A per-address limit on a route (@nestjs/throttler over PgThrottlerStorage, so it holds
 * across instances), and its documentation from the same numbers. Once the request has
 * passed authentication every response carries `X-RateLimit-Limit`, `X-RateLimit-Remaining`
 * and `X-RateLimit-Reset` (seconds); over the limit, 429 `RATE_LIMITED` with `Retry-After` and
 * the same three (`Remaining: 0`; rate-limit.guard.ts).
 */
export const RateLimit = (policy: RateLimitPolicy) =>
  applyDecorators(
    UseGuards(RateLimitGuard),
    Throttle({ default: { limit: policy.limit, ttl: policy.windowSeconds * 1000 } }),
    ApiExtension(RATE_LIMIT_EXTENSION, { ...policy }),
  );
