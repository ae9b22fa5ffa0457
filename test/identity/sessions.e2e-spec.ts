import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthService } from '../../src/identity/auth/auth.service.js';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../src/identity/auth/token.service.js';
import { createUser, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { expectProblem } from '../support/problems.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const ITERATIONS = 20;

interface Pair {
  accessToken: string;
  refreshToken: string;
}

/**
 * A session ends as a whole (README, "Roles and access"): once reuse detection, a logout, a
 * password change or a deactivation has ended it, no refresh token of its family refreshes and
 * no access token issued in it authenticates — even when a refresh was rotating the family at
 * that very moment. Each race is run many times: a lost race shows only now and then.
 */
describe('sessions end as a whole', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
  });
  afterAll(() => t.close());
  /** The races send more requests to the auth routes than their rate limit allows a minute. */
  const belowRateLimits = () => sql(t.db.url, `DELETE FROM rate_limit_buckets`);

  const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });
  const login = async (email: string): Promise<Pair> => {
    const res = await t.http().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    return res.body as Pair;
  };
  const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken });
  const rotate = async (refreshToken: string): Promise<Pair> => {
    const res = await refresh(refreshToken);
    expect(res.status).toBe(200);
    return res.body as Pair;
  };
  const me = (accessToken: string) => t.http().get('/api/v1/me').set(bearer(accessToken));
  /** Tokens of the family of `refreshToken` not revoked. */
  const unrevoked = async (refreshToken: string) =>
    (
      await sql<{ n: number }>(
        t.db.url,
        `SELECT count(*)::int AS n FROM refresh_tokens
          WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
        [sha256(refreshToken)],
      )
    )[0]!.n;

  /**
   * After the race: the successor a racing refresh may have received does not refresh, and
   * every access token of the session is refused (401 TOKEN_INVALID).
   */
  async function expectSessionEnded(accessTokens: string[], racedRefresh: { status: number; body: Pair }) {
    const issued = racedRefresh.status === 200 ? [racedRefresh.body] : [];
    for (const pair of issued) expect((await refresh(pair.refreshToken)).status).toBe(401);
    for (const token of [...accessTokens, ...issued.map((p) => p.accessToken)])
      expectProblem(await me(token), 401, 'TOKEN_INVALID');
  }

  it(`a rotation racing reuse detection: the family ends, the racing successor too (${ITERATIONS} races)`, async () => {
    const user = await createUser(t, 'analyst');
    for (let i = 0; i < ITERATIONS; i++) {
      await belowRateLimits();
      const r0 = await login(user.email);
      const r1 = await rotate(r0.refreshToken);
      const r2 = await rotate(r1.refreshToken);
      // r0 is an older spent token (its successor r1 is spent too): reuse, whatever the order.
      const [rotated, reused] = await Promise.all([refresh(r2.refreshToken), refresh(r0.refreshToken)]);
      expectProblem(reused, 401, 'REFRESH_TOKEN_REUSED');
      expect([200, 401]).toContain(rotated.status);
      await expectSessionEnded([r0.accessToken, r1.accessToken, r2.accessToken], rotated);
      expect(await unrevoked(r0.refreshToken)).toBe(0);
    }
  });

  it(`a rotation racing a logout: the session ends, the racing successor too (${ITERATIONS} races)`, async () => {
    const user = await createUser(t, 'analyst');
    for (let i = 0; i < ITERATIONS; i++) {
      await belowRateLimits();
      const r0 = await login(user.email);
      const r1 = await rotate(r0.refreshToken);
      const [rotated, out] = await Promise.all([
        refresh(r1.refreshToken),
        t.http().post('/api/v1/auth/logout').set(bearer(r1.accessToken)).send({ refreshToken: r1.refreshToken }),
      ]);
      expect(out.status).toBe(204);
      expect([200, 401]).toContain(rotated.status);
      await expectSessionEnded([r0.accessToken, r1.accessToken], rotated);
      expect(await unrevoked(r0.refreshToken)).toBe(0);
    }
  });

  it(`a rotation racing an admin's password reset: every session ends (${ITERATIONS} races)`, async () => {
    const user = await createUser(t, 'analyst');
    for (let i = 0; i < ITERATIONS; i++) {
      await belowRateLimits();
      const r0 = await login(user.email);
      const r1 = await rotate(r0.refreshToken);
      const [rotated, reset] = await Promise.all([
        refresh(r1.refreshToken),
        // The same password again: the reset still ends every session of the account.
        t.http().post(`/api/v1/users/${user.id}/password`).set(admin.headers).send({ password: TEST_PASSWORD }),
      ]);
      expect(reset.status).toBe(200);
      expect([200, 401]).toContain(rotated.status);
      await expectSessionEnded([r0.accessToken, r1.accessToken], rotated);
      expect(await unrevoked(r0.refreshToken)).toBe(0);
    }
  });

  it(`a rotation racing a deactivation: every session ends (${ITERATIONS} races)`, async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      await belowRateLimits();
      const user = await createUser(t, 'analyst');
      const r0 = await login(user.email);
      const r1 = await rotate(r0.refreshToken);
      const [rotated, deactivated] = await Promise.all([
        refresh(r1.refreshToken),
        t.http().patch(`/api/v1/users/${user.id}`).set(admin.headers).send({ active: false }),
      ]);
      expect(deactivated.status).toBe(200);
      expect([200, 401]).toContain(rotated.status);
      await expectSessionEnded([r0.accessToken, r1.accessToken], rotated);
      expect(await unrevoked(r0.refreshToken)).toBe(0);
    }
  });

  it(`a sign-in with the old password racing a password reset: no session outlives the reset (${ITERATIONS} races)`, async () => {
    const user = await createUser(t, 'analyst');
    let password = TEST_PASSWORD;
    for (let i = 0; i < ITERATIONS; i++) {
      await belowRateLimits();
      const next = `a-replacement-passphrase-${i}`;
      const [signedIn, reset] = await Promise.all([
        t.http().post('/api/v1/auth/login').send({ email: user.email, password }),
        t.http().post(`/api/v1/users/${user.id}/password`).set(admin.headers).send({ password: next }),
      ]);
      password = next;
      expect(reset.status).toBe(200);
      expect([200, 401]).toContain(signedIn.status);
      // A sign-in proved the password the reset replaced: whichever committed first, its
      // session must not outlive the reset.
      if (signedIn.status !== 200) continue;
      const pair = signedIn.body as Pair;
      expect((await refresh(pair.refreshToken)).status).toBe(401);
      expectProblem(await me(pair.accessToken), 401, 'TOKEN_INVALID');
    }
  });

  describe('a logout ends the access tokens of its session', () => {
    const logout = (pair: Pair) =>
      t.http().post('/api/v1/auth/logout').set(bearer(pair.accessToken)).send({ refreshToken: pair.refreshToken });
    const sudo = (accessToken: string) =>
      t.http().post('/api/v1/auth/sudo').set(bearer(accessToken)).send({ password: TEST_PASSWORD });

    it('every access token of the session: 401 TOKEN_INVALID with the challenge, POST /auth/sudo included', async () => {
      const user = await createUser(t, 'admin');
      const first = await login(user.email);
      const second = await rotate(first.refreshToken);
      const other = await login(user.email);
      expect((await sudo(second.accessToken)).status).toBe(200);

      expect((await logout(second)).status).toBe(204);

      for (const { accessToken } of [first, second]) {
        const res = await me(accessToken);
        expectProblem(res, 401, 'TOKEN_INVALID');
        expect(res.headers['www-authenticate']).toBe('Bearer realm="tansiq"');
        const elevated = await sudo(accessToken);
        expectProblem(elevated, 401, 'TOKEN_INVALID');
        expect(elevated.headers['www-authenticate']).toBe('Bearer realm="tansiq"');
      }
      // Nor can the ended session's sudo mode, opened just before, still be used.
      const create = await t
        .http()
        .post('/api/v1/api-clients')
        .set(bearer(second.accessToken))
        .send({ name: 'After logout', allCommittees: true });
      expectProblem(create, 401, 'TOKEN_INVALID');
      // The user's other session goes on.
      expect((await me(other.accessToken)).status).toBe(200);
      expect((await sudo(other.accessToken)).status).toBe(200);
      expect((await rotate(other.refreshToken)).refreshToken).toEqual(expect.any(String));
    });

    it('reuse detection ends the access tokens of the session too', async () => {
      const user = await createUser(t, 'analyst');
      const first = await login(user.email);
      const second = await rotate(first.refreshToken);
      await rotate(second.refreshToken);
      expectProblem(await refresh(first.refreshToken), 401, 'REFRESH_TOKEN_REUSED');
      expectProblem(await me(second.accessToken), 401, 'TOKEN_INVALID');
    });

    it('POST /auth/sudo refuses a session that ended after the guard let its token through', async () => {
      // The guard and the route read the session at different moments; a logout may fall between.
      const user = await createUser(t, 'admin', { signedInMinutesAgo: 11 });
      await sql(t.db.url, `UPDATE auth_sessions SET ended_at = now() WHERE id = $1`, [user.sessionId]);
      const principal = {
        kind: 'user' as const,
        userId: user.id,
        role: 'admin' as const,
        personId: null,
        sessionId: user.sessionId!,
        authenticatedAt: new Date(),
      };
      await expect(
        t.app.get(AuthService).sudo(principal, { password: TEST_PASSWORD }, '127.0.0.1'),
      ).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
      const [row] = await sql(
        t.db.url,
        `SELECT authenticated_at < now() - interval '10 minutes' AS untouched, ended_at IS NOT NULL AS ended FROM auth_sessions WHERE id = $1`,
        [user.sessionId],
      );
      expect(row).toEqual({ untouched: true, ended: true });
    });

    it('an access token of no session gets 401 TOKEN_INVALID from POST /auth/sudo, with the challenge', async () => {
      const user = await createUser(t, 'admin');
      // As issued before sessions existed: no `sid`.
      const token = jwt.sign({ sub: user.id, gen: 0 }, t.config.auth.jwtSecret, {
        algorithm: 'HS256',
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        expiresIn: 600,
      });
      expect((await me(token)).status).toBe(200);
      const res = await sudo(token);
      expectProblem(res, 401, 'TOKEN_INVALID');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="tansiq"');
      expect(res.body.detail).toBe('This access token belongs to no session, or its session has ended: sign in again.');
    });
  });
});
