import { createHmac, generateKeyPairSync } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { isUUID } from 'class-validator';
import jwt from 'jsonwebtoken';
import {
  accessTokenJwtOptions,
  accessTokenKey,
  JWT_AUDIENCE,
  JWT_ISSUER,
  TokenService,
  VERIFIED_TOKEN_CAPACITY,
  type AccessClaims,
} from '../../src/identity/auth/token.service.js';
import type { AppConfig } from '../../src/platform/index.js';

/**
 * The access-token check (`TokenService.verifyAccess`, hand-written HS256 in
 * src/identity/auth/hs256.ts), without a database: tokens made by jsonwebtoken and by hand,
 * each with its expected answer written out, at a fixed clock.
 */

const SECRET = 'token-verify-spec-secret-0123456789-abcdefghij';
const OTHER_SECRET = 'another-secret-another-secret-another-secret';
const auth = { jwtSecret: SECRET, accessTokenTtlSeconds: 900 };
const tokens = new TokenService(new JwtService(accessTokenJwtOptions(auth)), { auth } as unknown as AppConfig);

/** 2027-01-15T08:00:00Z, in seconds. */
const NOW = 1_800_000_000;
const USER = '0b6f0a52-3d1e-4c55-9d3a-2f1c5e7a9b10';
const SESSION = '5d0c8f2e-7a41-4b6e-8e3f-1a2b3c4d5e6f';

