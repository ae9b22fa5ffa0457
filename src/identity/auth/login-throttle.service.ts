import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException, ErrorCode } from '../../platform/index.js';
import type { AppConfig } from '../../platform/index.js';
import { APP_CONFIG } from '../../platform/index.js';

/** Failures per source address allowed for every failure allowed per account. */
const IP_FACTOR = 4;

/** One counter: its key in `rate_limit_buckets` and how many attempts it allows per window. */
interface Counter {
  key: string;
  limit: number;
}

/**
 * Repeated failed sign-ins lock the account and the source address for a while (429
 * LOGIN_LOCKED with Retry-After). Counters live in PostgreSQL (`rate_limit_buckets`), so the
 * lock holds across instances.
 *
 * An attempt is counted **before** its password is verified, in one atomic statement per
 * counter that refuses it when the counter is full: parallel attempts cannot all pass a check
 * made before any of them is recorded. A wrong password keeps its count (and the attempt that
 * fills a counter starts the lock); a right one resets the account's count and gives the
 * address its attempt back, so successful sign-ins never lock an address.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Runs `verify` (a password check) as one counted attempt for `email` from `ip` and returns
   * its answer. Throws 429 LOGIN_LOCKED, without calling `verify`, when the account or the
   * address is locked or already has as many attempts in its window as it allows (some may
   * still be in flight).
   */
  async attempt(email: string, ip: string, verify: () => Promise<boolean>): Promise<boolean> {
    const { account, address } = this.counters(email, ip);
    await this.take(account);
    try {
      await this.take(address);
    } catch (locked) {
      await this.giveBack(account.key);
      throw locked;
    }
    let ok: boolean;
    try {
      ok = await verify();
    } catch (error) {
      // Not a wrong password: the attempt does not count.
      await Promise.all([this.giveBack(account.key), this.giveBack(address.key)]);
      throw error;
    }
    if (ok) {
      await this.dataSource.query(`DELETE FROM rate_limit_buckets WHERE key = $1`, [account.key]);
      await this.giveBack(address.key);
    } else {
      await this.lockIfFull(account);
      await this.lockIfFull(address);
    }
    return ok;
  }

  private counters(email: string, ip: string): { account: Counter; address: Counter } {
    const max = this.config.auth.loginMaxFailures;
    return {
      account: { key: `login:account:${email.trim().toLowerCase()}`, limit: max },
      address: { key: `login:ip:${ip}`, limit: max * IP_FACTOR },
    };
  }

  private get lockSeconds(): number {
    return this.config.auth.loginLockMinutes * 60;
  }

  /**
   * Counts one attempt, unless the counter is locked or full (then 429). One statement: the
   * upsert's row lock makes concurrent attempts count one after another, each seeing the
   * others' counts. An expired window starts again at 1.
   */
  private async take({ key, limit }: Counter): Promise<void> {
    const counted = (await this.dataSource.query(
      `INSERT INTO rate_limit_buckets AS b (key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, now() + make_interval(secs => $3), NULL)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN b.window_ends_at <= now() THEN 1 ELSE b.hits + 1 END,
         window_ends_at = CASE WHEN b.window_ends_at <= now() THEN excluded.window_ends_at ELSE b.window_ends_at END
       WHERE NOT coalesce(b.blocked_until > now(), false) AND (b.window_ends_at <= now() OR b.hits < $2)
       RETURNING hits`,
      [key, limit, this.lockSeconds],
    )) as unknown[];
    if (counted.length > 0) return;
    // Locked, or full with attempts still in flight: wait for the lock (or, at most, a whole one).
    const [row] = (await this.dataSource.query(
      `SELECT greatest(1, ceil(extract(epoch FROM coalesce(blocked_until, now() + make_interval(secs => $2)) - now())))::int AS seconds
         FROM rate_limit_buckets WHERE key = $1`,
      [key, this.lockSeconds],
    )) as { seconds: number }[];
    throw tooManyAttempts(row?.seconds ?? this.lockSeconds);
  }

  /** A failed attempt that filled the counter locks it for LOGIN_LOCK_MINUTES. */
  private async lockIfFull({ key, limit }: Counter): Promise<void> {
    await this.dataSource.query(
      `UPDATE rate_limit_buckets SET blocked_until = now() + make_interval(secs => $3)
        WHERE key = $1 AND hits >= $2 AND window_ends_at > now() AND NOT coalesce(blocked_until > now(), false)`,
      [key, limit, this.lockSeconds],
    );
  }

  /** Takes back an attempt that turned out not to be a failure. */
  private async giveBack(key: string): Promise<void> {
    await this.dataSource.query(`UPDATE rate_limit_buckets SET hits = hits - 1 WHERE key = $1 AND hits > 0`, [key]);
  }
}

function tooManyAttempts(seconds: number): AppException {
  return new AppException(
    ErrorCode.LoginLocked,
    `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
    {
      headers: { 'retry-after': String(seconds) },
    },
  );
}
