import { sha256 } from '../../src/platform/crypto/hash.js';
import { sql } from '../support/test-database.js';
import { createApiClient, createUser, SECRET_FIELDS, type Actor } from '../support/actors.js';
import { expectProblem } from '../support/problems.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** /api-clients (admins only): read-only keys for reporting tools, shown once, scoped to committees. */
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
    expectProblem(write, 403);
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
    expectProblem(none, 400);
    const both = await t
      .http()
      .post('/api/v1/api-clients')
      .set(admin.headers)
      .send({ name: 'x', allCommittees: true, committeeIds: ['7d7a1e0e-6f1c-4a39-9e0b-0c6f6a0f7f11'] });
    expectProblem(both, 400);
    const bad = await t
      .http()
      .post('/api/v1/api-clients')
      .set(admin.headers)
      .send({ name: 'x', committeeIds: ['nope'] });
    expectProblem(bad, 400);
    expect(bad.body.errors[0].field).toBe('committeeIds');
    const unknown = await t
      .http()
      .post('/api/v1/api-clients')
      .set(admin.headers)
      .send({ name: 'x', committeeIds: ['7d7a1e0e-6f1c-4a39-9e0b-0c6f6a0f7f11'] });
    expectProblem(unknown, 400);
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

/**
 * Revoking checks the permission on its transaction's connection: with a pool of 2, a burst
 * of 8 revokes by an admin linked to a person (whose seats are looked up) all succeed instead
 * of waiting on a second connection the held ones never free (503 after the pool's wait).
 */
describe('API clients: a burst of revokes larger than the connection pool', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { DATABASE_POOL_SIZE: '2' } });
  });
  afterAll(() => t.close());

  it('every revoke of the burst succeeds (204)', async () => {
    const registry = new RegistryFactory(t, await createUser(t, 'admin'));
    const person = await registry.person((await registry.party()).id);
    const admin = await createUser(t, 'admin', { personId: person.id });
    const clients = await Promise.all(Array.from({ length: 8 }, () => createApiClient(t)));
    const responses = await Promise.all(
      clients.map((c) => t.http().delete(`/api/v1/api-clients/${c.id}`).set(admin.headers)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(204));
  });
});
