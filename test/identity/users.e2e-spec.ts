import { sql } from '../support/test-database.js';
import { createUser, SECRET_FIELDS, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { expectProblem } from '../support/problems.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** /users (admins only): accounts, their ETags and paging, and what deactivation and a reset end. */
describe('users', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
  });
  afterAll(() => t.close());

  async function login(email: string, password = TEST_PASSWORD) {
    return t.http().post('/api/v1/auth/login').send({ email, password });
  }

  describe('create', () => {
    it('refuses short and common passwords, naming the field', async () => {
      for (const password of ['short', 'password1234', 'aaaaaaaaaaaaaaaa']) {
        const res = await t
          .http()
          .post('/api/v1/users')
          .set(admin.headers)
          .send({ email: `p${password.length}@x.example`, displayName: 'P', role: 'analyst', password });
        expectProblem(res, 400);
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
      expectProblem(dup, 409);
      const list = await t.http().get('/api/v1/users?limit=200').set(admin.headers);
      expect(JSON.stringify(list.body)).not.toMatch(SECRET_FIELDS);
    });
  });

  it('serves users with ETags: 304 on If-None-Match, 412 on a stale If-Match', async () => {
    const user = await createUser(t, 'analyst');
    const first = await t.http().get(`/api/v1/users/${user.id}`).set(admin.headers);
    // A strong tag of the representation (128 bits, base64url), not the version.
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
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
    expectProblem(stale, 412);
    expect(stale.headers.etag).toBe(updated.headers.etag);
    expect(updated.headers.etag).not.toBe(first.headers.etag);
  });

  it('takes an id in any case and answers with it in lower case (UUIDs are case-insensitive)', async () => {
    const user = await createUser(t, 'analyst');
    const upper = user.id.toUpperCase();
    expect(upper).not.toBe(user.id);
    const read = await t.http().get(`/api/v1/users/${upper}`).set(admin.headers);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(user.id);
    const renamed = await t
      .http()
      .patch(`/api/v1/users/${upper}`)
      .set(admin.headers)
      .send({ displayName: 'Upper Case' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: user.id, displayName: 'Upper Case' });
    expectProblem(
      await t.http().get(`/api/v1/users/${'0000000A-0000-4000-8000-00000000000B'}`).set(admin.headers),
      404,
      'NOT_FOUND',
    );
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
    expectProblem(bad, 400);
    expect(bad.body.errors[0].field).toBe('sort');
    const badCursor = await t.http().get('/api/v1/users?cursor=garbage').set(admin.headers);
    expectProblem(badCursor, 400);
    expect(badCursor.body.errors[0].field).toBe('cursor');
  });

  describe('deactivation and password reset end sessions', () => {
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
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken })).status).toBe(
        401,
      );
      const again = await login(user.email);
      expectProblem(again, 401);
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
  });
});

/**
 * A sensitive PATCH checks the permission on its transaction's connection: with a pool of 2,
 * a burst of 8 by an admin linked to a person (whose seats are looked up) all succeed instead
 * of waiting on a second connection the held ones never free (503 after the pool's wait).
 */
describe('users: a burst of role changes larger than the connection pool', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { DATABASE_POOL_SIZE: '2' } });
  });
  afterAll(() => t.close());

  it('every PATCH of the burst succeeds (200)', async () => {
    const registry = new RegistryFactory(t, await createUser(t, 'admin'));
    const person = await registry.person((await registry.party()).id);
    const admin = await createUser(t, 'admin', { personId: person.id });
    const users = await Promise.all(Array.from({ length: 8 }, () => createUser(t, 'analyst')));
    const responses = await Promise.all(
      users.map((u) => t.http().patch(`/api/v1/users/${u.id}`).set(admin.headers).send({ role: 'secretary' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
  });
});
