import { loadConfig, type ConfigError } from '../../src/platform/config/config.js';
import { createApiClient, createUser, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { statementsOf } from '../support/plans.js';
import { expectProblem } from '../support/problems.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';

/**
 * Sudo mode (README, "Roles and access"): account and API-client administration needs a
 * sign-in, or a password confirmed with POST /auth/sudo, within SUDO_WINDOW_MINUTES (10 by
 * default) in the session of the access token; otherwise 403 REAUTHENTICATION_REQUIRED. An
 * admin's own password changes only through /me/password.
 */
describe('sudo mode: sensitive operations need a recent sign-in', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3' } });
  });
  afterAll(() => t.close());
  // Each test starts with no failed-attempt counters (the lock test fills them).
  beforeEach(() => sql(t.db.url, `DELETE FROM rate_limit_buckets`));

  let n = 0;
  const uid = () => `${process.pid}-${++n}-${Date.now().toString(36)}`;
  const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });
  const login = (email: string, password = TEST_PASSWORD) =>
    t.http().post('/api/v1/auth/login').send({ email, password });
  const sudo = (headers: Record<string, string>, password = TEST_PASSWORD) =>
    t.http().post('/api/v1/auth/sudo').set(headers).send({ password });
  /** An admin whose session was signed in 11 minutes ago: past the default window of 10. */
  const staleAdmin = () => createUser(t, 'admin', { signedInMinutesAgo: 11 });
  const signedInAt = (sessionId: string, ago: string) =>
    sql(t.db.url, `UPDATE auth_sessions SET authenticated_at = now() - $2::interval WHERE id = $1`, [sessionId, ago]);

  const REAUTHENTICATE = {
    status: 403,
    code: 'REAUTHENTICATION_REQUIRED',
    type: 'https://tansiq.dev/problems/reauthentication-required',
    detail: 'This action needs a recent sign-in: confirm your password with POST /api/v1/auth/sudo, then retry.',
    sudoUrl: '/api/v1/auth/sudo',
  };

  /**
   * Every sensitive operation: `send` does it as `admin`; `unchanged` is what the database
   * holds while it has not happened, `done` what it holds once it has.
   */
  interface Operation {
    name: string;
    permission: string;
    okStatus: number;
    prepare(admin: Actor): Promise<{
      send: (headers: Record<string, string>) => Promise<{ status: number; body: Record<string, unknown> }>;
      state: () => Promise<unknown>;
      before: unknown;
      after: unknown;
    }>;
  }
  const userRow = (id: string) =>
    sql(t.db.url, `SELECT role, active, token_generation FROM users WHERE id = $1`, [id]).then((r) => r[0]);
  const OPERATIONS: Operation[] = [
    {
      name: "setting another user's password",
      permission: 'account.password.set',
      okStatus: 200,
      async prepare() {
        const victim = await createUser(t, 'analyst');
        return {
          send: (h) =>
            t.http().post(`/api/v1/users/${victim.id}/password`).set(h).send({ password: 'a-new-long-passphrase' }),
          state: () => userRow(victim.id),
          before: { role: 'analyst', active: true, token_generation: 0 },
          after: { role: 'analyst', active: true, token_generation: 1 },
        };
      },
    },
    {
      name: 'changing a role',
      permission: 'account.administer',
      okStatus: 200,
      async prepare() {
        const user = await createUser(t, 'analyst');
        return {
          send: (h) => t.http().patch(`/api/v1/users/${user.id}`).set(h).send({ role: 'admin' }),
          state: () => userRow(user.id),
          before: { role: 'analyst', active: true, token_generation: 0 },
          after: { role: 'admin', active: true, token_generation: 0 },
        };
      },
    },
    {
      name: 'deactivating a user',
      permission: 'account.administer',
      okStatus: 200,
      async prepare() {
        const user = await createUser(t, 'secretary');
        return {
          send: (h) => t.http().patch(`/api/v1/users/${user.id}`).set(h).send({ active: false }),
          state: () => userRow(user.id),
          before: { role: 'secretary', active: true, token_generation: 0 },
          after: { role: 'secretary', active: false, token_generation: 1 },
        };
      },
    },
    {
      // The person brings its seats: linked to another party's co-chair, an account would sign off as them.
      name: 'linking an account to a person',
      permission: 'account.administer',
      okStatus: 200,
      async prepare(admin) {
        const registry = new RegistryFactory(t, admin);
        const person = await registry.person((await registry.party()).id);
        const user = await createUser(t, 'secretary');
        const linked = () => sql(t.db.url, `SELECT person_id FROM users WHERE id = $1`, [user.id]);
        return {
          send: (h) => t.http().patch(`/api/v1/users/${user.id}`).set(h).send({ personId: person.id }),
          state: linked,
          before: [{ person_id: null }],
          after: [{ person_id: person.id }],
        };
      },
    },
    {
      name: 'creating a user (it grants a role and sets a password)',
      permission: 'account.administer',
      okStatus: 201,
      async prepare() {
        const email = `sudo.new.${uid()}@test.tansiq`.toLowerCase();
        return {
          send: (h) =>
            t
              .http()
              .post('/api/v1/users')
              .set(h)
              .send({ email, displayName: 'New Admin', role: 'admin', password: 'a-long-orchard-passphrase' }),
          state: () => sql(t.db.url, `SELECT role FROM users WHERE email = $1`, [email]),
          before: [],
          after: [{ role: 'admin' }],
        };
      },
    },
    {
      name: 'creating an API client',
      permission: 'api-client.administer',
      okStatus: 201,
      async prepare() {
        const name = `Sudo report ${uid()}`;
        return {
          send: (h) => t.http().post('/api/v1/api-clients').set(h).send({ name, allCommittees: true }),
          state: () => sql(t.db.url, `SELECT all_committees FROM api_clients WHERE name = $1`, [name]),
          before: [],
          after: [{ all_committees: true }],
        };
      },
    },
    {
      name: 'revoking an API client',
      permission: 'api-client.administer',
      okStatus: 204,
      async prepare() {
        const client = await createApiClient(t);
        return {
          send: (h) => t.http().delete(`/api/v1/api-clients/${client.id}`).set(h),
          state: () =>
            sql(t.db.url, `SELECT revoked_at IS NOT NULL AS revoked FROM api_clients WHERE id = $1`, [client.id]),
          before: [{ revoked: false }],
          after: [{ revoked: true }],
        };
      },
    },
  ];

  describe.each(OPERATIONS.map((op) => [op.name, op] as const))('%s', (_name, op) => {
    it('is refused without a sign-in within the window, and allowed after POST /auth/sudo', async () => {
      const admin = await staleAdmin();
      const { send, state, before, after } = await op.prepare(admin);

      const refused = await send(admin.headers);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ ...REAUTHENTICATE, permission: op.permission });
      expect(await state()).toEqual(before);

      const confirmed = await sudo(admin.headers);
      expect(confirmed.status).toBe(200);
      const allowed = await send(admin.headers);
      expect(allowed.status).toBe(op.okStatus);
      expect(await state()).toEqual(after);
    });

    it('is allowed right after a sign-in: a fresh login starts in sudo mode', async () => {
      const admin = await staleAdmin();
      const { send, state, after } = await op.prepare(admin);
      const session = await login(admin.email);
      expect(session.status).toBe(200);
      expect((await send(bearer(session.body.accessToken as string))).status).toBe(op.okStatus);
      expect(await state()).toEqual(after);
    });
  });

  it('the window expires: 10 minutes after the sign-in the same session is refused again', async () => {
    const admin = await createUser(t, 'admin');
    const target = await createUser(t, 'analyst');
    const setRole = (role: string) => t.http().patch(`/api/v1/users/${target.id}`).set(admin.headers).send({ role });

    await signedInAt(admin.sessionId!, '9 minutes 50 seconds');
    expect((await setRole('secretary')).status).toBe(200);
    await signedInAt(admin.sessionId!, '10 minutes 1 second');
    const expired = await setRole('liaison_officer');
    expect(expired.status).toBe(403);
    expect(expired.body).toMatchObject(REAUTHENTICATE);
    expectProblem(expired, 403, 'REAUTHENTICATION_REQUIRED');
    expect(await userRow(target.id)).toMatchObject({ role: 'secretary' });

    // POST /auth/sudo opens the window again, for 10 minutes from now.
    const before = Date.now();
    const confirmed = await sudo(admin.headers);
    expect(confirmed.status).toBe(200);
    const until = new Date(confirmed.body.sudoUntil as string).getTime();
    expect(until).toBeGreaterThanOrEqual(before + 10 * 60_000 - 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);
    expect((await setRole('liaison_officer')).status).toBe(200);
  });

  it('SUDO_WINDOW_MINUTES sets the window', async () => {
    const wide = await createTestApp({ env: { SUDO_WINDOW_MINUTES: '30' }, database: t.db });
    try {
      const admin = await createUser(wide, 'admin', { signedInMinutesAgo: 29 });
      const target = await createUser(wide, 'analyst');
      const patch = () => wide.http().patch(`/api/v1/users/${target.id}`).set(admin.headers).send({ active: false });
      await signedInAt(admin.sessionId!, '30 minutes 1 second');
      expect((await patch()).status).toBe(403);
      await signedInAt(admin.sessionId!, '29 minutes');
      expect((await patch()).status).toBe(200);
    } finally {
      await wide.close({ keepDatabase: true });
    }
  });

  it('confirms the password for the session of the token only, and a refresh is not a sign-in', async () => {
    const admin = await createUser(t, 'admin');
    const a = (await login(admin.email)).body;
    const b = (await login(admin.email)).body;
    await sql(t.db.url, `UPDATE auth_sessions SET authenticated_at = now() - interval '1 hour' WHERE user_id = $1`, [
      admin.id,
    ]);
    const create = (accessToken: string) =>
      t
        .http()
        .post('/api/v1/api-clients')
        .set(bearer(accessToken))
        .send({ name: `Session ${uid()}`, allCommittees: true });

    expect((await sudo(bearer(a.accessToken as string))).status).toBe(200);
    expect((await create(a.accessToken as string)).status).toBe(201);
    expect((await create(b.accessToken as string)).status).toBe(403);

    // A refresh keeps its session's sign-in time: it proves no password.
    const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: b.refreshToken });
    expect(refreshed.status).toBe(200);
    const afterRefresh = await create(refreshed.body.accessToken as string);
    expect(afterRefresh.status).toBe(403);
    expect(afterRefresh.body.code).toBe('REAUTHENTICATION_REQUIRED');
  });

  it('a wrong password is a 400 on password and confirms nothing', async () => {
    const admin = await staleAdmin();
    const wrong = await sudo(admin.headers, 'not-the-password');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'password', message: 'is wrong' }],
    });
    const [session] = await sql<{ stale: boolean }>(
      t.db.url,
      `SELECT authenticated_at < now() - interval '10 minutes' AS stale FROM auth_sessions WHERE id = $1`,
      [admin.sessionId],
    );
    expect(session).toEqual({ stale: true });
    expect(
      (await t.http().post('/api/v1/api-clients').set(admin.headers).send({ name: 'x', allCommittees: true })).status,
    ).toBe(403);
  });

  it('failed sudo attempts lock like failed sign-ins (3 allowed here), and count with them', async () => {
    const admin = await staleAdmin();
    for (let i = 0; i < 3; i++) expect((await sudo(admin.headers, 'wrong-wrong-wrong')).status).toBe(400);
    const locked = await sudo(admin.headers);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('LOGIN_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    // The same lock as sign-ins: the right password does not sign in either.
    expect((await login(admin.email)).status).toBe(429);

    // And failed sign-ins count toward the lock of sudo.
    await sql(t.db.url, `DELETE FROM rate_limit_buckets`);
    const other = await staleAdmin();
    for (let i = 0; i < 2; i++) expect((await login(other.email, 'wrong-wrong-wrong')).status).toBe(401);
    expect((await sudo(other.headers, 'wrong-wrong-wrong')).status).toBe(400);
    expect((await sudo(other.headers)).status).toBe(429);
  });

  it("an admin's own password is never reset through /users/{id}/password, however recent the sign-in", async () => {
    const admin = await createUser(t, 'admin');
    const res = await t
      .http()
      .post(`/api/v1/users/${admin.id}/password`)
      .set(admin.headers)
      .send({ password: 'a-takeover-passphrase' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      status: 403,
      code: 'OWN_PASSWORD_REQUIRES_CURRENT',
      detail: 'Change your own password with POST /api/v1/me/password and your current password.',
      permission: 'account.password.set',
      changePasswordUrl: '/api/v1/me/password',
    });
    expectProblem(res, 403, 'OWN_PASSWORD_REQUIRES_CURRENT');
    // Nothing changed: the old password still signs in, the token still works.
    expect(await userRow(admin.id)).toEqual({ role: 'admin', active: true, token_generation: 0 });
    expect((await t.http().get('/api/v1/me').set(admin.headers)).status).toBe(200);
    expect((await login(admin.email)).status).toBe(200);
    expect((await login(admin.email, 'a-takeover-passphrase')).status).toBe(401);
    // Through /me/password, with the current password, it works (and starts a fresh session).
    const changed = await t
      .http()
      .post('/api/v1/me/password')
      .set(admin.headers)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'a-chosen-new-passphrase' });
    expect(changed.status).toBe(200);
  });

  it('an upper-case spelling of your own id is still your own account (UUIDs are case-insensitive)', async () => {
    const admin = await createUser(t, 'admin');
    const res = await t
      .http()
      .post(`/api/v1/users/${admin.id.toUpperCase()}/password`)
      .set(admin.headers)
      .send({ password: 'a-takeover-passphrase' });
    expectProblem(res, 403, 'OWN_PASSWORD_REQUIRES_CURRENT');
    expect(res.body).toMatchObject({ permission: 'account.password.set', changePasswordUrl: '/api/v1/me/password' });
    expect(await userRow(admin.id)).toEqual({ role: 'admin', active: true, token_generation: 0 });
    expect((await login(admin.email)).status).toBe(200);
    expect((await login(admin.email, 'a-takeover-passphrase')).status).toBe(401);
  });

  it('other admin work needs no recent sign-in: a display name, reading users', async () => {
    const admin = await staleAdmin();
    const user = await createUser(t, 'analyst');
    expect(
      (await t.http().patch(`/api/v1/users/${user.id}`).set(admin.headers).send({ displayName: 'Renamed' })).status,
    ).toBe(200);
    expect((await t.http().get('/api/v1/users').set(admin.headers)).status).toBe(200);
    expect((await t.http().post('/api/v1/parties').set(admin.headers).send({})).status).toBe(400);
  });

  it('is documented in OpenAPI: the sudo route, and the 403 of every sensitive route', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body;
    const route = doc.paths['/api/v1/auth/sudo'].post;
    // Every status explicit (no 4XX): an API key is refused with 403 FORBIDDEN, a write's race is a 409.
    expect(Object.keys(route.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
    const client = await createApiClient(t);
    const withKey = await t.http().post('/api/v1/auth/sudo').set(client.headers).send({ password: TEST_PASSWORD });
    expectProblem(withKey, 403, 'FORBIDDEN');
    expect(route.responses['403'].description).toContain('`FORBIDDEN`');
    expect(route.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SudoResponseDto',
    });
    expect(doc.components.schemas.SudoDto.required).toEqual(['password']);
    // Its 401 names both codes: no credentials, and a token refused (ended session included).
    expect(route.responses['401'].description).toContain('UNAUTHENTICATED: no credentials were sent.');
    expect(route.responses['401'].description).toContain('TOKEN_INVALID (with WWW-Authenticate)');
    expect(route.responses['401'].description).toContain('its session has ended (logout, refresh-token reuse)');
    for (const [path, method] of [
      ['/api/v1/users', 'post'],
      ['/api/v1/users/{id}', 'patch'],
      ['/api/v1/users/{id}/password', 'post'],
      ['/api/v1/api-clients', 'post'],
      ['/api/v1/api-clients/{id}', 'delete'],
    ] as const) {
      expect(doc.paths[path][method].responses['403'].description).toContain('REAUTHENTICATION_REQUIRED');
    }
    expect(doc.paths['/api/v1/users/{id}/password'].post.responses['403'].description).toContain(
      'OWN_PASSWORD_REQUIRES_CURRENT',
    );
  });

  it('the guard reads the session with the user in one statement', async () => {
    const admin = await createUser(t, 'admin');
    // Counted at the driver: the guard's statement reads straight from the pool, past TypeORM's logger.
    const statements = (
      await statementsOf(t, async () => {
        const res = await t
          .http()
          .post('/api/v1/api-clients')
          .set(admin.headers)
          .send({ name: `Counted ${uid()}`, allCommittees: true });
        expect(res.status).toBe(201);
      })
    ).map((s) => s.text);
    const sessionReads = statements.filter((s) => /auth_sessions/.test(s));
    expect(sessionReads).toHaveLength(1);
    expect(sessionReads[0]).toMatch(/FROM users u LEFT JOIN auth_sessions s/);
  });
});

describe('sudo settings', () => {
  it('default to a 10-minute window, and are validated', () => {
    expect(loadConfig({}).auth).toMatchObject({ sudoWindowMinutes: 10 });
    expect(loadConfig({ SUDO_WINDOW_MINUTES: '5' }).auth).toMatchObject({ sudoWindowMinutes: 5 });
    let problems: string[] = [];
    try {
      loadConfig({ SUDO_WINDOW_MINUTES: '0' });
    } catch (e) {
      problems = (e as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
    }
    expect(problems).toEqual(['SUDO_WINDOW_MINUTES: must be an integer from 1 to 1440 (got "0")']);
  });
});
