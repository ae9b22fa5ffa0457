import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimitService } from './rate-limit.service.js';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/** @nestjs/throttler's counters kept in PostgreSQL, so a limit holds across instances. */
@Injectable()
export class PgThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly rateLimits: RateLimitService) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    // The block starts only once the limit is exceeded, as the in-memory storage does.
    const state = await this.rateLimits.hit(`throttle:${throttlerName}:${key}`, ttl, limit + 1, blockDuration);
    return {
      totalHits: state.hits,
      timeToExpire: Math.ceil(state.windowRemainingMs / 1000),
      isBlocked: state.blockedForMs > 0,
      timeToBlockExpire: Math.ceil(state.blockedForMs / 1000),
    };
  }
}
