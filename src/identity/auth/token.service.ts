import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { sha256 } from '../../platform/index.js';
import type { AppConfig } from '../../platform/index.js';
import { APP_CONFIG } from '../../platform/index.js';

export const JWT_ISSUER = 'tansiq';
export const JWT_AUDIENCE = 'tansiq-api';

export interface AccessClaims {
  sub: string;
  /** The user's token generation: deactivation and password resets bump it. */
  gen: number;
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  signAccess(userId: string, generation: number): Promise<string> {
    return this.jwt.signAsync({ gen: generation } satisfies Omit<AccessClaims, 'sub'>, {
      subject: userId,
      jwtid: randomUUID(),
    });
  }

  /** Null for anything not signed by us with HS256, expired, or for another issuer/audience. */
  async verifyAccess(token: string): Promise<AccessClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token);
      return typeof claims.sub === 'string' && Number.isInteger(claims.gen) ? claims : null;
    } catch {
      return null;
    }
  }

  /** An opaque refresh token (256 random bits) and the hash that is all we store of it. */
  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: sha256(token) };
  }
}
