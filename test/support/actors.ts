import { randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { ApiClientsService } from '../../src/identity/api-clients/api-clients.service.js';
import { JWT_AUDIENCE, JWT_ISSUER, TokenService } from '../../src/identity/auth/token.service.js';
import type { UserRole } from '../../src/identity/users/entities/user.entity.js';
import { UsersService } from '../../src/identity/users/users.service.js';
import type { TestApp } from './test-app.js';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

/** Names and shapes of stored secrets: no response body may contain any of them. */
export const SECRET_FIELDS = /passwordHash|password_hash|tokenHash|token_hash|keyHash|key_hash|\$argon2/;

export interface Actor {
  id: string;
  email: string;
  /** Value of the Authorization header (or the X-API-Key header for an API client). */
  headers: Record<string, string>;
  /** The session of the access token (`auth_sessions.id`); absent for API clients. */
  sessionId?: string;
}

let counter = 0;
function uniqueEmail(role: string): string {
  return `${role}.${process.pid}.${++counter}.${randomBytes(3).toString('hex')}@test.tansiq`;
}

/**
 * A user of the given role with a pre-minted access token (no HTTP login needed). The token
 * belongs to a real session signed in now, as after a login (so sensitive operations are
 * allowed), or `signedInMinutesAgo` minutes ago (past the sudo window: they are refused).
 */
export async function createUser(
  t: TestApp,
  role: UserRole,
  extra: { personId?: string; password?: string; signedInMinutesAgo?: number } = {},
): Promise<Actor> {
  const email = uniqueEmail(role);
  const user = await t.app.get(UsersService).create({
    email,
    displayName: `Test ${role}`,
    role,
    password: extra.password ?? TEST_PASSWORD,
    personId: extra.personId,
  });
  const sessionId = randomUUID();
  await t.app
    .get(DataSource)
    .query(
      `INSERT INTO auth_sessions (id, user_id, authenticated_at) VALUES ($1, $2, now() - make_interval(mins => $3))`,
      [sessionId, user.id, extra.signedInMinutesAgo ?? 0],
    );
  const tokens = t.app.get(TokenService);
  const token = await tokens.signAccess(user.id, user.tokenGeneration, sessionId, tokens.newAccessStamp());
  return { id: user.id, email, headers: { authorization: `Bearer ${token}` }, sessionId };
}

export async function createApiClient(
  t: TestApp,
  scope: { allCommittees?: boolean; committeeIds?: string[] } = { allCommittees: true },
): Promise<Actor & { key: string }> {
  const { client, key } = await t.app.get(ApiClientsService).create({ name: `client ${++counter}`, ...scope }, null);
  return { id: client.id, email: '', key, headers: { 'x-api-key': key } };
}

/** Tokens that must all be refused. */
export function forgedTokens(
  t: TestApp,
  userId: string,
): Record<'expired' | 'otherSecret' | 'algNone' | 'otherAudience', Record<string, string>> {
  const secret = t.config.auth.jwtSecret;
  const claims = { sub: userId, gen: 0 };
  const sign = (key: string, options: jwt.SignOptions) =>
    `Bearer ${jwt.sign(claims, key, { algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE, ...options })}`;
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return {
    expired: { authorization: sign(secret, { expiresIn: -60 }) },
    otherSecret: { authorization: sign('another-secret-another-secret-another-secret', { expiresIn: 600 }) },
    otherAudience: { authorization: sign(secret, { expiresIn: 600, audience: 'someone-else' }) },
    algNone: {
      authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: JWT_ISSUER, aud: JWT_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 })}.`,
    },
  };
}
