import { Inject, Injectable } from '@nestjs/common';
import { AppException, ErrorCode, RateLimitService, normalizeEmail } from '../../platform/index.js';
import type { AppConfig } from '../../platform/index.js';
import { APP_CONFIG } from '../../platform/index.js';

/** Failures per source address allowed for every failure allowed per account. */
const IP_FACTOR = 4;

/** One counter: its key (a platform rate-limit counter) and how many attempts it allows per window. */
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
    private readonly rateLimits: RateLimitService,
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
      await this.rateLimits.release(account.key);
      throw locked;
    }
    let ok: boolean;
    try {
      ok = await verify();
    } catch (error) {
      // Not a wrong password: the attempt does not count.
      await Promise.all([this.rateLimits.release(account.key), this.rateLimits.release(address.key)]);
      throw error;
    }
    if (ok) {
      await this.rateLimits.reset(account.key);
      await this.rateLimits.release(address.key);
    } else {
      await this.rateLimits.blockIfFull(account.key, account.limit, this.lockSeconds);
      await this.rateLimits.blockIfFull(address.key, address.limit, this.lockSeconds);
    }
    return ok;
  }

  private counters(email: string, ip: string): { account: Counter; address: Counter } {
    const max = this.config.auth.loginMaxFailures;
    return {
      // One counter per account however its address is typed (fullwidth, decomposed, upper case).
      account: { key: `login:account:${normalizeEmail(email)}`, limit: max },
      address: { key: `login:ip:${ip}`, limit: max * IP_FACTOR },
    };
  }

  private get lockSeconds(): number {
    return this.config.auth.loginLockMinutes * 60;
  }

  /** Counts one attempt, unless the counter is locked or full (then 429 with Retry-After). */
  private async take({ key, limit }: Counter): Promise<void> {
    const refused = await this.rateLimits.reserve(key, limit, this.lockSeconds);
    if (refused) throw tooManyAttempts(refused.retryAfterSeconds);
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
