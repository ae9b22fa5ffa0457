import { sha256 } from '../../src/platform/crypto/hash.js';
import type { Response } from 'supertest';
import { sql } from '../support/test-database.js';
import { createUser, SECRET_FIELDS, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { expectProblem } from '../support/problems.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** POST /auth/login, /auth/refresh and /auth/logout: tokens, sessions, locks and throttling. */
describe('auth', () => {
  describe('sign-in and sessions', () => {
    let t: TestApp;

    beforeAll(async () => {
      // Strict rotation (no reuse interval); the interval has its own file: refresh-reuse-interval.
      t = await createTestApp({ env: { REFRESH_REUSE_INTERVAL_SECONDS: '0' } });
    });
    afterAll(() => t.close());

    async function login(email: string, password = TEST_PASSWORD) {
      return t.http().post('/api/v1/auth/login').send({ email, password });
    }

    describe('sign-in', () => {
      it('signs in with the e-mail in any case and returns a token pair', async () => {
        const user = await createUser(t, 'secretary');
        const res = await login(user.email.toUpperCase());
        expect(res.status).toBe(200);
        // The per-address limit (60 a minute) is sent, as the document says.
        expect(res.headers['x-ratelimit-limit']).toBe('60');
        expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(60);
        expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
        expect(res.body).toEqual({
          accessToken: expect.any(String),
          refreshToken: expect.any(String),
          expiresIn: 900,
          tokenType: 'Bearer',
        });
        const me = await t.http().get('/api/v1/me').set('authorization', `Bearer ${res.body.accessToken}`);
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({
          id: user.id,
          email: user.email,
          role: 'secretary',
          person: null,
          memberships: [],
        });
        expect(me.body.lastLoginAt).not.toBeNull();
        expect(JSON.stringify(me.body)).not.toMatch(SECRET_FIELDS);
      });

      it('a wrong password is 401 INVALID_CREDENTIALS, with the rate-limit headers the document gives it', async () => {
        const user = await createUser(t, 'secretary');
        const res = await login(user.email, 'not-the-password');
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
        expect(res.headers['x-ratelimit-limit']).toBe('60');
        expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(60);
      });

      it('gives one answer for an unknown e-mail and a wrong password', async () => {
        const user = await createUser(t, 'analyst');
        const unknown = await login('nobody@nowhere.example', 'whatever-password');
        const wrong = await login(user.email, 'not-the-password');
        expectProblem(unknown, 401);
        expectProblem(wrong, 401);
        expect(unknown.body.detail).toBe(wrong.body.detail);
        expect(unknown.body.title).toBe(wrong.body.title);
      });
    });

    describe('refresh-token rotation', () => {
      it('rotates refresh tokens and revokes the whole family when a spent one comes back', async () => {
        const user = await createUser(t, 'liaison_officer');
        const first = (await login(user.email)).body;
        const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
        expect(second.status).toBe(200);
        expect(second.body.refreshToken).not.toBe(first.refreshToken);

        const reuse = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
        expectProblem(reuse, 401);
        const afterTheft = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
        expectProblem(afterTheft, 401);
        const family = await sql<{ revoked_reason: string | null }>(
          t.db.url,
          `SELECT revoked_reason FROM refresh_tokens WHERE user_id = $1`,
          [user.id],
        );
        expect(family).toHaveLength(2);
        expect(family.every((r) => r.revoked_reason === 'reuse detected')).toBe(true);
      });

      it('lets exactly one of two concurrent refreshes with the same token win', async () => {
        const user = await createUser(t, 'analyst');
        const { refreshToken } = (await login(user.email)).body;
        const results = await Promise.all(
          [1, 2].map(() => t.http().post('/api/v1/auth/refresh').send({ refreshToken })),
        );
        expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
      });

      it('stores refresh tokens only as hashes', async () => {
        const user = await createUser(t, 'analyst');
        const { refreshToken } = (await login(user.email)).body;
        const rows = await sql<{ token_hash: string }>(
          t.db.url,
          `SELECT token_hash FROM refresh_tokens WHERE user_id = $1`,
          [user.id],
        );
        expect(rows).toEqual([{ token_hash: sha256(refreshToken) }]);
      });
    });

    /**
     * Refresh-token rotation (README, "Roles and access"): each refresh spends the presented
     * token, and presenting a spent token again revokes its whole family (theft detection):
     * every token of that session is dead, whoever holds it; other sessions are not touched.
     */
    describe('refresh-token reuse revokes the family', () => {
      let user: Actor;

      beforeAll(async () => {
        user = await createUser(t, 'secretary');
      });

      const loginUser = async () => {
        const res = await login(user.email);
        expect(res.status).toBe(200);
        return res.body.refreshToken as string;
      };
      const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken });

      it('a token spent two rotations ago, presented again, kills the newest token of the chain', async () => {
        const a = await loginUser();
        const b = await refresh(a);
        expect(b.status).toBe(200);
        const c = await refresh(b.body.refreshToken as string);
        expect(c.status).toBe(200);
        // The legitimate holder has c; someone replays b (spent, not the first one).
        const replay = await refresh(b.body.refreshToken as string);
        expectProblem(replay, 401);
        const newest = await refresh(c.body.refreshToken as string);
        expectProblem(newest, 401);
        expect((await refresh(a)).status).toBe(401);
      });

      it('the thief loses too: after the owner replays the spent token, the token the thief got is dead', async () => {
        const stolen = await loginUser();
        // The thief refreshes first and holds the new token.
        const thief = await refresh(stolen);
        expect(thief.status).toBe(200);
        // The owner, unaware, presents the spent token: reuse.
        expect((await refresh(stolen)).status).toBe(401);
        expect((await refresh(thief.body.refreshToken as string)).status).toBe(401);
      });

      it("another session of the same user survives the reuse of one family's token", async () => {
        const other = await loginUser();
        const a = await loginUser();
        expect((await refresh(a)).status).toBe(200);
        expect((await refresh(a)).status).toBe(401);
        const next = await refresh(other);
        expect(next.status).toBe(200);
        expect((await refresh(next.body.refreshToken as string)).status).toBe(200);
      });
    });

    describe('logout', () => {
      it('ends the session on logout', async () => {
        const user = await createUser(t, 'analyst');
        const tokens = (await login(user.email)).body;
        const out = await t
          .http()
          .post('/api/v1/auth/logout')
          .set('authorization', `Bearer ${tokens.accessToken}`)
          .send({ refreshToken: tokens.refreshToken });
        expect(out.status).toBe(204);
        expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken })).status).toBe(
          401,
        );
      });
    });
  });

  /**
   * The account lock counts consecutive failures: a successful sign-in starts the count again
   * (with LOGIN_MAX_FAILURES=5, the fifth failure in a row locks the account). On an app of its
   * own: the failures of other tests would count against the same source address.
   */
  describe('account lock: a successful sign-in resets the failure count', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_MINUTES: '15' } });
    });
    afterAll(() => t.close());

    const login = (email: string, password: string) => t.http().post('/api/v1/auth/login').send({ email, password });

    it('4 failures, a success, 4 more failures: the right password still works (200)', async () => {
      const user = await createUser(t, 'analyst');
      for (let i = 0; i < 4; i++) expect((await login(user.email, 'wrong-wrong-wrong')).status).toBe(401);
      expect((await login(user.email, TEST_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await login(user.email, 'wrong-wrong-wrong')).status).toBe(401);
      const res = await login(user.email, TEST_PASSWORD);
      expect(res.status).toBe(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
    });

    it('without the success in between, the fifth failure locks the account (429)', async () => {
      const user = await createUser(t, 'analyst');
      for (let i = 0; i < 5; i++) expect((await login(user.email, 'wrong-wrong-wrong')).status).toBe(401);
      const locked = await login(user.email, TEST_PASSWORD);
      expectProblem(locked, 429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    });

    /**
     * Each attempt is counted before its password is checked: 20 wrong passwords sent at once
     * get at most 5 answers about the password, the rest 429, on every route that checks one.
     */
    describe('parallel wrong passwords do not get past the lock', () => {
      // Each test on fresh counters: the source address would otherwise fill up across tests.
      beforeEach(() => sql(t.db.url, `DELETE FROM rate_limit_buckets`));

      const PARALLEL = 20;
      async function expectAtMostFiveChecked(send: () => Promise<Response>, wrongStatus: number) {
        const answers = await Promise.all(Array.from({ length: PARALLEL }, send));
        const checked = answers.filter((r) => r.status !== 429);
        expect(checked.length).toBeLessThanOrEqual(5);
        expect(checked.map((r) => r.status)).toEqual(checked.map(() => wrongStatus));
        for (const locked of answers.filter((r) => r.status === 429)) {
          expectProblem(locked, 429, 'LOGIN_LOCKED');
          expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
        }
      }

      it('POST /auth/login', async () => {
        const user = await createUser(t, 'analyst');
        await expectAtMostFiveChecked(() => login(user.email, 'wrong-wrong-wrong'), 401);
        expectProblem(await login(user.email, TEST_PASSWORD), 429, 'LOGIN_LOCKED');
      });

      it('POST /auth/sudo', async () => {
        const user = await createUser(t, 'admin');
        await expectAtMostFiveChecked(
          () => t.http().post('/api/v1/auth/sudo').set(user.headers).send({ password: 'wrong-wrong-wrong' }),
          400,
        );
        expectProblem(await login(user.email, TEST_PASSWORD), 429, 'LOGIN_LOCKED');
      });

      it('POST /me/password', async () => {
        const user = await createUser(t, 'analyst');
        await expectAtMostFiveChecked(
          () =>
            t
              .http()
              .post('/api/v1/me/password')
              .set(user.headers)
              .send({ currentPassword: 'wrong-wrong-wrong', newPassword: 'a-chosen-new-passphrase' }),
          400,
        );
        expectProblem(await login(user.email, TEST_PASSWORD), 429, 'LOGIN_LOCKED');
      });

      it('successful sign-ins do not fill the source address (4 × 5 allowed failures)', async () => {
        const users = await Promise.all(Array.from({ length: 5 }, () => createUser(t, 'analyst')));
        for (let round = 0; round < 5; round++)
          for (const user of users) expect((await login(user.email, TEST_PASSWORD)).status).toBe(200);
        const [hits] = await sql<{ hits: number }>(
          t.db.url,
          `SELECT coalesce(sum(hits), 0)::int AS hits FROM rate_limit_buckets WHERE key LIKE 'login:%'`,
        );
        expect(hits).toEqual({ hits: 0 });
      });
    });
  });

  describe('sign-in throttling (shared through PostgreSQL)', () => {
    let t: TestApp;
    let other: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' } });
      // A second instance on the same database, as behind a load balancer.
      other = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3' }, database: t.db });
    });
    afterAll(async () => {
      await other.close({ keepDatabase: true });
      await t.close();
    });

    it('locks an account after repeated failures, on every instance, with Retry-After', async () => {
      const user = await createUser(t, 'analyst');
      for (let i = 0; i < 3; i++) {
        const instance = i % 2 === 0 ? t : other;
        expect(
          (await instance.http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-wrong-wrong' }))
            .status,
        ).toBe(401);
      }
      for (const instance of [t, other]) {
        const locked = await instance
          .http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: TEST_PASSWORD });
        expectProblem(locked, 429);
        const retryAfter = Number(locked.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(14 * 60);
        expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      }
      // Once the lock is over, the right password works again.
      await sql(
        t.db.url,
        `UPDATE rate_limit_buckets SET blocked_until = now() - interval '1 second', window_ends_at = now() - interval '1 second'`,
      );
      expect(
        (await t.http().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status,
      ).toBe(200);
    });

    it('locks a source address that tries many accounts', async () => {
      await sql(t.db.url, `DELETE FROM rate_limit_buckets`);
      // 3 failures per account × 4 = 12 failures from one address.
      for (let i = 0; i < 12; i++) {
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: `spray${i}@example.org`, password: 'guess-guess-guess' });
      }
      const user = await createUser(t, 'analyst');
      const res = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    });
  });
});
