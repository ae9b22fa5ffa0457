import type { Response } from 'supertest';
import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import pg from 'pg';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { WorkFactory } from '../support/work-factory.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

const ROUNDS = 5;

/** The two responses of a race, winner first (the order they were sent in is not the order they ran in). */
function sortRace(responses: Response[]): [Response, Response] {
  const sorted = [...responses].sort((a, b) => a.status - b.status);
  return [sorted[0]!, sorted[1]!];
}

/**
 * How many backends wait for a lock `holder`'s transaction holds, polled for up to 15 s until
 * one does: a race test must see its request waiting before it lets the holder commit, or it
 * proves nothing.
 */
async function backendsBlockedBy(url: string, holder: pg.Client): Promise<number> {
  const [{ pid }] = (await holder.query('SELECT pg_backend_pid() AS pid')).rows as { pid: number }[];
  let blocked = 0;
  for (const deadline = Date.now() + 15_000; blocked === 0 && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    [{ n: blocked }] = await sql<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
      [pid],
    );
  }
  return blocked;
}

describe('concurrent changes', () => {
  let t: TestApp;
  let committee: Ref;
  let lb: Ref;
  let secretary: Actor;
  let officer: Ref;
  let w: WorkFactory;

  beforeAll(async () => {
    t = await createTestApp();
    const f = new RegistryFactory(t, await createUser(t, 'admin'));
    lb = await f.party();
    const sy = await f.party();
    committee = await f.committee([lb.id, sy.id]);
    w = new WorkFactory(t, await createUser(t, 'secretary'), f);
    await w.seatSecretary(committee.id, lb.id);
    secretary = w.secretary;
    officer = await f.person(sy.id);
    await f.member(committee.id, officer.id, 'liaison_officer');
  });
  afterAll(() => t.close());

  const transition = (kind: 'assignments' | 'commitments', id: string, to: string) =>
    t.http().post(`/api/v1/${kind}/${id}/transitions`).set(secretary.headers).send({ to });
  const timeline = (column: 'assignment_id' | 'commitment_id', id: string) =>
    sql<{ from_status: string; to_status: string }>(
      t.db.url,
      `SELECT from_status, to_status FROM updates WHERE ${column} = $1 AND to_status IS NOT NULL ORDER BY created_at`,
      [id],
    );

  describe('racing transitions: one wins, the other sees the new state and gets 409', () => {
    it.each([
      ['in_progress', 'in_progress'],
      ['cancelled', 'cancelled'],
    ])(`assignment open → %s twice at once, ${ROUNDS} times`, async (first, second) => {
      for (let round = 0; round < ROUNDS; round++) {
        const assignment = await w.assignment(committee.id, [officer.id]);
        const [winner, loser] = sortRace(
          await Promise.all([
            transition('assignments', assignment.id, first),
            transition('assignments', assignment.id, second),
          ]),
        );
        expect([winner.status, loser.status]).toEqual([200, 409]);
        expect(winner.body).toMatchObject({ id: assignment.id, status: first, version: 2 });
        expect(loser.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(loser.body).toMatchObject({ status: 409, currentState: first });
        expect(await timeline('assignment_id', assignment.id)).toEqual([{ from_status: 'open', to_status: first }]);
        const [row] = await sql<{ status: string; version: number }>(
          t.db.url,
          `SELECT status, version FROM assignments WHERE id = $1`,
          [assignment.id],
        );
        expect(row).toEqual({ status: first, version: 2 });
      }
    });

    it(`commitment in_progress → fulfilment_claimed claimed twice at once by the owner side, ${ROUNDS} times`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const commitment = await w.commitment(committee.id, lb.id);
        expect((await transition('commitments', commitment.id, 'in_progress')).status).toBe(200);
        const [winner, loser] = sortRace(
          await Promise.all([
            transition('commitments', commitment.id, 'fulfilment_claimed'),
            transition('commitments', commitment.id, 'fulfilment_claimed'),
          ]),
        );
        expect([winner.status, loser.status]).toEqual([200, 409]);
        expect(winner.body).toMatchObject({ id: commitment.id, status: 'fulfilment_claimed' });
        expect(loser.body).toMatchObject({ status: 409, currentState: 'fulfilment_claimed' });
        expect(await timeline('commitment_id', commitment.id)).toEqual([
          { from_status: 'pending', to_status: 'in_progress' },
          { from_status: 'in_progress', to_status: 'fulfilment_claimed' },
        ]);
      }
    });
  });

  describe.each([
    ['assignments', () => w.assignment(committee.id, [officer.id]), { title: 'Renamed' }, { title: 'Renamed again' }],
    ['commitments', () => w.commitment(committee.id, lb.id), { progress: 40 }, { progress: 60 }],
    ['meetings', () => w.meeting(committee.id), { place: 'Damascus' }, { place: 'Homs' }],
  ] as const)('PATCH /%s/:id and If-Match', (kind, make, change, nextChange) => {
    const field = Object.keys(change)[0]!;
    const patch = (id: string, body: object, ifMatch?: string) => {
      const req = t.http().patch(`/api/v1/${kind}/${id}`).set(secretary.headers);
      return ifMatch === undefined ? req.send(body) : req.set('if-match', ifMatch).send(body);
    };
    const read = async (id: string) => {
      const res = await t.http().get(`/api/v1/${kind}/${id}`).set(secretary.headers);
      expect(res.status).toBe(200);
      return res;
    };

    it('without If-Match: 428, nothing changes', async () => {
      const record = await make();
      const res = await patch(record.id, change);
      expect(res.status).toBe(428);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const now = await read(record.id);
      expect(now.body.version).toBe(1);
      expect(now.body[field]).toEqual(record[field]);
    });

    it('with a stale If-Match: 412 with the current ETag, nothing changes', async () => {
      const record = await make();
      const initial = (await read(record.id)).headers.etag as string;
      const first = await patch(record.id, change, initial);
      expect(first.status).toBe(200);
      const stale = await patch(record.id, { [field]: record[field] }, initial);
      expect(stale.status).toBe(412);
      expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(stale.headers.etag).toBe(first.headers.etag);
      expect(stale.body.currentVersion).toBe(2);
      const now = await read(record.id);
      expect(now.headers.etag).toBe(first.headers.etag);
      expect(now.body[field]).toEqual(first.body[field]);
    });

    it('with the current ETag: 200, version + 1, the new ETag', async () => {
      const record = await make();
      const before = await read(record.id);
      expect(before.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      const res = await patch(record.id, change, before.headers.etag as string);
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(2);
      expect(res.body[field]).toEqual(Object.values(change)[0]);
      expect(res.headers.etag).toBe((await read(record.id)).headers.etag);
      expect(res.headers.etag).not.toBe(before.headers.etag);
      const again = await patch(record.id, nextChange, res.headers.etag as string);
      expect(again.status).toBe(200);
      expect(again.body.version).toBe(3);
      expect(again.body[field]).toEqual(Object.values(nextChange)[0]);
      expect((await read(record.id)).headers.etag).toBe(again.headers.etag);
      expect(again.headers.etag).not.toBe(res.headers.etag);
    });

    it(`two PATCHes at once with the same If-Match: one 200, one 412 (${ROUNDS} times)`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const record = await make();
        const etag = (await read(record.id)).headers.etag as string;
        const [winner, loser] = sortRace(
          await Promise.all([patch(record.id, change, etag), patch(record.id, change, etag)]),
        );
        expect([winner.status, loser.status]).toEqual([200, 412]);
        expect(winner.body.version).toBe(2);
        expect(loser.headers.etag).toBe(winner.headers.etag);
        expect((await read(record.id)).body.version).toBe(2);
      }
    });
  });
  describe('progress updates: checks on an unlocked read, then one guarded statement', () => {
    const post = (id: string, progress: number) =>
      t
        .http()
        .post(`/api/v1/commitments/${id}/updates`)
        .set(secretary.headers)
        .send({ body: `At ${progress}`, progress });

    it('16 figures posted at once on one commitment: all kept, the trail a chain of before/after', async () => {
      const commitment = await w.commitment(committee.id, lb.id);
      const figures = [10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85];
      const responses = await Promise.all(figures.map((progress) => post(commitment.id, progress)));
      expect(responses.map((r) => r.status)).toEqual(figures.map(() => 201));
      const entries = await sql<{ progress: number }>(
        t.db.url,
        'SELECT progress FROM updates WHERE commitment_id = $1 ORDER BY progress',
        [commitment.id],
      );
      expect(entries.map((e) => e.progress)).toEqual(figures);
      // Each event's `before` is the figure the previous one wrote: read under the lock, not
      // from the unlocked read every request started with (which would all say 0).
      const trail = await sql<{ before: number; after: number }>(
        t.db.url,
        `SELECT (changes->'progress'->>'before')::int AS before, (changes->'progress'->>'after')::int AS after
           FROM audit_events WHERE entity = 'commitments' AND entity_id = $1 AND action = 'update' ORDER BY seq`,
        [commitment.id],
      );
      expect(trail).toHaveLength(16);
      expect(trail[0]!.before).toBe(0);
      for (let i = 1; i < trail.length; i++) expect(trail[i]!.before).toBe(trail[i - 1]!.after);
      expect([...trail.map((e) => e.after)].sort((a, b) => a - b)).toEqual(figures);
      const [row] = await sql<{ progress: number; version: number }>(
        t.db.url,
        'SELECT progress, version FROM commitments WHERE id = $1',
        [commitment.id],
      );
      expect(row).toEqual({ progress: trail[15]!.after, version: 17 });
    });

    it('a claim of fulfilment committed while the figure waits for the row: 409 COMMITMENT_FROZEN, nothing written', async () => {
      const commitment = await w.commitment(committee.id, lb.id);
      expect((await transition('commitments', commitment.id, 'in_progress')).status).toBe(200);
      const claiming = new pg.Client({ connectionString: t.db.url });
      await claiming.connect();
      try {
        await claiming.query('BEGIN');
        await claiming.query(`UPDATE commitments SET status = 'fulfilment_claimed' WHERE id = $1`, [commitment.id]);
        const posting = post(commitment.id, 90).then((r) => r);
        // The post read the commitment in progress (no lock) and passed its checks; it must be
        // waiting for the row before the claim commits, or the test proves nothing.
        expect(await backendsBlockedBy(t.db.url, claiming)).toBe(1);
        await claiming.query('COMMIT');
        const response = await posting;
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ code: 'COMMITMENT_FROZEN', currentState: 'fulfilment_claimed' });
        const [row] = await sql<{ progress: number; entries: number }>(
          t.db.url,
          `SELECT progress, (SELECT count(*)::int FROM updates WHERE commitment_id = $1 AND progress = 90) AS entries
             FROM commitments WHERE id = $1`,
          [commitment.id],
        );
        expect(row).toEqual({ progress: 0, entries: 0 });
      } finally {
        await claiming.end();
      }
    });
  });
});

