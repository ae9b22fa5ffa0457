import { createUser, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Refresh-token rotation (README, "Roles and access"): each refresh spends the presented
 * token, and presenting a spent token again revokes its whole family (theft detection):
 * every token of that session is dead, whoever holds it; other sessions are not touched.
 */
describe('refresh-token reuse revokes the family', () => {
  let t: TestApp;
  let user: Actor;

  beforeAll(async () => {
    // Strict rotation (no reuse interval); the interval has its own file: refresh-reuse-interval.
    t = await createTestApp({ env: { REFRESH_REUSE_INTERVAL_SECONDS: '0' } });
    user = await createUser(t, 'secretary');
  });
  afterAll(() => t.close());

  const login = async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    return res.body.refreshToken as string;
  };
  const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken });

  it('a token spent two rotations ago, presented again, kills the newest token of the chain', async () => {
    const a = await login();
    const b = await refresh(a);
    expect(b.status).toBe(200);
    const c = await refresh(b.body.refreshToken as string);
    expect(c.status).toBe(200);
    // The legitimate holder has c; someone replays b (spent, not the first one).
    const replay = await refresh(b.body.refreshToken as string);
    expect(replay.status).toBe(401);
    const newest = await refresh(c.body.refreshToken as string);
    expect(newest.status).toBe(401);
    expect((await refresh(a)).status).toBe(401);
  });

  it('the thief loses too: after the owner replays the spent token, the token the thief got is dead', async () => {
    const stolen = await login();
    // The thief refreshes first and holds the new token.
    const thief = await refresh(stolen);
    expect(thief.status).toBe(200);
    // The owner, unaware, presents the spent token: reuse.
    expect((await refresh(stolen)).status).toBe(401);
    expect((await refresh(thief.body.refreshToken as string)).status).toBe(401);
  });

  it("another session of the same user survives the reuse of one family's token", async () => {
    const other = await login();
    const a = await login();
    expect((await refresh(a)).status).toBe(200);
    expect((await refresh(a)).status).toBe(401);
    const next = await refresh(other);
    expect(next.status).toBe(200);
    expect((await refresh(next.body.refreshToken as string)).status).toBe(200);
  });
});
