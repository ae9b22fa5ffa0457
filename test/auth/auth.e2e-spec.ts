import { sha256 } from '../../src/platform/crypto/hash.js';
import { sql } from '../support/test-database.js';
import { createApiClient, createUser, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SECRET_FIELDS = /passwordHash|password_hash|tokenHash|token_hash|keyHash|key_hash|\$argon2/;

describe('sign-in, sessions and accounts', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    // Strict rotation (no reuse interval); the interval has its own file: refresh-reuse-interval.
    t = await createTestApp({ env: { REFRESH_REUSE_INTERVAL_SECONDS: '0' } });
    admin = await createUser(t, 'admin');
  });
  afterAll(() => t.close());

  async function login(email: string, password = TEST_PASSWORD) {
    return t.http().post('/api/v1/auth/login').send({ email, password });
  }

  it('signs in with the e-mail in any case and returns a token pair', async () => {
    const user = await createUser(t, 'secretary');
    const res = await login(user.email.toUpperCase());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
      tokenType: 'Bearer',
    });
    const me = await t.http().get('/api/v1/me').set('authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, email: user.email, role: 'secretary', person: null, memberships: [] });
    expect(me.body.lastLoginAt).not.toBeNull();
    expect(JSON.stringify(me.body)).not.toMatch(SECRET_FIELDS);
  });

  it('gives one answer for an unknown e-mail and a wrong password', async () => {
    const user = await createUser(t, 'analyst');
    const unknown = await login('nobody@nowhere.example', 'whatever-password');
    const wrong = await login(user.email, 'not-the-password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(unknown.body.title).toBe(wrong.body.title);
  });

  it('rotates refresh tokens and revokes the whole family when a spent one comes back', async () => {
    const user = await createUser(t, 'liaison_officer');
    const first = (await login(user.email)).body;
    const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);

    const reuse = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    const afterTheft = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
    expect(afterTheft.status).toBe(401);
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
    const results = await Promise.all([1, 2].map(() => t.http().post('/api/v1/auth/refresh').send({ refreshToken })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('ends the session on logout', async () => {
    const user = await createUser(t, 'analyst');
    const tokens = (await login(user.email)).body;
    const out = await t
      .http()
      .post('/api/v1/auth/logout')
      .set('authorization', `Bearer ${tokens.accessToken}`)
      .send({ refreshToken: tokens.refreshToken });
    expect(out.status).toBe(204);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken })).status).toBe(401);
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

  it('deactivation ends sessions and access tokens at once, and sign-in fails with the usual message', async () => {
    const user = await createUser(t, 'secretary');
    const tokens = (await login(user.email)).body;
    const bearer = { authorization: `Bearer ${tokens.accessToken}` };
    expect((await t.http().get('/api/v1/me').set(bearer)).status).toBe(200);

    const res = await t.http().patch(`/api/v1/users/${user.id}`).set(admin.headers).send({ active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);

    expect((await t.http().get('/api/v1/me').set(bearer)).status).toBe(401);
    expect((await t.http().get('/api/v1/me').set(user.headers)).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken })).status).toBe(401);
    const again = await login(user.email);
    expect(again.status).toBe(401);
    expect(again.body.detail).toBe('The e-mail or password is wrong.');
  });

  it('a password reset by an admin ends the old sessions', async () => {
    const user = await createUser(t, 'analyst');
    const tokens = (await login(user.email)).body;
    const res = await t
      .http()
      .post(`/api/v1/users/${user.id}/password`)
      .set(admin.headers)
      .send({ password: 'a-brand-new-long-passphrase' });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(SECRET_FIELDS);
    expect((await t.http().get('/api/v1/me').set('authorization', `Bearer ${tokens.accessToken}`)).status).toBe(401);
    expect((await login(user.email)).status).toBe(401);
    expect((await login(user.email, 'a-brand-new-long-passphrase')).status).toBe(200);
  });

  it('lets users change their own password with the current one', async () => {
    const user = await createUser(t, 'liaison_officer');
    const wrong = await t
      .http()
      .post('/api/v1/me/password')
      .set(user.headers)
      .send({ currentPassword: 'nope', newPassword: 'another-long-passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: 'is wrong' }]);
    const ok = await t
      .http()
      .post('/api/v1/me/password')
      .set(user.headers)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'another-long-passphrase' });
    expect(ok.status).toBe(200);
    expect((await t.http().get('/api/v1/me').set(user.headers)).status).toBe(401);
    expect((await t.http().get('/api/v1/me').set('authorization', `Bearer ${ok.body.accessToken}`)).status).toBe(200);
  });

  it('refuses short and common passwords, naming the field', async () => {
    for (const password of ['short', 'password1234', 'aaaaaaaaaaaaaaaa']) {
      const res = await t
        .http()
        .post('/api/v1/users')
        .set(admin.headers)
        .send({ email: `p${password.length}@x.example`, displayName: 'P', role: 'analyst', password });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('password');
    }
  });

  it('creates users with unique e-mails regardless of case, without exposing the hash', async () => {
    const body = {
      email: 'Unique.Person@Example.org',
      displayName: 'Unique',
      role: 'analyst',
      password: 'a-long-enough-passphrase',
    };
    const created = await t.http().post('/api/v1/users').set(admin.headers).send(body);
    expect(created.status).toBe(201);
    expect(created.body.email).toBe('unique.person@example.org');
    expect(JSON.stringify(created.body)).not.toMatch(SECRET_FIELDS);
    const dup = await t
      .http()
      .post('/api/v1/users')
      .set(admin.headers)
      .send({ ...body, email: 'UNIQUE.person@example.org' });
    expect(dup.status).toBe(409);
    const list = await t.http().get('/api/v1/users?limit=200').set(admin.headers);
    expect(JSON.stringify(list.body)).not.toMatch(SECRET_FIELDS);
  });

  it('blocks mass assignment: nobody sets their own role through any body', async () => {
    const user = await createUser(t, 'liaison_officer');
    const me = await t.http().patch('/api/v1/me').set(user.headers).send({ displayName: 'New name', role: 'admin' });
    expect(me.status).toBe(400);
    expect(me.body.errors).toEqual([{ field: 'role', message: 'is not a known field' }]);
    for (const extra of [
      { active: true },
      { personId: '00000000-0000-4000-8000-000000000000' },
      { tokenGeneration: 0 },
      { email: 'x@y.z' },
    ]) {
      expect(
        (
          await t
            .http()
            .patch('/api/v1/me')
            .set(user.headers)
            .send({ displayName: 'x', ...extra })
        ).status,
      ).toBe(400);
    }
    expect((await t.http().patch(`/api/v1/users/${user.id}`).set(user.headers).send({ role: 'admin' })).status).toBe(
      403,
    );
    expect(
      (
        await t
          .http()
          .post('/api/v1/me/password')
          .set(user.headers)
          .send({ currentPassword: TEST_PASSWORD, newPassword: 'yet-another-passphrase', role: 'admin' })
      ).status,
    ).toBe(400);
    const [row] = await sql<{ role: string }>(t.db.url, `SELECT role FROM users WHERE id = $1`, [user.id]);
    expect(row!.role).toBe('liaison_officer');
    const ok = await t.http().patch('/api/v1/me').set(user.headers).send({ displayName: 'Only the name' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ displayName: 'Only the name', role: 'liaison_officer' });
  });

  it('serves users with ETags: 304 on If-None-Match, 412 on a stale If-Match', async () => {
    const user = await createUser(t, 'analyst');
    const first = await t.http().get(`/api/v1/users/${user.id}`).set(admin.headers);
    expect(first.headers.etag).toBe(`"${first.body.version}"`);
    const cached = await t
      .http()
      .get(`/api/v1/users/${user.id}`)
      .set(admin.headers)
      .set('if-none-match', first.headers.etag);
    expect(cached.status).toBe(304);
    const updated = await t
      .http()
      .patch(`/api/v1/users/${user.id}`)
      .set(admin.headers)
      .set('if-match', first.headers.etag)
      .send({ displayName: 'Renamed' });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(first.body.version + 1);
    const stale = await t
      .http()
      .patch(`/api/v1/users/${user.id}`)
      .set(admin.headers)
      .set('if-match', first.headers.etag)
      .send({ displayName: 'Again' });
    expect(stale.status).toBe(412);
    expect(stale.headers.etag).toBe(`"${updated.body.version}"`);
  });

  it('pages through users with a cursor and a Link header', async () => {
    for (let i = 0; i < 3; i++) await createUser(t, 'analyst');
    const seen = new Set<string>();
    let url: string | null = '/api/v1/users?limit=2&sort=-createdAt';
    let pages = 0;
    while (url) {
      const res: import('supertest').Response = await t.http().get(url).set(admin.headers);
      expect(res.status).toBe(200);
      for (const u of res.body.items as { id: string }[]) {
        expect(seen.has(u.id)).toBe(false);
        seen.add(u.id);
      }
      url = res.body.nextCursor ? /<([^>]+)>; rel="next"/.exec(res.headers.link)![1]! : null;
      pages++;
    }
    const [{ n }] = await sql<{ n: string }>(t.db.url, 'SELECT count(*) AS n FROM users');
    expect(seen.size).toBe(Number(n));
    expect(pages).toBeGreaterThan(2);
    const bad = await t.http().get('/api/v1/users?sort=password').set(admin.headers);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('sort');
    const badCursor = await t.http().get('/api/v1/users?cursor=garbage').set(admin.headers);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].field).toBe('cursor');
  });
});