/** The claims of a good token, as signAccess writes them; each case changes one thing. */
const GOOD = {
  sub: USER,
  gen: 3,
  sid: SESSION,
  iat: NOW - 60,
  exp: NOW + 840,
  iss: JWT_ISSUER,
  aud: JWT_AUDIENCE,
  jti: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
};
const EXPECTED: AccessClaims = { sub: USER, gen: 3, sid: SESSION };

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A compact JWS over any header and payload (objects as JSON, strings as they are), HMAC'd with `secret`. */
function hand(header: unknown, payload: unknown, secret = SECRET, hash = 'sha256'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, Buffer.from(secret, 'utf8')).update(input).digest('base64url')}`;
}

/** A token as jsonwebtoken signs it: header `{"alg":…,"typ":"JWT"}`, the claims as given. */
const signed = (claims: object, secret: jwt.Secret = SECRET, algorithm: jwt.Algorithm = 'HS256') =>
  jwt.sign(claims, secret, { algorithm });

const without = (key: keyof typeof GOOD) => {
  const copy: Record<string, unknown> = { ...GOOD };
  delete copy[key];
  return copy;
};

/** GOOD as jsonwebtoken signs it with SECRET (checked below): the token every case starts from. */
const good =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' +
  'eyJzdWIiOiIwYjZmMGE1Mi0zZDFlLTRjNTUtOWQzYS0yZjFjNWU3YTliMTAiLCJnZW4iOjMsInNpZCI6IjVkMGM4ZjJlLTdhNDEtNGI2ZS04ZTNmLTFhMmIzYzRkNWU2ZiIsImlhdCI6MTc5OTk5OTk0MCwiZXhwIjoxODAwMDAwODQwLCJpc3MiOiJ0YW5zaXEiLCJhdWQiOiJ0YW5zaXEtYXBpIiwianRpIjoiZjQ3YWMxMGItNThjYy00MzcyLWE1NjctMGUwMmIyYzNkNDc5In0.' +
  'jqe7iZtnT1HoSZGTjcH5j9az0FyynxTDga93MIt1Ti8';
const [goodHeader, goodPayload, goodSignature] = good.split('.') as [string, string, string];
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** The last signature character moved within its group of 4: the same 32 bytes, non-canonical text. */
function nonCanonical(signature: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(signature.at(-1)!);
  return signature.slice(0, -1) + alphabet[last + 1]!;
}

/** [case, token, expected answer of verifyAccess at NOW]. */
const CASES: [string, string, AccessClaims | null][] = [
  ['a token by jsonwebtoken, same secret, issuer and audience', good, EXPECTED],
  ['the same by hand, header without typ', hand({ alg: 'HS256' }, GOOD), EXPECTED],
  ['no sid (a token of no session)', signed(without('sid')), { sub: USER, gen: 3 }],
  ['aud an array holding ours', signed({ ...GOOD, aud: ['other', JWT_AUDIENCE] }), EXPECTED],
  ['unknown header parameter (kid) ignored', hand({ alg: 'HS256', typ: 'JWT', kid: 'k1' }, GOOD), EXPECTED],
  ['exp 1 s ahead', signed({ ...GOOD, exp: NOW + 1 }), EXPECTED],
  ['nbf now', signed({ ...GOOD, nbf: NOW }), EXPECTED],

  ['expired: exp 1 s ago', signed({ ...GOOD, exp: NOW - 1 }), null],
  ['expired: exp now', signed({ ...GOOD, exp: NOW }), null],
  ['no exp', signed(without('exp')), null],
  ['exp a string', hand({ alg: 'HS256', typ: 'JWT' }, { ...GOOD, exp: String(NOW + 840) }), null],
  ['nbf 1 s in the future', signed({ ...GOOD, nbf: NOW + 1 }), null],
  ['nbf a string', hand({ alg: 'HS256', typ: 'JWT' }, { ...GOOD, nbf: String(NOW - 1) }), null],
  ['wrong issuer', signed({ ...GOOD, iss: 'someone-else' }), null],
  ['no issuer', signed(without('iss')), null],
  ['wrong audience', signed({ ...GOOD, aud: 'someone-else' }), null],
  ['aud an array without ours', signed({ ...GOOD, aud: ['someone-else'] }), null],
  ['no audience', signed(without('aud')), null],

  ['alg none, unsigned', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(GOOD)}.`, null],
  ['alg none, with an HS256 signature', hand({ alg: 'none', typ: 'JWT' }, GOOD), null],
  ['alg HS512, signed correctly with the same secret', signed(GOOD, SECRET, 'HS512'), null],
  ['alg HS512 header over an HS256 MAC', hand({ alg: 'HS512', typ: 'JWT' }, GOOD), null],
  ['alg RS256 header over an HS256 MAC of the secret', hand({ alg: 'RS256', typ: 'JWT' }, GOOD), null],
  ['alg RS256, signed with an RSA key', signed(GOOD, rsa, 'RS256'), null],
  ['no alg', hand({ typ: 'JWT' }, GOOD), null],
  ['alg hs256 (case matters)', hand({ alg: 'hs256', typ: 'JWT' }, GOOD), null],
  ['a crit header', hand({ alg: 'HS256', typ: 'JWT', crit: ['exp'] }, GOOD), null],
  ['typ other than JWT', hand({ alg: 'HS256', typ: 'at+jwt' }, GOOD), null],
  ['header a JSON array', hand(['HS256'], GOOD), null],
  ['header not JSON', hand('HS256', GOOD), null],

  ['signature of another secret', signed(GOOD, OTHER_SECRET), null],
  ['tampered payload (gen 4), signature kept', `${goodHeader}.${b64({ ...GOOD, gen: 4 })}.${goodSignature}`, null],
  [
    'tampered header (kid added), signature kept',
    `${b64({ alg: 'HS256', typ: 'JWT', kid: 'x' })}.${goodPayload}.${goodSignature}`,
    null,
  ],
  ['signature truncated by one character', good.slice(0, -1), null],
  ['signature with base64 padding', `${good}=`, null],
  ['signature non-canonical (same bytes)', `${goodHeader}.${goodPayload}.${nonCanonical(goodSignature)}`, null],
  ['a "+" (standard base64) in the signature', `${goodHeader}.${goodPayload}.+${goodSignature.slice(1)}`, null],
  ['2 parts', `${goodHeader}.${goodPayload}`, null],
  ['4 parts', `${good}.${goodSignature}`, null],
  ['empty string', '', null],
  ['empty payload part', `${goodHeader}..${goodSignature}`, null],
  ['non-base64url garbage', 'ey!J.%%%.***', null],
  ['whitespace inside', `${goodHeader}. ${goodPayload}.${goodSignature}`, null],

  ['payload not JSON', hand({ alg: 'HS256', typ: 'JWT' }, 'not json {'), null],
  ['payload a JSON array', hand({ alg: 'HS256', typ: 'JWT' }, [GOOD]), null],
  ['payload a JSON string', hand({ alg: 'HS256', typ: 'JWT' }, JSON.stringify('x')), null],
  ['payload JSON null', hand({ alg: 'HS256', typ: 'JWT' }, 'null'), null],
  ['missing sub', signed(without('sub')), null],
  ['sub a number', signed({ ...GOOD, sub: 42 }), null],
  ['missing gen', signed(without('gen')), null],
  ['gen not an integer (1.5)', signed({ ...GOOD, gen: 1.5 }), null],
  ['gen a string', signed({ ...GOOD, gen: '3' }), null],
  ['sid not a UUID', signed({ ...GOOD, sid: 'not-a-uuid' }), null],
  ['sid null', signed({ ...GOOD, sid: null }), null],
  ['sid a number', signed({ ...GOOD, sid: 7 }), null],
];

