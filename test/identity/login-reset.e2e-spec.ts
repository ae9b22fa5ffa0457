import { createUser, TEST_PASSWORD } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The account lock counts consecutive failures: a successful sign-in starts the count again
 * (with LOGIN_MAX_FAILURES=5, the fifth failure in a row locks the account).
 */
describe('a successful sign-in resets the failure count', () => {
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
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });
});
