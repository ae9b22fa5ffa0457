import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/** What a token must name: its issuer (`iss`) and an audience (`aud`) it is meant for. */
export interface Hs256Expectations {
  issuer: string;
  audience: string;
}

/** A base64url part as RFC 7515 §2 writes it: the URL-safe alphabet, no padding, not empty. */
const BASE64URL_PART = /^[A-Za-z0-9_-]+$/;

/** Length of an HMAC-SHA256 (32 bytes) in unpadded base64url: ceil(256 / 6). */
const HS256_SIGNATURE_CHARS = 43;

/**
 * Verifies a JWT in JWS compact serialization signed with HMAC-SHA256, and returns its
 * claims set (a plain JSON object), or null for anything else. Never throws.
 *
 * What it checks, in order:
 * - the compact form (RFC 7515 §7.1, §3.1): exactly three non-empty base64url parts
 *   (§2: URL-safe alphabet, no padding), the third 43 characters long (32 bytes);
 * - the JOSE header (RFC 7515 §5.2 steps 2–5, §4.1): a JSON object with `alg` exactly `HS256`
 *   (§4.1.1, §10.6: so neither `none` nor any other algorithm, RFC 7518 §3.6, §8.5), `typ` `JWT` or
 *   absent (§4.1.9, RFC 7519 §5.1), no `crit` (§4.1.11: we understand no extension, so a
 *   token that requires one is refused); other header parameters are ignored (§4);
 * - the signature (RFC 7515 §5.2 step 8, RFC 7518 §3.2): HMAC-SHA256 under `key` over the
 *   ASCII of `header.payload`, compared in constant time as base64url text, so the one
 *   canonical encoding of the MAC is accepted and no other;
 * - the claims set (RFC 7519 §7.2 steps 9–10): the payload is a JSON object (not an array);
 * - the registered claims (RFC 7519 §4.1): `exp` a number and `now < exp` (§4.1.4; required:
 *   every token we issue has one, so one without can only be forged or foreign), `nbf`, if
 *   present, a number and `nbf <= now` (§4.1.5), `iss` equal to the issuer (§4.1.1), `aud` equal
 *   to the audience or, as an array, containing it (§4.1.3). No clock tolerance.
 *
 * These are the checks `jsonwebtoken.verify` made with our options (`algorithms: ['HS256']`,
 * issuer, audience, no clock tolerance), except that `exp` is now required and a `crit`
 * header or a `typ` other than `JWT` is refused.
 *
 * @param token the compact JWS, as it followed `Bearer ` (any string; anything else is null).
 * @param key the HMAC key, a secret KeyObject made once.
 * @param nowSeconds the current time in whole seconds since the epoch (NumericDate, RFC 7519 §2).
 */
export function verifyHs256Jwt(
  token: string,
  key: KeyObject,
  expected: Hs256Expectations,
  nowSeconds: number,
): Record<string, unknown> | null {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  if (!BASE64URL_PART.test(header) || !BASE64URL_PART.test(payload) || !BASE64URL_PART.test(signature)) return null;
  if (signature.length !== HS256_SIGNATURE_CHARS) return null;
  if (!isAcceptedHeader(decodeJsonObject(header))) return null;
  if (!hasValidSignature(header, payload, signature, key)) return null;
  const claims = decodeJsonObject(payload);
  return claims && hasValidRegisteredClaims(claims, expected, nowSeconds) ? claims : null;
}

/** HS256 only, typed `JWT` or untyped, and no critical extension. */
function isAcceptedHeader(header: Record<string, unknown> | null): boolean {
  return (
    header !== null &&
    header.alg === 'HS256' &&
    (header.typ === undefined || header.typ === 'JWT') &&
    !Object.hasOwn(header, 'crit')
  );
}

/**
 * Whether `signature` is the base64url of HMAC-SHA256(key, `header.payload`). Both sides are
 * 43 ASCII characters here (checked by the caller), as timingSafeEqual requires equal lengths.
 */
function hasValidSignature(header: string, payload: string, signature: string, key: KeyObject): boolean {
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
  return timingSafeEqual(Buffer.from(signature, 'latin1'), Buffer.from(expected, 'latin1'));
}

/** `exp` (required), `nbf` (if present), `iss` and `aud`, as the docstring above lists them. */
function hasValidRegisteredClaims(
  claims: Record<string, unknown>,
  expected: Hs256Expectations,
  nowSeconds: number,
): boolean {
  const { exp, nbf, iss, aud } = claims;
  if (typeof exp !== 'number' || (nbf !== undefined && typeof nbf !== 'number')) return false;
  if (!withinValidity(exp, nbf, nowSeconds)) return false;
  if (iss !== expected.issuer) return false;
  return Array.isArray(aud) ? aud.includes(expected.audience) : aud === expected.audience;
}

/**
 * Whether `nowSeconds` is inside a token's validity window: before `exp` (RFC 7519 §4.1.4) and,
 * when `nbf` is given, not before it (§4.1.5); NumericDate seconds. Written as the comparisons
 * that must hold, so a time that compares to nothing (NaN) is outside. Shared by the full
 * check and the verified tokens `TokenService` keeps, so the two cannot drift apart.
 */
export function withinValidity(exp: number, nbf: number | undefined, nowSeconds: number): boolean {
  return nowSeconds < exp && (nbf === undefined || nbf <= nowSeconds);
}

/** A base64url part decoded as UTF-8 JSON, if that is a plain object (not null, not an array); else null. */
function decodeJsonObject(part: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
