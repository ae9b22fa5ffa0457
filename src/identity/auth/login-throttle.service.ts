import { Inject, Injectable } from '@nestjs/common';
import { RateLimitService } from '../../platform/index.js';
import { AppException, ErrorCode } from '../../platform/index.js';
import type { AppConfig } from '../../platform/index.js';
import { APP_CONFIG } from '../../platform/index.js';

/** Failures per source address allowed for every failure allowed per account. */
const IP_FACTOR = 4;

/**
 * Repeated failed sign-ins lock the account and the source address for a while (429 LOGIN_LOCKED with
 * Retry-After). Counters live in PostgreSQL, so the lock holds across instances.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly rateLimits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(email: string, ip: string): { account: string; address: string } {
    return { account: `login:account:${email.trim().toLowerCase()}`, address: `login:ip:${ip}` };
  }

  private get lockMs(): number {
    return this.config.auth.loginLockMinutes * 60_000;
  }

  async assertNotLocked(email: string, ip: string): Promise<void> {
    const { account, address } = this.keys(email, ip);
    const ms = await this.rateLimits.blockedFor([account, address]);
    if (ms > 0) throw tooManyAttempts(ms);
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const { account, address } = this.keys(email, ip);
    const max = this.config.auth.loginMaxFailures;
    await this.rateLimits.hit(account, this.lockMs, max, this.lockMs);
    await this.rateLimits.hit(address, this.lockMs, max * IP_FACTOR, this.lockMs);
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.rateLimits.reset(this.keys(email, ip).account);
  }
}

function tooManyAttempts(ms: number): AppException {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new AppException(
    ErrorCode.LoginLocked,
    `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
    {
      headers: { 'retry-after': String(seconds) },
    },
  );
}
