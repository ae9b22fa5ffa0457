import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface BucketState {
  hits: number;
  /** Milliseconds until the counting window ends. */
  windowRemainingMs: number;
  /** Milliseconds until the block lifts; 0 when not blocked. */
  blockedForMs: number;
}

/**
 * Fixed-window counters in PostgreSQL, shared by every instance. One statement per hit:
 * an upsert that restarts an expired window, counts, and starts a block at the limit.
 */
@Injectable()
export class RateLimitService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async hit(key: string, windowMs: number, limit: number, blockMs: number): Promise<BucketState> {
    const [row] = (await this.dataSource.query(
      `WITH upsert AS (
         INSERT INTO rate_limit_buckets AS b (key, hits, window_ends_at, blocked_until)
         VALUES ($1, 1, now() + make_interval(secs => $2::float8 / 1000), CASE WHEN $3::int <= 1 THEN now() + make_interval(secs => $4::float8 / 1000) END)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN b.window_ends_at <= now() THEN 1 ELSE b.hits + 1 END,
           window_ends_at = CASE WHEN b.window_ends_at <= now() THEN excluded.window_ends_at ELSE b.window_ends_at END,
           blocked_until = CASE
             WHEN b.blocked_until > now() THEN b.blocked_until
             WHEN (CASE WHEN b.window_ends_at <= now() THEN 1 ELSE b.hits + 1 END) >= $3::int
               THEN now() + make_interval(secs => $4::float8 / 1000)
             ELSE NULL END
         RETURNING hits, window_ends_at, blocked_until)
       SELECT hits,
              greatest(0, extract(epoch FROM window_ends_at - now()) * 1000)::float8 AS window_remaining_ms,
              coalesce(greatest(0, extract(epoch FROM blocked_until - now()) * 1000), 0)::float8 AS blocked_for_ms
         FROM upsert`,
      [key, windowMs, limit, blockMs],
    )) as { hits: number; window_remaining_ms: number; blocked_for_ms: number }[];
    return { hits: row!.hits, windowRemainingMs: row!.window_remaining_ms, blockedForMs: row!.blocked_for_ms };
  }

  /** The longest block among `keys` still in force, in milliseconds (0 when none). */
  async blockedFor(keys: string[]): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(max(extract(epoch FROM blocked_until - now()) * 1000), 0)::float8 AS ms
         FROM rate_limit_buckets WHERE key = ANY($1) AND blocked_until > now()`,
      [keys],
    )) as { ms: number }[];
    return row!.ms;
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limit_buckets WHERE key = $1`, [key]);
  }

  /** Drops counters whose window and block are both over. */
  async purgeExpired(): Promise<number> {
    const result = (await this.dataSource.query(
      `DELETE FROM rate_limit_buckets WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`,
    )) as [unknown, number];
    return result[1];
  }
}
