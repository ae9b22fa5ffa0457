import { createHmac, createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { JwtService, type JwtModuleOptions } from '@nestjs/jwt';
import { LruMap, sha256 } from '../../platform/index.js';
import type { AppConfig } from '../../platform/index.js';
import { APP_CONFIG } from '../../platform/index.js';
import { verifyHs256Jwt, withinValidity } from './hs256.js';

export const JWT_ISSUER = 'tansiq';
export const JWT_AUDIENCE = 'tansiq-api';

/** The JWT secret as an HMAC key: its UTF-8 bytes, as jsonwebtoken took a string secret. */
export function accessTokenKey(auth: Pick<AppConfig['auth'], 'jwtSecret'>): KeyObject {
  return createSecretKey(Buffer.from(auth.jwtSecret, 'utf8'));
}

/**
 * How JwtModule signs access tokens (HS256, `iss`, `aud`, `exp` = `iat` + the TTL). The
 * verify options are what `verifyAccess` replaced; they stay for anyone calling JwtService.verify.
 */
export function accessTokenJwtOptions(
  auth: Pick<AppConfig['auth'], 'jwtSecret' | 'accessTokenTtlSeconds'>,
): JwtModuleOptions {
  return {
    // A KeyObject made once: given a string, jsonwebtoken tries createPublicKey on it,
    // catches the failure and calls createSecretKey on every sign.
    secret: accessTokenKey(auth),
    signOptions: {
      algorithm: 'HS256',
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: auth.accessTokenTtlSeconds,
    },
    verifyOptions: { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
  };
}

export interface AccessClaims {
  sub: string;
  /** The user's token generation: deactivation and password resets bump it. */
  gen: number;
  /** The session (refresh-token family) the token was issued in; absent in tokens of no session. */
  sid?: string;
}

/** What makes an access token unique: with the same user, generation and session, the same bytes. */
export interface AccessStamp {
  /** `jti`. */
  id: string;
  /** `iat`, in whole seconds (the JWT's resolution). */
  issuedAt: Date;
}

/**
 * Most verified access tokens one instance keeps: an entry (the token's text, about 360
 * characters, its claims and the map's bookkeeping) is about 700 bytes, so about 7 MB when full.
 */
export const VERIFIED_TOKEN_CAPACITY = 10_000;

/** An access token that passed `verifyHs256Jwt`: its claims and the window in which it is valid. */
interface VerifiedToken {
  readonly claims: Readonly<AccessClaims>;
  /** `exp` and `nbf` (RFC 7519 §4.1.4–5), NumericDate seconds; `nbf` undefined when absent. */
  readonly exp: number;
  readonly nbf: number | undefined;
}

/** Domain-separation label of the key that derives a refresh token's successor. */
const SUCCESSOR_KEY_LABEL = 'tansiq refresh-token successor v1';

@Injectable()
export class TokenService {
  private readonly successorKey: Buffer;
  /** The key `verifyAccess` checks MACs with: the one JwtModule signs with, made once. */
  private readonly accessKey: KeyObject;
  /**
   * Tokens that passed every check, by their text: a caller sends the same token with every
   * request until it expires, and its signature and claims cannot change, so they are checked
   * once (about 6 % of a list request's CPU: two base64url decodes, two JSON parses, an HMAC).
   * Only what a token proves by itself is kept; whether its account and session still hold is
   * read from the database on every request (AuthGuard), so a revocation is seen at once.
   */
  private readonly verified = new LruMap<string, VerifiedToken>(VERIFIED_TOKEN_CAPACITY);

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.successorKey = createHmac('sha256', config.auth.jwtSecret).update(SUCCESSOR_KEY_LABEL).digest();
    this.accessKey = accessTokenKey(config.auth);
  }

  get accessTtlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  /** A fresh `jti` and `iat` for an access token about to be issued. */
  newAccessStamp(): AccessStamp {
    return { id: randomUUID(), issuedAt: new Date(Math.floor(Date.now() / 1000) * 1000) };
  }

  /**
   * Signs an access token. Deterministic: the same arguments give the same bytes (HS256 and
   * a given `iat`, from which jsonwebtoken also computes `exp`), which is what lets a refresh
   * repeated within the reuse interval answer with the very token it answered before.
   */
  signAccess(userId: string, generation: number, sessionId: string, stamp: AccessStamp): Promise<string> {
    const claims: Omit<AccessClaims, 'sub'> & { iat: number } = {
      gen: generation,
      sid: sessionId,
      iat: Math.floor(stamp.issuedAt.getTime() / 1000),
    };
    return this.jwt.signAsync(claims, { subject: userId, jwtid: stamp.id });
  }

  /**
   * The claims of an access token, or null for anything not signed by us with HS256, expired,
   * not yet valid, for another issuer or audience, or without a string `sub`, an integer `gen`
   * and a UUID or no `sid`. Never throws. The JWS and JWT checks are `verifyHs256Jwt`'s (RFC 7515,
   * RFC 7519); checked by hand, not by jsonwebtoken, because this runs on every request.
   * A token that passed is kept by its exact text (`VERIFIED_TOKEN_CAPACITY`): asked again, only
   * its validity window is checked against `nowSeconds`. The claims returned are frozen and
   * shared by every request with that token. They say nothing about revocation: whether the
   * account and session still hold is the guard's statement, on every request.
   *
   * @param nowSeconds the current time in whole seconds (for tests; default the clock).
   */
  verifyAccess(token: string, nowSeconds = Math.floor(Date.now() / 1000)): Readonly<AccessClaims> | null {
    const kept = this.verified.get(token);
    if (kept) {
      if (withinValidity(kept.exp, kept.nbf, nowSeconds)) return kept.claims;
      // Expired: never valid again, so its place goes to another token.
      if (!(nowSeconds < kept.exp)) this.verified.delete(token);
      return null;
    }
    const claims = verifyHs256Jwt(token, this.accessKey, { issuer: JWT_ISSUER, audience: JWT_AUDIENCE }, nowSeconds);
    const access = claims && accessClaimsOf(claims);
    if (!access) return null;
    const { exp, nbf } = claims as { exp: number; nbf?: number };
    this.verified.set(token, { claims: Object.freeze(access), exp, nbf });
    return access;
  }

  /** How many verified access tokens are kept (`VERIFIED_TOKEN_CAPACITY` at most). */
  get verifiedTokens(): number {
    return this.verified.size;
  }

  /** An opaque refresh token (256 random bits) and the hash that is all we store of it. */
  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: sha256(token) };
  }

  /**
   * The refresh token that rotating `presented` issues: HMAC-SHA256 of it under a key derived
   * from JWT_SECRET (256 bits, base64url, like a fresh one). Computable again from the
   * presented token alone, so the successor can be handed out a second time without its
   * plaintext ever being stored; unguessable without the server's key.
   */
  successorOf(presented: string): { token: string; hash: string } {
    const token = createHmac('sha256', this.successorKey).update(presented).digest('base64url');
    return { token, hash: sha256(token) };
  }
}

/** `sub` a string, `gen` an integer and `sid` a UUID or absent, as `signAccess` writes them; else null. */
function accessClaimsOf({ sub, gen, sid }: Record<string, unknown>): AccessClaims | null {
  if (typeof sub !== 'string' || !Number.isInteger(gen)) return null;
  if (sid === undefined) return { sub, gen: gen as number };
  return isUUID(sid) ? { sub, gen: gen as number, sid: sid as string } : null;
}
