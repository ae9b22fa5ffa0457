import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppException } from '../../platform/index.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
// Algorithm.Argon2id is an ambient const enum (2), which isolated modules cannot read.
const ARGON2ID = 2 as Algorithm;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordService implements OnModuleInit {
  /** Verified against when the e-mail is unknown, so both failures cost the same work. */
  private dummyHash = '';

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hash('tansiq-dummy-password-for-equal-work', ARGON2_OPTIONS);
  }

  /** Reasons a password is refused, for the field named `field`; throws 400 VALIDATION_FAILED. */
  assertAcceptable(password: string, field = 'password', context: string[] = []): void {
    const problems: string[] = [];
    if (password.length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
    if (password.length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
    const lower = password.toLowerCase();
    if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) problems.push('is too common; choose another');
    else if (context.some((c) => c.length >= 4 && lower.includes(c.toLowerCase())))
      problems.push('must not contain your e-mail or name');
    if (problems.length > 0) throw AppException.validation(problems.map((message) => ({ field, message })));
  }

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  /** Always does one argon2 verification, whether or not there is a hash to check. */
  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    const ok = await verify(passwordHash ?? this.dummyHash, password).catch(() => false);
    return passwordHash !== null && ok;
  }
}
