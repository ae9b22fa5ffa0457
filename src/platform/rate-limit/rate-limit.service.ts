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

  /**
   * Counts one attempt **before** the work it guards, unless the counter is blocked or already
   * holds `limit` attempts in its window: then nothing is counted and the answer is how many
   * seconds to wait (the block's rest, or `windowSeconds` when attempts are still in flight).
   * One statement: the upsert's row lock makes concurrent attempts count one after another,
   * each seeing the others' counts, so parallel attempts cannot all pass. An expired window
   * starts again at 1.
   */
  async reserve(key: string, limit: number, windowSeconds: number): Promise<{ retryAfterSeconds: number } | null> {
    const counted = (await this.dataSource.query(
      `INSERT INTO rate_limit_buckets AS b (key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, now() + make_interval(secs => $3), NULL)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN b.window_ends_at <= now() THEN 1 ELSE b.hits + 1 END,
         window_ends_at = CASE WHEN b.window_ends_at <= now() THEN excluded.window_ends_at ELSE b.window_ends_at END
       WHERE NOT coalesce(b.blocked_until > now(), false) AND (b.window_ends_at <= now() OR b.hits < $2)
       RETURNING hits`,
      [key, limit, windowSeconds],
    )) as unknown[];
    if (counted.length > 0) return null;
    const [row] = (await this.dataSource.query(
      `SELECT greatest(1, ceil(extract(epoch FROM coalesce(blocked_until, now() + make_interval(secs => $2)) - now())))::int AS seconds
         FROM rate_limit_buckets WHERE key = $1`,
      [key, windowSeconds],
    )) as { seconds: number }[];
    return { retryAfterSeconds: row?.seconds ?? windowSeconds };
  }

  /** Blocks the counter for `blockSeconds` when its window holds `limit` attempts (and it is not blocked yet). */
  async blockIfFull(key: string, limit: number, blockSeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE rate_limit_buckets SET blocked_until = now() + make_interval(secs => $3)
        WHERE key = $1 AND hits >= $2 AND window_ends_at > now() AND NOT coalesce(blocked_until > now(), false)`,
      [key, limit, blockSeconds],
    );
  }

  /** Takes back a reserved attempt that turned out not to count. */
  async release(key: string): Promise<void> {
    await this.dataSource.query(`UPDATE rate_limit_buckets SET hits = hits - 1 WHERE key = $1 AND hits > 0`, [key]);
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
