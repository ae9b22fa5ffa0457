import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LogVerificationService } from '../../src/audit/log/log-verification.service.js';
import { createUser, type Actor } from '../support/actors.js';
import { expectInvalid } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { countStatements } from '../support/statements.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { WorkFactory } from '../support/work-factory.js';

interface AuditEvent {
  seq: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  changes: Record<string, { before?: unknown; after?: unknown }>;
  requestId: string | null;
  logIndex: number | null;
  leafHash: string | null;
}

const requestId = () => `audit-test.${randomBytes(6).toString('hex')}`;
const uid = () => randomBytes(3).toString('hex').toUpperCase();

/** Every event of the trail, newest first, walking the cursor with big pages. */
async function wholeTrail(t: TestApp, admin: Actor): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const res = await t
      .http()
      .get('/api/v1/audit')
      .query({ limit: 200, ...(cursor ? { cursor } : {}) })
      .set(admin.headers);
    expect(res.status).toBe(200);
    events.push(...(res.body.items as AuditEvent[]));
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  return events;
}

describe('audit trail', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let lb: Ref, sy: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    [lb, sy] = [await f.party(), await f.party()];
  });
  afterAll(() => t.close());

  const eventsOf = async (entity: string, entityId: string): Promise<AuditEvent[]> => {
    const res = await t.http().get('/api/v1/audit').query({ entity, entityId }).set(admin.headers);
    expect(res.status).toBe(200);
    return res.body.items as AuditEvent[];
  };

  /** The one event a request wrote for a record. */
  const onlyEventOf = async (entity: string, entityId: string, rid: string): Promise<AuditEvent> => {
    const events = (await eventsOf(entity, entityId)).filter((e) => e.requestId === rid);
    expect(events).toHaveLength(1);
    return events[0]!;
  };

  const byAdmin = () => ({ actorType: 'user', actorId: admin.id });

  describe('every mutation through the API writes an event', () => {
    it('creating a party: create event with the actor, the request id and the values', async () => {
      const rid = requestId();
      const code = `P${uid()}`;
      const res = await t
        .http()
        .post('/api/v1/parties')
        .set(admin.headers)
        .set('x-request-id', rid)
        .send({ code, nameEn: `Party ${code}`, nameAr: `طرف ${code}` });
      expect(res.status).toBe(201);
      expect(res.headers['x-request-id']).toBe(rid);
      const event = await onlyEventOf('parties', res.body.id, rid);
      expect(event).toMatchObject({ ...byAdmin(), action: 'create', entity: 'parties', entityId: res.body.id });
      expect(event.changes).toMatchObject({
        id: { after: res.body.id },
        code: { after: code },
        nameEn: { after: `Party ${code}` },
        nameAr: { after: `طرف ${code}` },
        active: { after: true },
      });
      // In the log once the sequencer has run: a place and the leaf hash (32 bytes, base64).
      expect(event.logIndex).toBeNull();
      await t.sequenceLog();
      const sequenced = await onlyEventOf('parties', res.body.id, rid);
      expect(sequenced.logIndex).toEqual(expect.any(Number));
      expect(sequenced.leafHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    });

    it('updating a party with PATCH: update event with before and after of the changed field only', async () => {
      const party = await f.party();
      const { etag } = (await t.http().get(`/api/v1/parties/${party.id}`).set(admin.headers)).headers;
      const rid = requestId();
      const res = await t
        .http()
        .patch(`/api/v1/parties/${party.id}`)
        .set(admin.headers)
        .set('x-request-id', rid)
        .set('if-match', etag as string)
        .send({ nameEn: 'Renamed party' });
      expect(res.status).toBe(200);
      const event = await onlyEventOf('parties', party.id, rid);
      expect(event).toMatchObject({ ...byAdmin(), action: 'update', entity: 'parties', entityId: party.id });
      expect(event.changes).toEqual({ nameEn: { before: party.nameEn, after: 'Renamed party' } });
    });

    it('a progress update: the commitment’s update event, then the entry’s create event, in that order', async () => {
      const w = new WorkFactory(t, await createUser(t, 'secretary'), f);
      const committee = await f.committee([lb.id, sy.id]);
      await w.seatSecretary(committee.id, lb.id);
      const commitment = await w.commitment(committee.id, lb.id);
      const rid = requestId();
      const res = await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/updates`)
        .set(w.secretary.headers)
        .set('x-request-id', rid)
        .send({ body: 'Half the lists handed over', progress: 50 });
      expect(res.status).toBe(201);
      const actor = { actorType: 'user', actorId: w.secretary.id };
      const changed = await onlyEventOf('commitments', commitment.id, rid);
      expect(changed).toMatchObject({ ...actor, action: 'update' });
      expect(changed.changes).toEqual({ progress: { before: 0, after: 50 } });
      const created = await onlyEventOf('updates', res.body.id, rid);
      expect(created).toMatchObject({ ...actor, action: 'create' });
      expect(created.changes).toEqual({
        id: { after: res.body.id },
        assignmentId: { after: null },
        commitmentId: { after: commitment.id },
        authorUserId: { after: w.secretary.id },
        authorPersonId: { after: res.body.authorPersonId },
        body: { after: 'Half the lists handed over' },
        progress: { after: 50 },
        fromStatus: { after: null },
        toStatus: { after: null },
        createdAt: { after: res.body.createdAt },
      });
      expect(res.body.authorPersonId).toEqual(expect.any(String));
      expect(BigInt(created.seq)).toBeGreaterThan(BigInt(changed.seq));
    });

    it('creating a committee', async () => {
      const rid = requestId();
      const code = `C-${uid()}`;
      const res = await t
        .http()
        .post('/api/v1/committees')
        .set(admin.headers)
        .set('x-request-id', rid)
        .send({ code, nameEn: `Committee ${code}`, nameAr: `لجنة ${code}`, partyIds: [lb.id, sy.id] });
      expect(res.status).toBe(201);
      // The record, then its set of parties (recorded on the committee, before and after).
      const events = (await eventsOf('committees', res.body.id)).filter((e) => e.requestId === rid).reverse();
      expect(events.map((e) => e.action)).toEqual(['create', 'update']);
      expect(events[0]).toMatchObject({ ...byAdmin(), action: 'create', entity: 'committees', entityId: res.body.id });
      expect(events[0]!.changes).toMatchObject({ code: { after: code }, status: { after: 'proposed' } });
      expect(events[1]!.changes).toEqual({ partyIds: { before: [], after: [lb.id, sy.id].sort() } });
    });

    it('creating a membership', async () => {
      const committee = await f.committee([lb.id, sy.id]);
      const person = await f.person(lb.id);
      const rid = requestId();
      const res = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/members`)
        .set(admin.headers)
        .set('x-request-id', rid)
        .send({ personId: person.id, role: 'member', startOn: '2025-10-01' });
      expect(res.status).toBe(201);
      const event = await onlyEventOf('memberships', res.body.id, rid);
      expect(event).toMatchObject({ ...byAdmin(), action: 'create', entity: 'memberships', entityId: res.body.id });
      expect(event.changes).toMatchObject({
        committeeId: { after: committee.id },
        personId: { after: person.id },
        role: { after: 'member' },
      });
    });

    it('creating a user', async () => {
      const rid = requestId();
      const email = `audited.${uid().toLowerCase()}@test.tansiq`;
      const res = await t
        .http()
        .post('/api/v1/users')
        .set(admin.headers)
        .set('x-request-id', rid)
        .send({ email, displayName: 'Audited User', role: 'analyst', password: 'violet-harbour-lantern-92' });
      expect(res.status).toBe(201);
      const event = await onlyEventOf('users', res.body.id, rid);
      expect(event).toMatchObject({ ...byAdmin(), action: 'create', entity: 'users', entityId: res.body.id });
      expect(event.changes).toMatchObject({ email: { after: email }, role: { after: 'analyst' } });
      expect(event.changes).not.toHaveProperty('passwordHash');
    });

    it('revoking an API client: update event setting revokedAt', async () => {
      const created = await t
        .http()
        .post('/api/v1/api-clients')
        .set(admin.headers)
        .send({ name: 'Revoked report', allCommittees: true });
      expect(created.status).toBe(201);
      const rid = requestId();
      const res = await t
        .http()
        .delete(`/api/v1/api-clients/${created.body.id}`)
        .set(admin.headers)
        .set('x-request-id', rid);
      expect(res.status).toBe(204);
      const event = await onlyEventOf('api_clients', created.body.id, rid);
      expect(event).toMatchObject({ ...byAdmin(), action: 'update', entity: 'api_clients', entityId: created.body.id });
      expect(Object.keys(event.changes)).toEqual(['revokedAt']);
      expect(event.changes.revokedAt!.before).toBeNull();
      expect(typeof event.changes.revokedAt!.after).toBe('string');
      expect(Number.isNaN(Date.parse(event.changes.revokedAt!.after as string))).toBe(false);
    });

    it('deleting an unreferenced agency: delete event with the values before', async () => {
      const agency = await f.agency(lb.id);
      const rid = requestId();
      const res = await t.http().delete(`/api/v1/agencies/${agency.id}`).set(admin.headers).set('x-request-id', rid);
      expect(res.status).toBe(204);
      const event = await onlyEventOf('agencies', agency.id, rid);
      expect(event).toMatchObject({ ...byAdmin(), action: 'delete', entity: 'agencies', entityId: agency.id });
      expect(event.changes).toMatchObject({ id: { before: agency.id }, code: { before: agency.code } });
      for (const change of Object.values(event.changes)) expect(change).not.toHaveProperty('after');
    });

    it('a refused mutation writes nothing', async () => {
      const agency = await f.agency(lb.id);
      await f.person(lb.id, { agencyId: agency.id });
      const rid = requestId();
      const res = await t.http().delete(`/api/v1/agencies/${agency.id}`).set(admin.headers).set('x-request-id', rid);
      expect(res.status).toBe(409);
      expect((await eventsOf('agencies', agency.id)).filter((e) => e.requestId === rid)).toEqual([]);
    });

    it('a request without X-Request-Id is recorded under the id the server generated', async () => {
      const res = await t
        .http()
        .post('/api/v1/issue-areas')
        .set(admin.headers)
        .send({
          code: `area_${uid().toLowerCase()}`,
          nameEn: 'Area',
          nameAr: 'مجال',
        });
      expect(res.status).toBe(201);
      const generated = res.headers['x-request-id'] as string;
      expect(generated).toBeTruthy();
      const [event] = await eventsOf('issue_areas', res.body.id);
      expect(event).toMatchObject({ action: 'create', requestId: generated });
    });
  });

  describe('no secret in the trail', () => {
    it('neither the password, nor its hash, nor an argon2 string after creating a user and resetting it', async () => {
      const first = `amber-quartz-meadow-${uid()}`;
      const second = `copper-tide-whistle-${uid()}`;
      const created = await t
        .http()
        .post('/api/v1/users')
        .set(admin.headers)
        .send({
          email: `secret.${uid().toLowerCase()}@test.tansiq`,
          displayName: 'Secret Keeper',
          role: 'secretary',
          password: first,
        });
      expect(created.status).toBe(201);
      const reset = await t
        .http()
        .post(`/api/v1/users/${created.body.id}/password`)
        .set(admin.headers)
        .send({ password: second });
      expect(reset.status).toBe(200);
      const [{ password_hash: hash }] = await sql<{ password_hash: string }>(
        t.db.url,
        `SELECT password_hash FROM users WHERE id = $1`,
        [created.body.id],
      );
      expect(hash).toMatch(/^\$argon2/);

      const trail = JSON.stringify(await wholeTrail(t, admin));
      expect(trail).toContain(created.body.id);
      for (const secret of ['passwordHash', 'password_hash', '$argon2', first, second, hash])
        expect(trail).not.toContain(secret);
    });

    it('the password reset is itself audited against the user', async () => {
      const user = await createUser(t, 'analyst');
      const rid = requestId();
      const res = await t
        .http()
        .post(`/api/v1/users/${user.id}/password`)
        .set(admin.headers)
        .set('x-request-id', rid)
        .send({ password: `sable-orchard-river-${uid()}` });
      expect(res.status).toBe(200);
      const events = await sql<{ entity_id: string; action: string }>(
        t.db.url,
        `SELECT entity_id, action FROM audit_events WHERE request_id = $1`,
        [rid],
      );
      expect(events).toEqual([{ entity_id: user.id, action: 'update' }]);
    });

    it("neither an API client's key nor its hash after creating it", async () => {
      const created = await t
        .http()
        .post('/api/v1/api-clients')
        .set(admin.headers)
        .send({ name: 'Secret report', allCommittees: true });
      expect(created.status).toBe(201);
      const key = created.body.key as string;
      expect(key.length).toBeGreaterThan(20);
      const trailItems = await wholeTrail(t, admin);
      expect(trailItems.some((e) => e.entity === 'api_clients' && e.entityId === created.body.id)).toBe(true);
      const trail = JSON.stringify(trailItems);
      for (const secret of [key, createHash('sha256').update(key).digest('hex'), 'keyHash', 'key_hash'])
        expect(trail).not.toContain(secret);
    });
  });

  describe('the database keeps the trail and the timeline append-only, the app included', () => {
    let ds: DataSource;
    beforeAll(() => {
      ds = t.app.get(DataSource);
    });

    it.each([
      ['UPDATE', `UPDATE audit_events SET action = 'x'`],
      ['DELETE', `DELETE FROM audit_events`],
      ['TRUNCATE', `TRUNCATE audit_events CASCADE`],
    ])('audit_events: %s through the app connection is refused', async (_op, statement) => {
      const [{ n: before }] = await sql<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM audit_events`);
      expect(Number(before)).toBeGreaterThan(0);
      await expect(ds.query(statement)).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
      const [{ n: after }] = await sql<{ n: string }>(
        t.db.url,
        `SELECT count(*) AS n FROM audit_events WHERE action <> 'x'`,
      );
      expect(after).toBe(before);
    });

    describe('the log', () => {
      beforeAll(() => t.sequenceLog());

      it.each([
        ['log_leaves', `UPDATE log_leaves SET hash = hash`],
        ['log_leaves', `DELETE FROM log_leaves`],
        ['log_leaves', `TRUNCATE log_leaves CASCADE`],
        ['log_nodes', `UPDATE log_nodes SET hash = hash`],
        ['log_nodes', `DELETE FROM log_nodes`],
        ['log_checkpoints', `UPDATE log_checkpoints SET note = ''`],
        ['log_checkpoints', `DELETE FROM log_checkpoints`],
        ['log_checkpoints', `TRUNCATE log_checkpoints CASCADE`],
      ])('%s: %s through the app connection is refused', async (table, statement) => {
        const [{ n: before }] = await sql<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM ${table}`);
        expect(Number(before)).toBeGreaterThan(0);
        await expect(ds.query(statement)).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
        const [{ n: after }] = await sql<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM ${table}`);
        expect(after).toBe(before);
      });
    });

    describe('updates', () => {
      beforeAll(async () => {
        const w = new WorkFactory(t, await createUser(t, 'secretary'), f);
        const committee = await f.committee([lb.id, sy.id]);
        await w.seatSecretary(committee.id, lb.id);
        const officer = await f.person(sy.id);
        await f.member(committee.id, officer.id, 'liaison_officer');
        const assignment = await w.assignment(committee.id, [officer.id]);
        const res = await t
          .http()
          .post(`/api/v1/assignments/${assignment.id}/transitions`)
          .set(w.secretary.headers)
          .send({ to: 'in_progress' });
        expect(res.status).toBe(200);
      });

      it.each([
        ['UPDATE', `UPDATE updates SET body = 'rewritten'`],
        ['DELETE', `DELETE FROM updates`],
        ['TRUNCATE', `TRUNCATE updates`],
      ])('updates: %s through the app connection is refused', async (_op, statement) => {
        const [{ n: before }] = await sql<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM updates`);
        expect(Number(before)).toBeGreaterThan(0);
        await expect(ds.query(statement)).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
        const [{ n: after }] = await sql<{ n: string }>(
          t.db.url,
          `SELECT count(*) AS n FROM updates WHERE body <> 'rewritten'`,
        );
        expect(after).toBe(before);
      });
    });
  });

  describe('GET /audit filters and pagination', () => {
    it('entity and entityId give only that record, newest first', async () => {
      const party = await f.party();
      const other = await f.party();
      const patched = await t
        .http()
        .patch(`/api/v1/parties/${party.id}`)
        .set(admin.headers)
        .send({ nameAr: 'طرف معدل' });
      expect(patched.status).toBe(200);
      const deactivated = await t
        .http()
        .patch(`/api/v1/parties/${party.id}`)
        .set(admin.headers)
        .send({ active: false });
      expect(deactivated.status).toBe(200);
      const events = await eventsOf('parties', party.id);
      expect(events.map((e) => e.action)).toEqual(['update', 'update', 'create']);
      expect(events.every((e) => e.entity === 'parties' && e.entityId === party.id)).toBe(true);
      expect(events[0]!.changes).toEqual({ active: { before: true, after: false } });
      const seqs = events.map((e) => BigInt(e.seq));
      expect([...seqs].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(seqs);
      expect(events.some((e) => e.entityId === other.id)).toBe(false);
    });

    it('limit=2 with the cursor walks every event once, newest first', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t
          .http()
          .get('/api/v1/audit')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(admin.headers);
        expect(res.status).toBe(200);
        const items = res.body.items as AuditEvent[];
        expect(items.length).toBeLessThanOrEqual(2);
        seen.push(...items.map((e) => e.seq));
        cursor = res.body.nextCursor as string | null;
        pages++;
      } while (cursor && pages < 10_000);
      const rows = await sql<{ seq: string }>(
        t.db.url,
        `SELECT seq::text AS seq FROM audit_events ORDER BY audit_events.seq DESC`,
      );
      expect(rows.length).toBeGreaterThan(10);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(rows.map((r) => r.seq));
      expect(pages).toBe(Math.ceil(rows.length / 2));
    });

    it.each(['abc', '-1', '1; DROP TABLE audit_events', '9'.repeat(30)])('a bad cursor (%s) is 400', async (cursor) => {
      const res = await t.http().get('/api/v1/audit').query({ cursor }).set(admin.headers);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain('cursor');
    });

    it('action=seed gives the seed events (an action the trail holds is one the filter takes)', async () => {
      await sql(
        t.db.url,
        `INSERT INTO audit_events (occurred_at, actor_type, action, entity, entity_id, changes) VALUES (now(), 'system', 'seed', 'demo', 'case', '{}')`,
      );
      const res = await t.http().get('/api/v1/audit').query({ action: 'seed' }).set(admin.headers);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(new Set(res.body.items.map((e: AuditEvent) => e.action))).toEqual(new Set(['seed']));
    });

    it('refuses the malformed query /api/v1/audit?from=2025-W44', async () => {
      expectInvalid(await t.http().get('/api/v1/audit?from=2025-W44').set(admin.headers), 'from');
    });

    it('one message for a limit that is no integer in range, whatever is wrong with it (here and on other lists)', async () => {
      for (const [path, limit] of [
        ['/api/v1/audit', 'a'],
        ['/api/v1/audit', '0'],
        ['/api/v1/audit', '1.5'],
        ['/api/v1/parties', 'a'],
        ['/api/v1/parties', '500'],
        // Decimal digits only, as the log's sizes: Number() would read each of these as a number.
        ['/api/v1/audit', '0x10'],
        ['/api/v1/audit', '1e1'],
        ['/api/v1/audit', ' 5'],
        ['/api/v1/audit', '5.0'],
        ['/api/v1/parties', '0x10'],
        ['/api/v1/parties', '1e1'],
        ['/api/v1/parties', '+5'],
        ['/api/v1/parties', ''],
      ])
        expect({
          path,
          limit,
          errors: expectInvalid(await t.http().get(path!).query({ limit }).set(admin.headers), 'limit').errors,
        }).toEqual({ path, limit, errors: [{ field: 'limit', message: 'must be an integer from 1 to 200' }] });
    });

    it('is for admins only', async () => {
      const analyst = await createUser(t, 'analyst');
      expect((await t.http().get('/api/v1/audit').set(analyst.headers)).status).toBe(403);
      expect((await t.http().get('/api/v1/audit/verify').set(analyst.headers)).status).toBe(403);
    });
  });

  it('the events of one request (one transaction) take consecutive places in the log, in the order written', async () => {
    // An assignment with two assignees: TypeORM runs the subscribers of the assignee rows in parallel.
    const committee = await f.committee([lb.id, sy.id]);
    const w = new WorkFactory(t, await createUser(t, 'secretary'), f);
    await w.seatSecretary(committee.id, lb.id);
    const [a, b] = [await f.person(lb.id), await f.person(sy.id)];
    await f.member(committee.id, a.id, 'liaison_officer');
    await f.member(committee.id, b.id, 'liaison_officer');
    const rid = requestId();
    const res = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/assignments`)
      .set(w.secretary.headers)
      .set('x-request-id', rid)
      .send({ title: 'Two assignees', assigneeIds: [a.id, b.id] });
    expect(res.status).toBe(201);
    await t.sequenceLog();
    const rows = await sql<{ seq: string; index: string }>(
      t.db.url,
      `SELECT e.seq::text AS seq, l."index"::text AS index FROM audit_events e JOIN log_leaves l ON l.event_seq = e.seq
        WHERE e.request_id = $1 ORDER BY e.seq`,
      [rid],
    );
    // The assignment and its two assignee rows.
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const first = Number(rows[0]!.index);
    expect(rows.map((r) => Number(r.index))).toEqual(rows.map((_, i) => first + i));
  });

  // Last: everything above has written to the log.
  it('the log verifies after the suite, every event in it once', async () => {
    await t.sequenceLog();
    const res = await t.http().get('/api/v1/audit/verify').set(admin.headers);
    expect(res.status).toBe(200);
    const [{ n, leaves }] = await sql<{ n: string; leaves: string }>(
      t.db.url,
      `SELECT (SELECT count(*) FROM audit_events) AS n, (SELECT count(DISTINCT event_seq) FROM log_leaves) AS leaves`,
    );
    expect(leaves).toBe(n);
    expect(res.body).toEqual({
      ok: true,
      firstBroken: null,
      checked: Number(n),
      treeSize: Number(n),
      checkpoints: expect.any(Number),
      unsequenced: 0,
    });
    expect(res.body.checked).toBeGreaterThan(0);
    expect(res.body.checkpoints).toBeGreaterThan(0);
  });

  it('concurrent GET /audit/verify share one run (single-flight): the leaves are read once', async () => {
    const leafQuery = (statements: string[]) =>
      statements.filter((s) => s.includes('FROM log_leaves LEFT JOIN audit_events')).length;
    const get = () => t.http().get('/api/v1/audit/verify').set(admin.headers);
    // The first run is held at its first read of the leaves until the second request has called
    // verify() too: without that, the two could just as well run one after the other.
    const service = t.app.get(LogVerificationService) as unknown as {
      verify(): Promise<unknown>;
      leaves(from: number): Promise<unknown[]>;
    };
    const [verify, leaves] = [service.verify, service.leaves];
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    service.verify = function (this: unknown) {
      calls++;
      return verify.call(this);
    };
    service.leaves = async function (this: unknown, from: number) {
      await gate;
      return leaves.call(this, from);
    };
    const counter = countStatements(t);
    try {
      const { result, sql: statements } = await counter.during(async () => {
        const both = Promise.all([get(), get()]);
        for (let waited = 0; calls < 2 && waited < 10_000; waited += 5)
          await new Promise((resolve) => setTimeout(resolve, 5));
        release();
        return both;
      });
      expect(calls).toBe(2);
      expect(result.map((r) => r.status)).toEqual([200, 200]);
      expect(result[1]!.body).toEqual(result[0]!.body);
      expect(result[0]!.body).toMatchObject({ ok: true, firstBroken: null });
      // Fewer than 2,000 events: one batch of leaves, read by the one run both requests share.
      expect(leafQuery(statements)).toBe(1);
      // Once it has ended, the next call runs afresh.
      const later = await counter.during(get);
      expect(later.result.status).toBe(200);
      expect(leafQuery(later.sql)).toBe(1);
    } finally {
      counter.close();
      // The own properties set above shadow the class's methods: removing them restores those.
      for (const name of ['verify', 'leaves']) Reflect.deleteProperty(service, name);
    }
  });
});

describe('the log tampered with in place (as a superuser would)', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    const f = new RegistryFactory(t, admin);
    // More than ten events, so that numeric and text order of seq differ (2 < 10 but "2" > "10").
    for (let i = 0; i < 12; i++) await f.party();
    await t.sequenceLog();
  });
  afterAll(() => t.close({ auditTampered: true }));

  interface Verification {
    ok: boolean;
    checked: number;
    treeSize: number;
    unsequenced: number;
    firstBroken: { logIndex: number | null; seq: string | null; reason: string } | null;
  }
  const verify = async (app = t, who = admin): Promise<Verification> => {
    const res = await app.http().get('/api/v1/audit/verify').set(who.headers);
    expect(res.status).toBe(200);
    return res.body as Verification;
  };

  it('verifies before anyone tampers, checking every event', async () => {
    const [{ n }] = await sql<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM audit_events`);
    expect(Number(n)).toBeGreaterThan(10);
    expect(await verify()).toMatchObject({ ok: true, firstBroken: null, checked: Number(n), treeSize: Number(n) });
  });

  it('an event altered behind the triggers is found at its leaf', async () => {
    const [{ seq, index }] = await sql<{ seq: string; index: string }>(
      t.db.url,
      `SELECT event_seq::text AS seq, "index"::text AS index FROM log_leaves WHERE "index" = 1`,
    );
    // Replica mode skips the append-only triggers: only a superuser can do this.
    await sql(
      t.db.url,
      `SET session_replication_role = replica; UPDATE audit_events SET changes = '{"x":1}' WHERE seq = ${Number(seq)}`,
    );
    const [row] = await sql<{ changes: unknown }>(t.db.url, `SELECT changes FROM audit_events WHERE seq = $1`, [seq]);
    expect(row!.changes).toEqual({ x: 1 });
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({
      seq,
      logIndex: Number(index),
      reason: expect.stringMatching(/altered/),
    });
    expect(result.checked).toBe(1);
  });

  it('an event committed minutes ago and still not in the log is reported (the sequencer stopped or skipped it)', async () => {
    const app = await createTestApp();
    try {
      const a = await createUser(app, 'admin');
      await app.sequenceLog();
      expect(await verify(app, a)).toMatchObject({ ok: true, unsequenced: 0 });
      // Just committed: not yet a fault.
      await sql(
        app.db.url,
        `INSERT INTO audit_events (occurred_at, actor_type, action, entity, entity_id, changes)
         VALUES (now(), 'system', 'create', 'probe', 'fresh', '{}')`,
      );
      expect(await verify(app, a)).toMatchObject({ ok: true, unsequenced: 1 });
      const [{ seq }] = await sql<{ seq: string }>(
        app.db.url,
        `INSERT INTO audit_events (occurred_at, actor_type, action, entity, entity_id, changes)
         VALUES (now() - interval '10 minutes', 'system', 'create', 'probe', 'stalled', '{}') RETURNING seq::text AS seq`,
      );
      expect(await verify(app, a)).toMatchObject({
        ok: false,
        unsequenced: 2,
        firstBroken: { seq, logIndex: null, reason: expect.stringMatching(/not in the log/) },
      });
    } finally {
      await app.close({ auditTampered: true });
    }
  });

  it('a removed event is found at its leaf', async () => {
    const app = await createTestApp();
    try {
      const a = await createUser(app, 'admin');
      const f = new RegistryFactory(app, a);
      for (let i = 0; i < 3; i++) await f.party();
      await app.sequenceLog();
      const rows = await sql<{ seq: string }>(
        app.db.url,
        `SELECT event_seq::text AS seq FROM log_leaves ORDER BY "index"`,
      );
      expect(rows.length).toBeGreaterThan(3);
      await sql(
        app.db.url,
        `SET session_replication_role = replica; DELETE FROM audit_events WHERE seq = ${Number(rows[2]!.seq)}`,
      );
      expect(await verify(app, a)).toMatchObject({
        ok: false,
        firstBroken: { logIndex: 2, seq: rows[2]!.seq, reason: expect.stringMatching(/deleted/) },
      });
    } finally {
      await app.close({ auditTampered: true });
    }
  });
});
