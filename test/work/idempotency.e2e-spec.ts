import { createHash, randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { WorkFactory } from '../support/work-factory.js';

// Shared by both instances of the multi-instance test, as behind a load balancer.
const JWT_SECRET = randomBytes(48).toString('base64url');

const newKey = () => `idem-${randomBytes(8).toString('hex')}`;
const uniqueTitle = () => `Commitment ${randomBytes(6).toString('hex')}`;

describe('Idempotency-Key on creates', () => {
  let t: TestApp;
  let committee: Ref;
  let lb: Ref;
  let secretary: Actor;
  let otherSecretary: Actor;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp({ env: { JWT_SECRET } });
    admin = await createUser(t, 'admin');
    const f = new RegistryFactory(t, admin);
    lb = await f.party();
    const sy = await f.party();
    committee = await f.committee([lb.id, sy.id]);
    const w = new WorkFactory(t, await createUser(t, 'secretary'), f);
    await w.seatSecretary(committee.id, lb.id);
    secretary = w.secretary;
    const w2 = new WorkFactory(t, await createUser(t, 'secretary'), f);
    await w2.seatSecretary(committee.id, lb.id);
    otherSecretary = w2.secretary;
  });
  afterAll(() => t.close());

  const post = (app: TestApp, caller: Actor, body: object, key?: string) => {
    const req = app.http().post(`/api/v1/committees/${committee.id}/commitments`).set(caller.headers);
    return key === undefined ? req.send(body) : req.set('idempotency-key', key).send(body);
  };
  const body = (title = uniqueTitle()) => ({ title, ownerPartyId: lb.id, dueOn: '2030-01-01' });

  const rowsTitled = async (title: string) =>
    (await sql<{ id: string }>(t.db.url, `SELECT id FROM commitments WHERE title = $1`, [title])).map((r) => r.id);
  const createEventsTitled = async (title: string) =>
    sql<{ entity_id: string }>(
      t.db.url,
      `SELECT entity_id FROM audit_events WHERE entity = 'commitments' AND action = 'create' AND changes->'title'->>'after' = $1`,
      [title],
    );
  const keyRows = (key: string) =>
    sql<{ scope_key: string; response_status: number | null; response_body: { id?: string } | null }>(
      t.db.url,
      `SELECT scope_key, response_status, response_body FROM idempotency_keys WHERE scope_key LIKE '%:' || $1`,
      [key],
    );
  const replayed = (res: Response) => res.headers['idempotent-replayed'] === 'true';

  it('20 parallel requests with one key and body: all 201 with the same body, one row, one audit event', async () => {
    const key = newKey();
    const payload = body();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(t, secretary, payload, key)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const first = responses[0]!.body as { id: string; title: string };
    expect(first).toMatchObject({ title: payload.title, status: 'pending' });
    for (const res of responses) expect(res.body).toEqual(first);
    // One ran, the others waited for it and got its response.
    expect(responses.filter(replayed)).toHaveLength(19);

    expect(await rowsTitled(payload.title)).toEqual([first.id]);
    expect(await createEventsTitled(payload.title)).toEqual([{ entity_id: first.id }]);
  });

  it('a retry after completion returns the original status and body and creates nothing', async () => {
    const key = newKey();
    const payload = body();
    const original = await post(t, secretary, payload, key);
    expect(original.status).toBe(201);
    expect(replayed(original)).toBe(false);

    const retry = await post(t, secretary, payload, key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(original.body);
    expect(await rowsTitled(payload.title)).toEqual([original.body.id]);
    expect(await createEventsTitled(payload.title)).toHaveLength(1);
  });

  it('the same key with another body is 422 naming Idempotency-Key, and creates nothing', async () => {
    const key = newKey();
    const payload = body();
    expect((await post(t, secretary, payload, key)).status).toBe(201);

    const other = body();
    const res = await post(t, secretary, other, key);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(422);
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['Idempotency-Key']);
    expect(await rowsTitled(other.title)).toEqual([]);
    // The key still answers for the first body.
    const retry = await post(t, secretary, payload, key);
    expect(retry.status).toBe(201);
    expect(replayed(retry)).toBe(true);
  });

  it('the same key used by another user is independent: it creates their own record', async () => {
    const key = newKey();
    const payload = body();
    const mine = await post(t, secretary, payload, key);
    const theirs = await post(t, otherSecretary, payload, key);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(replayed(theirs)).toBe(false);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect((await rowsTitled(payload.title)).sort()).toEqual([mine.body.id, theirs.body.id].sort());
    const scopes = (await keyRows(key)).map((r) => r.scope_key);
    expect(scopes).toHaveLength(2);
    expect(scopes.some((s) => s.startsWith(`${secretary.id}:`))).toBe(true);
    expect(scopes.some((s) => s.startsWith(`${otherSecretary.id}:`))).toBe(true);
  });

  it('without a key, two identical POSTs create two rows', async () => {
    const payload = body();
    const [a, b] = [await post(t, secretary, payload), await post(t, secretary, payload)];
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
    expect(await rowsTitled(payload.title)).toHaveLength(2);
  });

  it('a request that fails validation (400) releases the key: a corrected body with the same key then creates', async () => {
    const key = newKey();
    const bad = { ...body(), unknownField: true };
    const rejected = await post(t, secretary, bad, key);
    expect(rejected.status).toBe(400);
    expect(await keyRows(key)).toEqual([]);
    // Sent again as it was, it is run again (not replayed from a stored 400).
    const again = await post(t, secretary, bad, key);
    expect(again.status).toBe(400);
    expect(replayed(again)).toBe(false);

    const corrected = body();
    const res = await post(t, secretary, corrected, key);
    expect(res.status).toBe(201);
    expect(replayed(res)).toBe(false);
    expect(await rowsTitled(corrected.title)).toEqual([res.body.id]);
    // From now on the key belongs to the corrected body.
    expect((await post(t, secretary, corrected, key)).body.id).toBe(res.body.id);
    expect((await post(t, secretary, bad, key)).status).toBe(422);
  });

  it('a request refused by the service (400 for a party not on the committee) releases the key too', async () => {
    const key = newKey();
    const wrong = { ...body(), ownerPartyId: '00000000-0000-4000-8000-000000000000' };
    expect((await post(t, secretary, wrong, key)).status).toBe(400);
    const corrected = body();
    const res = await post(t, secretary, corrected, key);
    expect(res.status).toBe(201);
    expect(replayed(res)).toBe(false);
  });

  it('a malformed key is 400 and runs nothing', async () => {
    const payload = body();
    const res = await post(t, secretary, payload, 'not a valid key!');
    expect(res.status).toBe(400);
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['Idempotency-Key']);
    expect(await rowsTitled(payload.title)).toEqual([]);
  });

  it('the key is one row in idempotency_keys holding the response', async () => {
    const key = newKey();
    const res = await post(t, secretary, body(), key);
    expect(res.status).toBe(201);
    const rows = await keyRows(key);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.scope_key).toBe(`${secretary.id}:POST:/api/v1/committees/${committee.id}/commitments:${key}`);
    expect(rows[0]!.response_status).toBe(201);
    expect(rows[0]!.response_body?.id).toBe(res.body.id);
  });

  it('a second instance on the same database replays the first instance’s response', async () => {
    const key = newKey();
    const payload = body();
    const original = await post(t, secretary, payload, key);
    expect(original.status).toBe(201);

    const second = await createTestApp({ database: t.db, env: { JWT_SECRET } });
    try {
      const retry = await post(second, secretary, payload, key);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(original.body);
      const mismatch = await post(second, secretary, body(), key);
      expect(mismatch.status).toBe(422);
      // And a key first used on the second instance is known to the first.
      const key2 = newKey();
      const payload2 = body();
      const onSecond = await post(second, secretary, payload2, key2);
      expect(onSecond.status).toBe(201);
      const onFirst = await post(t, secretary, payload2, key2);
      expect(onFirst.headers['idempotent-replayed']).toBe('true');
      expect(onFirst.body.id).toBe(onSecond.body.id);
    } finally {
      await second.close({ keepDatabase: true });
    }
    expect(await rowsTitled(payload.title)).toEqual([original.body.id]);
  });

  it('stores only a keyed fingerprint of a request body in the idempotency table', async () => {
    const body = {
      email: 'keyed@example.org',
      displayName: 'K',
      role: 'analyst',
      password: 'a-secret-long-passphrase',
    };
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(admin.headers)
      .set('idempotency-key', 'user-keyed-1')
      .send(body);
    expect(res.status).toBe(201);
    const [row] = await sql<{ request_hash: string }>(
      t.db.url,
      `SELECT request_hash FROM idempotency_keys WHERE scope_key LIKE '%user-keyed-1'`,
    );
    const plain = createHash('sha256')
      .update(JSON.stringify(Object.fromEntries(Object.entries(body).sort())))
      .digest('hex');
    expect(row!.request_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.request_hash).not.toBe(plain);
    expect(JSON.stringify(await sql(t.db.url, `SELECT * FROM idempotency_keys`))).not.toContain(
      'a-secret-long-passphrase',
    );
  });
});