describe('TokenService.verifyAccess', () => {
  it('starts from the token jsonwebtoken makes', () => {
    expect(signed(GOOD)).toBe(good);
  });

  it.each(CASES)('%s', (_name, token, expected) => {
    expect(tokens.verifyAccess(token, NOW)).toEqual(expected);
  });

  it('never throws, whatever it is given', () => {
    for (const token of [undefined, null, 42, {}, ['a.b.c'], 'a.b.c', '...', '.'.repeat(10_000)]) {
      expect(tokens.verifyAccess(token as unknown as string, NOW)).toBeNull();
    }
  });

  it('accepts what signAccess signs, with the current clock, and returns only sub, gen and sid', async () => {
    const token = await tokens.signAccess(USER, 7, SESSION, tokens.newAccessStamp());
    expect(tokens.verifyAccess(token)).toEqual({ sub: USER, gen: 7, sid: SESSION });
    // Expired once the TTL (900 s) has passed since iat, valid one second before.
    const { iat } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number };
    expect(tokens.verifyAccess(token, iat + 899)).toEqual({ sub: USER, gen: 7, sid: SESSION });
    expect(tokens.verifyAccess(token, iat + 900)).toBeNull();
  });

  it('signs deterministically: the same stamp gives the same bytes', async () => {
    const stamp = { id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', issuedAt: new Date(NOW * 1000) };
    const a = await tokens.signAccess(USER, 3, SESSION, stamp);
    expect(await tokens.signAccess(USER, 3, SESSION, stamp)).toBe(a);
    expect(JSON.parse(Buffer.from(a.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(tokens.verifyAccess(a, NOW)).toEqual(EXPECTED);
  });

  it('takes the secret as its UTF-8 bytes, as jsonwebtoken did', () => {
    const arabic = { jwtSecret: 'سر-تنسيق-للاختبار-0123456789-abcdef', accessTokenTtlSeconds: 900 };
    const service = new TokenService(new JwtService(accessTokenJwtOptions(arabic)), {
      auth: arabic,
    } as unknown as AppConfig);
    expect(service.verifyAccess(jwt.sign(GOOD, arabic.jwtSecret, { algorithm: 'HS256' }), NOW)).toEqual(EXPECTED);
    expect(service.verifyAccess(good, NOW)).toBeNull();
  });

  /**
   * The check it replaced, for the cases above: jsonwebtoken with the options JwtModule had
   * (HS256 only, issuer, audience, no clock tolerance), then the same sub/gen/sid checks.
   * Where the two differ, it is on purpose and listed here.
   */
  const STRICTER_THAN_JSONWEBTOKEN = ['no exp', 'a crit header', 'typ other than JWT'];

  it('agrees with jsonwebtoken on every case but the three it is stricter on', () => {
    const key = accessTokenKey(auth);
    const old = (token: string): boolean => {
      try {
        const claims = jwt.verify(token, key, {
          algorithms: ['HS256'],
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          clockTimestamp: NOW,
        }) as Record<string, unknown>;
        const sidOk = claims.sid === undefined || isUUID(claims.sid);
        return typeof claims.sub === 'string' && Number.isInteger(claims.gen) && sidOk;
      } catch {
        return false;
      }
    };
    const disagreements = CASES.filter(([, token]) => old(token) !== (tokens.verifyAccess(token, NOW) !== null)).map(
      ([name]) => name,
    );
    expect(disagreements).toEqual(STRICTER_THAN_JSONWEBTOKEN);
  });
});

describe('TokenService.verifyAccess keeps the tokens it verified', () => {
  const fresh = () => new TokenService(new JwtService(accessTokenJwtOptions(auth)), { auth } as unknown as AppConfig);

  it('checks a token once, then answers from what it kept, still against the clock', () => {
    const service = fresh();
    expect(service.verifiedTokens).toBe(0);
    const first = service.verifyAccess(good, NOW);
    expect(first).toEqual(EXPECTED);
    expect(Object.isFrozen(first)).toBe(true);
    expect(service.verifiedTokens).toBe(1);
    // The very object kept: nothing was decoded or verified again.
    expect(service.verifyAccess(good, NOW + 839)).toBe(first);
    // GOOD expires at NOW + 840: refused from the cache, and dropped.
    expect(service.verifyAccess(good, NOW + 840)).toBeNull();
    expect(service.verifiedTokens).toBe(0);
    expect(service.verifyAccess(good, NOW)).toEqual(EXPECTED);
    expect(service.verifiedTokens).toBe(1);
  });

  it('still applies nbf to a kept token', () => {
    const service = fresh();
    const token = hand({ alg: 'HS256', typ: 'JWT' }, { ...GOOD, nbf: NOW - 10 });
    expect(service.verifyAccess(token, NOW)).toEqual(EXPECTED);
    expect(service.verifiedTokens).toBe(1);
    expect(service.verifyAccess(token, NOW - 11)).toBeNull();
    expect(service.verifyAccess(token, NOW - 10)).toEqual(EXPECTED);
  });

  it('keeps nothing that failed a check', () => {
    const service = fresh();
    const refused = [
      hand({ alg: 'HS256', typ: 'JWT' }, GOOD, OTHER_SECRET),
      hand({ alg: 'HS256', typ: 'JWT' }, { ...GOOD, exp: NOW }),
      hand({ alg: 'HS256', typ: 'JWT' }, { ...GOOD, sid: 'not-a-uuid' }),
      `${goodHeader}.${goodPayload}.${nonCanonical(goodSignature)}`,
    ];
    for (const token of refused) {
      expect(service.verifyAccess(token, NOW)).toBeNull();
      expect(service.verifyAccess(token, NOW)).toBeNull();
    }
    expect(service.verifiedTokens).toBe(0);
  });

  it('answers a kept token with another signature, or none, as before: refused', () => {
    const service = fresh();
    const first = service.verifyAccess(good, NOW);
    expect(first).toEqual(EXPECTED);
    const forged = [
      `${goodHeader}.${goodPayload}.${nonCanonical(goodSignature)}`,
      signed(GOOD, OTHER_SECRET),
      `${good}=`,
      good.slice(0, -1),
      `${goodHeader}.${goodPayload}.`,
      `${goodHeader}.${goodPayload}`,
    ];
    for (const token of forged) expect(service.verifyAccess(token, NOW)).toBeNull();
    expect(service.verifiedTokens).toBe(1);
    expect(service.verifyAccess(good, NOW)).toBe(first);
  });

  it.each(CASES)('answers "%s" the same the first time and from what it kept', (_name, token, expected) => {
    const service = fresh();
    expect(service.verifyAccess(token, NOW)).toEqual(expected);
    expect(service.verifyAccess(token, NOW)).toEqual(expected);
    expect(service.verifiedTokens).toBe(expected === null ? 0 : 1);
  });

  it('refuses a time that compares to nothing (NaN), first or kept', () => {
    const service = fresh();
    expect(service.verifyAccess(good, Number.NaN)).toBeNull();
    expect(service.verifyAccess(good, NOW)).toEqual(EXPECTED);
    expect(service.verifyAccess(good, Number.NaN)).toBeNull();
  });

  it(`holds at most ${VERIFIED_TOKEN_CAPACITY.toLocaleString('en-US')} tokens, dropping the least recently used`, () => {
    expect(VERIFIED_TOKEN_CAPACITY).toBe(10_000);
    const service = fresh();
    const tokenOf = (i: number) => hand({ alg: 'HS256', typ: 'JWT' }, { ...GOOD, jti: `token-${i}` });
    const first = service.verifyAccess(tokenOf(0), NOW);
    const answers: (Readonly<AccessClaims> | null)[] = [first];
    for (let i = 1; i < 10_005; i++) {
      answers.push(service.verifyAccess(tokenOf(i), NOW));
      expect(answers[i]).toEqual(EXPECTED);
      // Token 0 stays the most recently used.
      expect(service.verifyAccess(tokenOf(0), NOW)).toBe(first);
    }
    expect(service.verifiedTokens).toBe(10_000);
    // Tokens 1–5 were dropped (verified again: a new object); 0 and 6 on were kept.
    for (const i of [1, 2, 3, 4, 5]) expect(service.verifyAccess(tokenOf(i), NOW)).not.toBe(answers[i]);
    expect(service.verifyAccess(tokenOf(0), NOW)).toBe(first);
    expect(service.verifyAccess(tokenOf(10_004), NOW)).toBe(answers[10_004]);
  });
});