/**
 * Permission checks made inside a transaction run on the transaction's connection: a request
 * holding one pooled connection never waits for a second one, so a burst larger than the
 * pool queues instead of timing out (503 after the pool's 5 s wait).
 */
describe('a burst of creates larger than the connection pool', () => {
  let t: TestApp;
  let j: JointCommittee;
  let newcomer: Ref;

  beforeAll(async () => {
    t = await createTestApp({ env: { DATABASE_POOL_SIZE: '2' } });
    const f = new RegistryFactory(t, await createUser(t, 'admin'));
    j = await jointCommittee(t, f);
    newcomer = await f.person(j.lb.id);
  });
  afterAll(() => t.close());

  const BURST = 8;
  const burst = (send: (i: number) => Promise<Response>) =>
    Promise.all(Array.from({ length: BURST }, (_, i) => send(i)));

  it.each([
    ['commitments', (i: number) => ({ title: `Pledge ${i}`, ownerPartyId: j.lb.id, progress: 5 })],
    ['meetings', (i: number) => ({ startsAt: '2025-11-01T10:00:00+02:00', place: `Room ${i}` })],
    ['assignments', (i: number) => ({ title: `Patrol ${i}`, assigneeIds: [j.officerPerson.id] })],
  ] as const)('%s: every create of the burst succeeds (201)', async (kind, body) => {
    const responses = await burst((i) =>
      t.http().post(`/api/v1/committees/${j.committee.id}/${kind}`).set(j.secretary.headers).send(body(i)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(BURST).fill(201));
  });

  it('people and seats: all created', async () => {
    const people = await burst((i) =>
      t
        .http()
        .post('/api/v1/people')
        .set(j.secretary.headers)
        .send({ partyId: j.lb.id, nameEn: `Officer ${i}`, nameAr: `ضابط ${i}` }),
    );
    expect(people.map((r) => r.status)).toEqual(Array(BURST).fill(201));
    const seat = await t
      .http()
      .post(`/api/v1/committees/${j.committee.id}/members`)
      .set(j.secretary.headers)
      .send({ personId: newcomer.id, role: 'member', startOn: '2025-10-01' });
    expect(seat.status).toBe(201);
  });

  describe('a seat ended while a write waits for the committee', () => {
    it('is seen by the write: 404, nothing created (the seats are read again under the lock)', async () => {
      const f = new RegistryFactory(t, await createUser(t, 'admin'));
      const [lbSide, sySide] = [await f.party(), await f.party()];
      const other = await f.committee([lbSide.id, sySide.id]);
      const leaving = new WorkFactory(t, await createUser(t, 'secretary'), f);
      await leaving.seatSecretary(other.id, lbSide.id);
      const ending = new pg.Client({ connectionString: t.db.url });
      await ending.connect();
      try {
        // The seat's end takes the committee row FOR UPDATE, as the memberships service does.
        await ending.query('BEGIN');
        await ending.query('SELECT id FROM committees WHERE id = $1 FOR UPDATE', [other.id]);
        await ending.query(
          `UPDATE memberships SET end_on = (now() AT TIME ZONE 'UTC')::date - 1, start_on = (now() AT TIME ZONE 'UTC')::date - 2
            WHERE committee_id = $1`,
          [other.id],
        );
        const create = t
          .http()
          .post(`/api/v1/committees/${other.id}/commitments`)
          .set(leaving.secretary.headers)
          .send({ title: 'Filed by a secretary whose seat is ending', ownerPartyId: lbSide.id })
          .then((r) => r);
        // Authenticated (its seats read: still active), now waiting for the committee row: a
        // backend blocked by this transaction. Had the create not reached the lock before the
        // COMMIT, it would read the ended seat with the account and give 404 for another
        // reason, so the test refuses to go on without seeing the wait.
        expect(await backendsBlockedBy(t.db.url, ending)).toBe(1);
        await ending.query('COMMIT');
        const response = await create;
        expect(response.status).toBe(404);
        const rows = await sql(t.db.url, 'SELECT id FROM commitments WHERE committee_id = $1', [other.id]);
        expect(rows).toEqual([]);
      } finally {
        await ending.end();
      }
    });
  });
});
