import { sql } from '../support/test-database.js';
import { createUser, TEST_PASSWORD } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

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
      expect(locked.status).toBe(429);
      expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
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
