import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Response } from 'supertest';
import { createApiClient, createUser, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { expectProblem } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestDatabase, sql, withAdminClient } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { WorkFactory } from '../support/work-factory.js';

/** Held by a test session, it stops every write at its audit event (ROW EXCLUSIVE conflicts with EXCLUSIVE). */
const HOLD_AUDIT_WRITES = 'LOCK TABLE audit_events IN EXCLUSIVE MODE';

/**
 * Every reason code, provoked over HTTP: the status and `code` a client sees for each way a
 * request can fail. (The database-rule codes are provoked on this file's own database by a
 * constraint, table or lock the test adds.)
 */
describe('error codes over HTTP', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let lb: Ref;
  let sy: Ref;

  beforeAll(async () => {
    const database = await createTestDatabase();
    // The app's sessions look for deadlocks after 3 s, so that the test's session, which
    // waits longer, is never the one chosen (see CONCURRENT_CHANGE).
    await withAdminClient((c) => c.query(`ALTER DATABASE "${database.name}" SET deadlock_timeout = '3s'`));
    t = await createTestApp({ database, env: { BODY_LIMIT_BYTES: '8192' } });
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    lb = await f.party();
    sy = await f.party();
  });
  afterAll(() => t.close());

  const api = (path: string) => `/api/v1${path}`;
  const newPartyBody = (code: string, nameEn = `Party ${code}`) => ({ code, nameEn, nameAr: `طرف ${code}` });

  describe('request shape', () => {
    it('VALIDATION_FAILED: invalid fields, each named', async () => {
      const res = await t.http().post(api('/parties')).set(admin.headers).send({ code: 42 });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field: 'code', message: expect.any(String) }]));
    });

    it('MALFORMED_REQUEST: malformed JSON, and a malformed URL', async () => {
      const json = await t
        .http()
        .post(api('/parties'))
        .set(admin.headers)
        .set('content-type', 'application/json')
        .send('{"code": ');
      expectProblem(json, 400, 'MALFORMED_REQUEST');
      expectProblem(await t.http().get(api('/committees/%E0%A4%A')), 400, 'MALFORMED_REQUEST');
    });

    it('ROUTE_NOT_FOUND: no route for the path, with any method', async () => {
      expectProblem(await t.http().get(api('/no-such-route')).set(admin.headers), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await t.http().put(api('/no-such-route')).set(admin.headers).send({}), 404, 'ROUTE_NOT_FOUND');
    });

    it('METHOD_NOT_ALLOWED: the path exists, not with this method; Allow lists its methods', async () => {
      const res = await t.http().put(api('/parties')).set(admin.headers).send({});
      expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.allow).toBe('GET, HEAD, POST');
    });

    it('PAYLOAD_TOO_LARGE: a body over BODY_LIMIT_BYTES', async () => {
      const res = await t
        .http()
        .post(api('/parties'))
        .set(admin.headers)
        .send({ ...newPartyBody('BIG'), nameEn: 'x'.repeat(10_000) });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('URI_TOO_LONG: a path segment over 200 characters', async () => {
      expectProblem(await t.http().get(api(`/parties/${'a'.repeat(201)}`)), 414, 'URI_TOO_LONG');
    });

    it('UNSUPPORTED_MEDIA_TYPE: a body that is not JSON', async () => {
      const res = await t.http().post(api('/parties')).set(admin.headers).set('content-type', 'text/csv').send('a,b');
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('authentication and permission', () => {
    it('UNAUTHENTICATED: no credentials', async () => {
      const res = await t.http().get(api('/parties'));
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="tansiq"');
    });

    it('TOKEN_INVALID: a malformed access token, and one a deactivation ended', async () => {
      expectProblem(
        await t.http().get(api('/parties')).set('authorization', 'Bearer not-a-token'),
        401,
        'TOKEN_INVALID',
      );
      const user = await createUser(t, 'analyst');
      const off = await t
        .http()
        .patch(api(`/users/${user.id}`))
        .set(admin.headers)
        .send({ active: false });
      expect(off.status).toBe(200);
      expectProblem(await t.http().get(api('/parties')).set(user.headers), 401, 'TOKEN_INVALID');
    });

    it('API_KEY_INVALID: an unknown API key', async () => {
      const res = await t.http().get(api('/committees')).set('x-api-key', 'tsq_not-a-key-anyone-was-given');
      expectProblem(res, 401, 'API_KEY_INVALID');
    });

    it('INVALID_CREDENTIALS: a wrong password at sign-in', async () => {
      const user = await createUser(t, 'analyst');
      const res = await t.http().post(api('/auth/login')).send({ email: user.email, password: 'wrong-wrong-wrong' });
      expectProblem(res, 401, 'INVALID_CREDENTIALS');
    });

    it('REFRESH_TOKEN_INVALID and REFRESH_TOKEN_REUSED', async () => {
      expectProblem(
        await t.http().post(api('/auth/refresh')).send({ refreshToken: 'never-issued' }),
        401,
        'REFRESH_TOKEN_INVALID',
      );
      const user = await createUser(t, 'analyst');
      const first = await t.http().post(api('/auth/login')).send({ email: user.email, password: TEST_PASSWORD });
      expect(first.status).toBe(200);
      const second = await t.http().post(api('/auth/refresh')).send({ refreshToken: first.body.refreshToken });
      expect(second.status).toBe(200);
      // Past the reuse interval (REFRESH_REUSE_INTERVAL_SECONDS), a spent token presented again is a reuse.
      await sql(
        t.db.url,
        `UPDATE refresh_tokens SET spent_at = spent_at - interval '1 minute' WHERE spent_at IS NOT NULL`,
      );
      const reuse = await t.http().post(api('/auth/refresh')).send({ refreshToken: first.body.refreshToken });
      expectProblem(reuse, 401, 'REFRESH_TOKEN_REUSED');
      // The reuse ended the session: the token issued in it is refused too, as ended (not reused).
      const ended = await t.http().post(api('/auth/refresh')).send({ refreshToken: second.body.refreshToken });
      expectProblem(ended, 401, 'REFRESH_TOKEN_INVALID');
    });

    it('FORBIDDEN: a role without the permission, and an API client writing', async () => {
      const analyst = await createUser(t, 'analyst');
      expectProblem(
        await t.http().post(api('/parties')).set(analyst.headers).send(newPartyBody('NOPE')),
        403,
        'FORBIDDEN',
      );
      const client = await createApiClient(t);
      expectProblem(
        await t.http().post(api('/parties')).set(client.headers).send(newPartyBody('NOPE')),
        403,
        'FORBIDDEN',
      );
    });

    it('NOT_FOUND: a record that does not exist', async () => {
      expectProblem(
        await t
          .http()
          .get(api(`/parties/${randomUUID()}`))
          .set(admin.headers),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('registry rules', () => {
    let committee: Ref;
    let other: Ref;

    beforeAll(async () => {
      other = await f.party();
      committee = await f.committee([lb.id, sy.id]);
    });

    it('DUPLICATE_CODE: a code already taken', async () => {
      const res = await t
        .http()
        .post(api('/parties'))
        .set(admin.headers)
        .send(newPartyBody(lb.code as string));
      expectProblem(res, 409, 'DUPLICATE_CODE');
      expect(res.body.errors).toEqual([{ field: 'code', message: 'is already taken' }]);
    });

    it('DUPLICATE_CODE also when a concurrent insert wins the race past the check (unique index)', async () => {
      const code = `RACE${randomUUID().slice(0, 6).toUpperCase()}`;
      await inTransaction(t, async (c) => {
        await c.query(`INSERT INTO parties (code, name_en, name_ar, version) VALUES ($1, 'Race', 'سباق', 1)`, [code]);
        const pending = send(t.http().post(api('/parties')).set(admin.headers).send(newPartyBody(code)));
        // The request passed its check (it cannot see the uncommitted row) and waits on the index.
        await waitForLockWait(t, 'transactionid');
        await c.query('COMMIT');
        expectProblem(await pending, 409, 'DUPLICATE_CODE');
      });
    });

    it('DUPLICATE_EMAIL: an e-mail another user has', async () => {
      const res = await t
        .http()
        .post(api('/users'))
        .set(admin.headers)
        .send({ email: admin.email, displayName: 'Twin', role: 'analyst', password: 'a-long-enough-passphrase' });
      expectProblem(res, 409, 'DUPLICATE_EMAIL');
    });

    it('STILL_REFERENCED: deleting a party that has agencies', async () => {
      const party = await f.party();
      await f.agency(party.id);
      const res = await t
        .http()
        .delete(api(`/parties/${party.id}`))
        .set(admin.headers);
      expectProblem(res, 409, 'STILL_REFERENCED');
      expect(res.body.references).toEqual({ agencies: 1 });
    });

    it('PARTY_NOT_IN_COMMITTEE: seating a person of another party', async () => {
      const outsider = await f.person(other.id);
      const res = await t
        .http()
        .post(api(`/committees/${committee.id}/members`))
        .set(admin.headers)
        .send({ personId: outsider.id, role: 'liaison_officer' });
      expectProblem(res, 409, 'PARTY_NOT_IN_COMMITTEE');
    });

    it('ALREADY_SEATED: the same role twice', async () => {
      const person = await f.person(lb.id);
      await f.member(committee.id, person.id, 'liaison_officer');
      const res = await t
        .http()
        .post(api(`/committees/${committee.id}/members`))
        .set(admin.headers)
        .send({ personId: person.id, role: 'liaison_officer' });
      expectProblem(res, 409, 'ALREADY_SEATED');
    });

    it('COCHAIR_SEAT_TAKEN: a second active co-chair of one party', async () => {
      await f.member(committee.id, (await f.person(sy.id)).id, 'co_chair');
      const res = await t
        .http()
        .post(api(`/committees/${committee.id}/members`))
        .set(admin.headers)
        .send({ personId: (await f.person(sy.id)).id, role: 'co_chair' });
      expectProblem(res, 409, 'COCHAIR_SEAT_TAKEN');
    });

    it('PARTY_HAS_MEMBERS: removing a party whose delegation still sits', async () => {
      const three = await f.committee([lb.id, sy.id, other.id]);
      await f.member(three.id, (await f.person(other.id)).id, 'liaison_officer');
      const res = await t
        .http()
        .patch(api(`/committees/${three.id}`))
        .set(admin.headers)
        .send({ partyIds: [lb.id, sy.id] });
      expectProblem(res, 409, 'PARTY_HAS_MEMBERS');
    });

    it('COMMITTEE_DISSOLVED and TRANSITION_NOT_ALLOWED: a dissolved committee takes no members or work, and stays dissolved', async () => {
      const dissolved = await f.committee([lb.id, sy.id]);
      const w = new WorkFactory(t, await createUser(t, 'secretary'), f);
      await w.seatSecretary(dissolved.id, lb.id);
      const dissolve = await t
        .http()
        .patch(api(`/committees/${dissolved.id}`))
        .set(admin.headers)
        .send({ status: 'dissolved' });
      expect(dissolve.status).toBe(200);

      const member = await t
        .http()
        .post(api(`/committees/${dissolved.id}/members`))
        .set(admin.headers)
        .send({ personId: (await f.person(lb.id)).id, role: 'liaison_officer' });
      expectProblem(member, 409, 'COMMITTEE_DISSOLVED');
      const meeting = await t
        .http()
        .post(api(`/committees/${dissolved.id}/meetings`))
        .set(w.secretary.headers)
        .send({ startsAt: '2025-10-31T10:00:00+02:00', place: 'Beirut' });
      expectProblem(meeting, 409, 'COMMITTEE_DISSOLVED');
      expect(meeting.body.currentState).toBe('dissolved');

      const revive = await t
        .http()
        .patch(api(`/committees/${dissolved.id}`))
        .set(admin.headers)
        .send({ status: 'active' });
      expectProblem(revive, 409, 'TRANSITION_NOT_ALLOWED');
      expect(revive.body).toMatchObject({ currentState: 'dissolved', allowedTransitions: [] });
    });
  });

  describe('work rules and preconditions', () => {
    let w: WorkFactory;
    let committee: Ref;

    beforeAll(async () => {
      committee = await f.committee([lb.id, sy.id]);
      w = new WorkFactory(t, await createUser(t, 'secretary'), f);
      await w.seatSecretary(committee.id, lb.id);
    });

    const move = (id: string, to: string) =>
      t
        .http()
        .post(api(`/commitments/${id}/transitions`))
        .set(w.secretary.headers)
        .send({ to });

    it('TRANSITION_NOT_ALLOWED: a move the workflow table does not have', async () => {
      const commitment = await w.commitment(committee.id, lb.id);
      const res = await move(commitment.id, 'fulfilled');
      expectProblem(res, 409, 'TRANSITION_NOT_ALLOWED');
      expect(res.body).toMatchObject({ currentState: 'pending', allowedTransitions: ['in_progress', 'withdrawn'] });
    });

    it('COMMITMENT_FROZEN: editing a commitment whose fulfilment is claimed', async () => {
      const commitment = await w.commitment(committee.id, lb.id);
      expect((await move(commitment.id, 'in_progress')).status).toBe(200);
      const claimed = await move(commitment.id, 'fulfilment_claimed');
      expect(claimed.status).toBe(200);
      const res = await t
        .http()
        .patch(api(`/commitments/${commitment.id}`))
        .set(w.secretary.headers)
        .set('if-match', claimed.headers.etag as string)
        .send({ title: 'Changed after the claim' });
      expectProblem(res, 409, 'COMMITMENT_FROZEN');
      expect(res.body.currentState).toBe('fulfilment_claimed');
    });

    it('IF_MATCH_REQUIRED: an update that needs If-Match without it', async () => {
      const commitment = await w.commitment(committee.id, lb.id);
      const res = await t
        .http()
        .patch(api(`/commitments/${commitment.id}`))
        .set(w.secretary.headers)
        .send({ title: 'No version given' });
      expectProblem(res, 428, 'IF_MATCH_REQUIRED');
    });

    it('VERSION_MISMATCH: If-Match naming an old version', async () => {
      const party = await f.party();
      const res = await t
        .http()
        .patch(api(`/parties/${party.id}`))
        .set(admin.headers)
        .set('if-match', '"7"')
        .send({ nameEn: 'Renamed' });
      expectProblem(res, 412, 'VERSION_MISMATCH');
      expect(res.headers.etag).toBe(
        (
          await t
            .http()
            .get(api(`/parties/${party.id}`))
            .set(admin.headers)
        ).headers.etag,
      );
      expect(res.body.currentVersion).toBe(1);
    });
  });

  describe('idempotency keys', () => {
    it('IDEMPOTENCY_KEY_REUSED: the same key with another body', async () => {
      const key = randomUUID();
      const tag = key.slice(0, 6).toUpperCase();
      const post = (code: string) =>
        t.http().post(api('/parties')).set(admin.headers).set('idempotency-key', key).send(newPartyBody(code));
      expect((await post(`IK${tag}`)).status).toBe(201);
      expectProblem(await post(`IL${tag}`), 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('IDEMPOTENCY_KEY_IN_PROGRESS: the same key while the first request still runs (after a 15 s wait)', async () => {
      const key = randomUUID();
      const body = newPartyBody(`IP${key.slice(0, 6).toUpperCase()}`);
      const post = () => send(t.http().post(api('/parties')).set(admin.headers).set('idempotency-key', key).send(body));
      await inTransaction(t, async (c) => {
        // Holding the audit table keeps the first request from finishing.
        await c.query(HOLD_AUDIT_WRITES);
        const first = post();
        await waitForLockWait(t, 'relation');
        expectProblem(await post(), 409, 'IDEMPOTENCY_KEY_IN_PROGRESS');
        await c.query('ROLLBACK');
        expect((await first).status).toBe(201);
      });
    }, 40_000);
  });

  describe('database rules without a reason code of their own', () => {
    it('UNIQUE_VIOLATION: a unique index the services do not check', async () => {
      await sql(t.db.url, `CREATE UNIQUE INDEX probe_party_name_en ON parties (name_en)`);
      try {
        expect((await t.http().post(api('/parties')).set(admin.headers).send(newPartyBody('UQA', 'Same'))).status).toBe(
          201,
        );
        const res = await t.http().post(api('/parties')).set(admin.headers).send(newPartyBody('UQB', 'Same'));
        expectProblem(res, 409, 'UNIQUE_VIOLATION');
      } finally {
        await sql(t.db.url, `DROP INDEX probe_party_name_en`);
      }
    });

    it('CHECK_VIOLATION: a check constraint, named in the detail', async () => {
      await sql(t.db.url, `ALTER TABLE parties ADD CONSTRAINT probe_no_refused CHECK (name_en <> 'Refused')`);
      try {
        const res = await t.http().post(api('/parties')).set(admin.headers).send(newPartyBody('CHK', 'Refused'));
        expectProblem(res, 409, 'CHECK_VIOLATION');
        expect(res.body.detail).toContain('probe_no_refused');
      } finally {
        await sql(t.db.url, `ALTER TABLE parties DROP CONSTRAINT probe_no_refused`);
      }
    });

    it('REFERENCE_VIOLATION: a deletion a foreign key refuses', async () => {
      const party = await f.party();
      await sql(t.db.url, `CREATE TABLE probe_refs (party_id uuid REFERENCES parties (id))`);
      try {
        await sql(t.db.url, `INSERT INTO probe_refs VALUES ($1)`, [party.id]);
        expectProblem(
          await t
            .http()
            .delete(api(`/parties/${party.id}`))
            .set(admin.headers),
          409,
          'REFERENCE_VIOLATION',
        );
      } finally {
        await sql(t.db.url, `DROP TABLE probe_refs`);
      }
    });

    it('CONCURRENT_CHANGE: the request chosen as a deadlock victim', async () => {
      const party = await f.party();
      await inTransaction(t, async (c) => {
        await c.query(`SET deadlock_timeout = '60s'`);
        await c.query(HOLD_AUDIT_WRITES);
        // The update locks the party's row, then waits for the audit table this session holds…
        const pending = send(
          t
            .http()
            .patch(api(`/parties/${party.id}`))
            .set(admin.headers)
            .send({ nameEn: 'Moved' }),
        );
        await waitForLockWait(t, 'relation');
        // …and this session now waits for the row: a deadlock the server breaks by aborting the request.
        await c.query('SELECT 1 FROM parties WHERE id = $1 FOR UPDATE', [party.id]);
        expectProblem(await pending, 409, 'CONCURRENT_CHANGE');
      });
    });
  });

  describe('limits and availability', () => {
    it('LOGIN_LOCKED: sign-in after too many failures', async () => {
      const user = await createUser(t, 'analyst');
      for (let i = 0; i < 5; i++) {
        await t.http().post(api('/auth/login')).send({ email: user.email, password: 'wrong-wrong-wrong' });
      }
      const res = await t.http().post(api('/auth/login')).send({ email: user.email, password: TEST_PASSWORD });
      expectProblem(res, 429, 'LOGIN_LOCKED');
      expect(res.headers['retry-after']).toBeDefined();
    });

    it('RATE_LIMITED: more than 60 requests a minute to a sign-in route from one address', async () => {
      let res: Response | null = null;
      for (let i = 0; i < 70 && res?.status !== 429; i++) {
        res = await t.http().post(api('/auth/refresh')).send({ refreshToken: 'never-issued' });
      }
      expectProblem(res!, 429, 'RATE_LIMITED');
      expect(res!.headers['retry-after']).toBeDefined();
      await sql(t.db.url, `DELETE FROM rate_limit_buckets`);
    });

    it('SERVICE_UNAVAILABLE: the database unreachable, for a route and for readiness', async () => {
      await withAdminClient(async (c) => {
        await c.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS false`);
        await c.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [t.db.name],
        );
      });
      try {
        const res = await t.http().get(api('/parties')).set(admin.headers);
        expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
        expect(res.headers['retry-after']).toBe('5');
        expectProblem(await t.http().get('/health/ready'), 503, 'SERVICE_UNAVAILABLE');
      } finally {
        await withAdminClient((c) => c.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS true`));
      }
      expect((await t.http().get(api('/parties')).set(admin.headers)).status).toBe(200);
    });
  });
});

/** Starts a supertest request now (supertest sends only when awaited) and returns its response. */
function send(request: PromiseLike<Response>): Promise<Response> {
  return Promise.resolve(request);
}

/** Runs `fn` with a session of its own in an open transaction on the test database; rolls back whatever is left. */
async function inTransaction(t: TestApp, fn: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await fn(client);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/** Waits until some session of the test database waits for a lock of this type. */
async function waitForLockWait(t: TestApp, locktype: 'relation' | 'transactionid'): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [row] = await sql<{ n: number }>(
      t.db.url,
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE NOT l.granted AND l.locktype = $1 AND a.datname = current_database()`,
      [locktype],
    );
    if (row!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no session started waiting for a ${locktype} lock`);
}