describe('API clients', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
  });
  afterAll(() => t.close());

  it('shows the key once, stores only its hash, records use, and stops it on revocation', async () => {
    const created = await t
      .http()
      .post('/api/v1/api-clients')
      .set(admin.headers)
      .send({ name: 'Quarterly report', allCommittees: true });
    expect(created.status).toBe(201);
    const { id, key } = created.body as { id: string; key: string };
    expect(key).toMatch(/^tsq_/);
    expect(created.body.keyPrefix).toBe(key.slice(0, 12));

    const read = await t.http().get(`/api/v1/api-clients/${id}`).set(admin.headers);
    expect(read.body.key).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain(key.slice(12));
    const list = await t.http().get('/api/v1/api-clients').set(admin.headers);
    expect(JSON.stringify(list.body)).not.toContain(key.slice(12));
    expect(JSON.stringify(list.body)).not.toMatch(SECRET_FIELDS);

    const [row] = await sql<Record<string, unknown>>(t.db.url, `SELECT * FROM api_clients WHERE id = $1`, [id]);
    expect(row!.key_hash).toBe(sha256(key));
    expect(JSON.stringify(row)).not.toContain(key.slice(12));
    expect(row!.last_used_at).toBeNull();

    // Read-only: a write is refused even where a user could make it.
    const write = await t.http().patch('/api/v1/me').set('x-api-key', key).send({});
    expect(write.status).toBe(403);
    const [used] = await sql<{ last_used_at: Date | null }>(
      t.db.url,
      `SELECT last_used_at FROM api_clients WHERE id = $1`,
      [id],
    );
    expect(used!.last_used_at).not.toBeNull();

    expect((await t.http().delete(`/api/v1/api-clients/${id}`).set(admin.headers)).status).toBe(204);
    expect((await t.http().delete(`/api/v1/api-clients/${id}`).set(admin.headers)).status).toBe(204);
    expect((await t.http().get('/api/v1/me').set('x-api-key', key)).status).toBe(401);
    const revoked = await t.http().get(`/api/v1/api-clients/${id}`).set(admin.headers);
    expect(revoked.body.revokedAt).not.toBeNull();
  });

  it('needs a scope: all committees or a list', async () => {
    const none = await t.http().post('/api/v1/api-clients').set(admin.headers).send({ name: 'x' });
    expect(none.status).toBe(400);
    const both = await t
      .http()
      .post('/api/v1/api-clients')
      .set(admin.headers)
      .send({ name: 'x', allCommittees: true, committeeIds: ['7d7a1e0e-6f1c-4a39-9e0b-0c6f6a0f7f11'] });
    expect(both.status).toBe(400);
    const bad = await t
      .http()
      .post('/api/v1/api-clients')
      .set(admin.headers)
      .send({ name: 'x', committeeIds: ['nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('committeeIds');
    const unknown = await t
      .http()
      .post('/api/v1/api-clients')
      .set(admin.headers)
      .send({ name: 'x', committeeIds: ['7d7a1e0e-6f1c-4a39-9e0b-0c6f6a0f7f11'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { field: 'committeeIds', message: 'contains an id that matches no committee' },
    ]);
  });

  it('refuses an unknown key', async () => {
    const client = await createApiClient(t);
    expect(
      (
        await t
          .http()
          .get('/api/v1/me')
          .set('x-api-key', client.key + 'x')
      ).status,
    ).toBe(401);
  });
});
