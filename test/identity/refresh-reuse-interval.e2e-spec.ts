import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { loadConfig, type ConfigError } from '../../src/platform/config/config.js';
import { createUser, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Both instances sign and derive with the same secret, as in a deployment. */
const JWT_SECRET = 'refresh-reuse-interval-test-secret-0123456789';

/**
 * The refresh reuse interval (README, "Roles and access"): within
 * REFRESH_REUSE_INTERVAL_SECONDS (10 by default) of a rotation, the just-spent refresh token
 * gets the same successor pair again, so parallel tabs and retries after a lost response keep
 * the session; after the interval, or for an older spent token, reuse still revokes the family.
 */
describe('refresh reuse interval', () => {
  let t: TestApp;
  let other: TestApp;
  let user: Actor;

  beforeAll(async () => {
    t = await createTestApp({ env: { JWT_SECRET } });
    // A second instance on the same database, as behind a load balancer.
    other = await createTestApp({ env: { JWT_SECRET }, database: t.db });
    user = await createUser(t, 'liaison_officer');
  });
  afterAll(async () => {
    await other.close({ keepDatabase: true });
    await t.close();
  });

  const login = async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    return res.body as { accessToken: string; refreshToken: string };
  };
  const refresh = (refreshToken: string, instance = t) =>
    instance.http().post('/api/v1/auth/refresh').send({ refreshToken });
  const me = (accessToken: string) => t.http().get('/api/v1/me').set('authorization', `Bearer ${accessToken}`);
  const family = (refreshToken: string) =>
    sql<{ token_hash: string; spent: boolean; revoked_reason: string | null }>(
      t.db.url,
      `SELECT token_hash, spent_at IS NOT NULL AS spent, revoked_reason FROM refresh_tokens
        WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) ORDER BY created_at, id`,
      [sha256(refreshToken)],
    );
  const spentAgo = (refreshToken: string, seconds: number) =>
    sql(t.db.url, `UPDATE refresh_tokens SET spent_at = now() - make_interval(secs => $2) WHERE token_hash = $1`, [
      sha256(refreshToken),
      seconds,
    ]);

  it('six parallel refreshes with one token, on two instances, all succeed with the same successor', async () => {
    const { refreshToken } = await login();
    const results = await Promise.all(
      [t, other, t, other, t, other].map((instance) => refresh(refreshToken, instance)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const [first] = results;
    for (const r of results) {
      expect(r.body).toEqual({
        accessToken: first!.body.accessToken,
        refreshToken: first!.body.refreshToken,
        expiresIn: 900,
        tokenType: 'Bearer',
      });
    }
    expect(first!.body.refreshToken).not.toBe(refreshToken);
    // One rotation happened: the login's token spent, one successor, nothing revoked.
    expect(await family(refreshToken)).toEqual([
      { token_hash: sha256(refreshToken), spent: true, revoked_reason: null },
      { token_hash: sha256(first!.body.refreshToken as string), spent: false, revoked_reason: null },
    ]);
    // The pair works: the access token authenticates, the refresh token rotates on.
    expect((await me(first!.body.accessToken as string)).status).toBe(200);
    const next = await refresh(first!.body.refreshToken as string);
    expect(next.status).toBe(200);
    expect(next.body.refreshToken).not.toBe(first!.body.refreshToken);
    expect(next.body.accessToken).not.toBe(first!.body.accessToken);
  });

  it('a retry within the interval gets the very same access token: same jti, iat and exp', async () => {
    const { refreshToken } = await login();
    const a = await refresh(refreshToken);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a later second: a fresh iat would differ
    const b = await refresh(refreshToken);
    expect(b.status).toBe(200);
    expect(b.body.accessToken).toBe(a.body.accessToken);
    expect(b.body.refreshToken).toBe(a.body.refreshToken);
    const claims = jwt.verify(a.body.accessToken as string, JWT_SECRET) as jwt.JwtPayload;
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(typeof claims.jti).toBe('string');
    expect(typeof claims.sid).toBe('string');
  });

  it('just inside the interval the retry still succeeds; after it, the retry revokes the whole family', async () => {
    const { refreshToken: a } = await login();
    const b = (await refresh(a)).body.refreshToken as string;
    await spentAgo(a, 9);
    expect((await refresh(a)).status).toBe(200);

    await spentAgo(a, 11);
    const late = await refresh(a);
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('REFRESH_TOKEN_REUSED');
    // Theft detection holds: the successor is dead too.
    expect((await refresh(b)).status).toBe(401);
    expect((await family(a)).map((r) => r.revoked_reason)).toEqual(['reuse detected', 'reuse detected']);
  });

  it('an older spent token (its successor already rotated) revokes the family at once', async () => {
    const { refreshToken: a } = await login();
    const b = (await refresh(a)).body.refreshToken as string;
    const c = (await refresh(b)).body.refreshToken as string;
    // Within the interval for both a and b: b is the just-spent token, a is not.
    expect((await refresh(a)).status).toBe(401);
    expect((await refresh(c)).status).toBe(401);
    expect((await refresh(b)).status).toBe(401);
    expect((await family(a)).map((r) => r.revoked_reason)).toEqual([
      'reuse detected',
      'reuse detected',
      'reuse detected',
    ]);
  });

  it('the just-spent token of a longer chain gets the newest pair; the one before it does not', async () => {
    const { refreshToken: a } = await login();
    const b = (await refresh(a)).body.refreshToken as string;
    const c = await refresh(b);
    const again = await refresh(b);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(c.body);
  });

  it('after a logout the spent token gets nothing, within the interval too', async () => {
    const { refreshToken: a } = await login();
    const b = await refresh(a);
    const out = await t
      .http()
      .post('/api/v1/auth/logout')
      .set('authorization', `Bearer ${b.body.accessToken}`)
      .send({ refreshToken: b.body.refreshToken });
    expect(out.status).toBe(204);
    expect((await refresh(a)).status).toBe(401);
    expect((await refresh(b.body.refreshToken as string)).status).toBe(401);
  });

  it('stores no refresh token in plain text, the successor included', async () => {
    const { refreshToken: a } = await login();
    const b = (await refresh(a)).body.refreshToken as string;
    const rows = await sql(
      t.db.url,
      `SELECT r.* FROM refresh_tokens r WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [sha256(a)],
    );
    expect(rows).toHaveLength(2);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(a);
    expect(stored).not.toContain(b);
  });

  it('with REFRESH_REUSE_INTERVAL_SECONDS=0 an immediate retry already revokes the family', async () => {
    const strict = await createTestApp({ env: { JWT_SECRET, REFRESH_REUSE_INTERVAL_SECONDS: '0' }, database: t.db });
    try {
      const { refreshToken: a } = await login();
      const b = await refresh(a, strict);
      expect(b.status).toBe(200);
      expect((await refresh(a, strict)).status).toBe(401);
      expect((await refresh(b.body.refreshToken as string, strict)).status).toBe(401);
    } finally {
      await strict.close({ keepDatabase: true });
    }
  });
});

describe('refresh reuse interval setting', () => {
  it('defaults to 10 seconds, takes 0 (off), and is validated', () => {
    expect(loadConfig({}).auth.refreshReuseIntervalSeconds).toBe(10);
    expect(loadConfig({ REFRESH_REUSE_INTERVAL_SECONDS: '0' }).auth.refreshReuseIntervalSeconds).toBe(0);
    let problems: string[] = [];
    try {
      loadConfig({ REFRESH_REUSE_INTERVAL_SECONDS: 'soon' });
    } catch (e) {
      problems = (e as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
    }
    expect(problems).toEqual(['REFRESH_REUSE_INTERVAL_SECONDS: must be an integer from 0 to 300 (got "soon")']);
  });
});
