import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Seat } from '../../src/identity/access/permissions.js';
import { UsersService } from '../../src/identity/users/users.service.js';
import { createUser, type Actor } from '../support/actors.js';
import { seatedUser } from '../support/helpers.js';
import { expectProblem } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { appPools, countStatements } from '../support/statements.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';
import { dateIn, zonesAroundMidnight } from '../support/zones.js';

/** The guard's statement: the only one that reads `access_generation`. */
const isGuard = (text: string) => /\baccess_generation\b/.test(text);

/** A pg client as the app's pool lends it: `query(text, values)` answers a promise of the result. */
interface Client {
  query: (...args: unknown[]) => unknown;
}

/**
 * Records the `seats` column of every guard statement the app sends for the account `userId`
 * (null: the statement skipped the seats subquery and the cached seats were used), at the
 * driver: every client the app's pools lend has its `query` wrapped (as
 * `support/statements.ts` counts statements), whatever sends the statement.
 */
function recordGuardSeats(t: TestApp, userId: string): { seats: (Seat[] | null)[]; restore(): void } {
  const pools = appPools(t) as pg.Pool[];
  const seats: (Seat[] | null)[] = [];
  const wrapped = new Set<Client>();
  const wrap = (client: Client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const original = client.query;
    client.query = function (this: Client, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (typeof args[0] === 'string' && isGuard(args[0]) && result instanceof Promise) {
        void result.then(
          ({ rows }: pg.QueryResult<{ id: string; seats: Seat[] | null }>) => {
            if (rows[0]?.id === userId) seats.push(rows[0].seats);
          },
          () => undefined,
        );
      }
      return result;
    };
  };
  const listener = (client: pg.PoolClient) => wrap(client as unknown as Client);
  for (const pool of pools) pool.on('acquire', listener);
  return {
    seats,
    restore() {
      for (const pool of pools) pool.removeListener('acquire', listener);
      // The wrapper is an own property over the prototype's method: removing it restores the original.
      for (const client of wrapped) delete (client as Partial<Client>).query;
    },
  };
}

/**
 * The guard keeps callers' seats between requests (`SeatCache`) and skips the seats subquery
 * while `access_generation` and the 15-minute bucket are unchanged (issue 9). Nothing cached
 * may outlive a revocation: a seat ended, a seat added, a committee's parties or time zone
 * changed take effect on the very next request, on every instance.
 */
describe("the guard's seat cache", () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let lb: Ref, sy: Ref, other: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    [lb, sy, other] = [await f.party(), await f.party(), await f.party()];
  });
  afterAll(() => t.close());

  const getCommittee = (app: TestApp, caller: Actor, committee: Ref) =>
    app.http().get(`/api/v1/committees/${committee.id}`).set(caller.headers);

  it('a cache hit sends the same one statement and gets NULL seats back; the seats are frozen', async () => {
    const x = await f.committee([lb.id, sy.id]);
    const { user, person } = await seatedUser(t, f, 'secretary', lb.id, x.id);
    const recorded = recordGuardSeats(t, user.id);
    const counter = countStatements(t);
    try {
      const first = await counter.during(() => getCommittee(t, user, x));
      const second = await counter.during(() => getCommittee(t, user, x));
      expect([first.result.status, second.result.status]).toEqual([200, 200]);
      // One guard statement each, the same text, and the same statements in all.
      expect(first.sql.filter(isGuard)).toHaveLength(1);
      expect(second.sql).toEqual(first.sql);
      expect(recorded.seats).toEqual([
        [{ committeeId: x.id, partyId: lb.id, role: 'secretary', committeePartyIds: expect.any(Array) }],
        null,
      ]);
      expect([...recorded.seats[0]![0]!.committeePartyIds].sort()).toEqual([lb.id, sy.id].sort());
    } finally {
      counter.close();
      recorded.restore();
    }

    const users = t.app.get(UsersService);
    const found = await users.findActiveForToken(user.id, 0, user.sessionId!);
    const again = await users.findActiveForToken(user.id, 0, user.sessionId!);
    expect(found!.personId).toBe(person.id);
    // One reading serves both requests: frozen, so neither can change what the other sees.
    expect(again!.seats).toBe(found!.seats);
    expect(Object.isFrozen(found!.seats)).toBe(true);
    expect(Object.isFrozen(found!.seats[0])).toBe(true);
    expect(Object.isFrozen(found!.seats[0]!.committeePartyIds)).toBe(true);
    expect(() => (found!.seats as Seat[]).push(found!.seats[0]!)).toThrow(TypeError);
  });

  it('reads the seats again when the cached generation, bucket or person no longer holds', async () => {
    const x = await f.committee([lb.id, sy.id]);
    const { user, person } = await seatedUser(t, f, 'secretary', lb.id, x.id);
    const users = t.app.get(UsersService);
    const cache = users['seatCache'];
    const seat = { committeeId: x.id, partyId: lb.id, role: 'secretary' };
    const guard = async () => (await users.findActiveForToken(user.id, 0, user.sessionId!))!.seats;
    const recorded = recordGuardSeats(t, user.id);
    try {
      const quarterHour = () => Math.floor(Date.now() / 900_000);
      const before = quarterHour();
      expect(await guard()).toEqual([expect.objectContaining(seat)]);
      const after = quarterHour();
      const reading = cache.get(user.id)!;
      expect(reading.personId).toBe(person.id);
      expect(reading.generation).toMatch(/^\d+$/);
      // The database's quarter hours since the epoch, as the application's clock counts them.
      expect([before, after]).toContain(Number(reading.bucket));
      expect(await guard()).toEqual([expect.objectContaining(seat)]);
      expect(recorded.seats.map((s) => s === null)).toEqual([false, true]);

      // Each of the three differs in turn from what the statement sees: the seats are read (not NULL).
      const stale = [
        { ...reading, generation: String(Number(reading.generation) - 1) },
        { ...reading, bucket: String(Number(reading.bucket) - 1) },
        { ...reading, personId: randomUUID() },
      ];
      for (const entry of stale) {
        cache.set(user.id, { ...entry, seats: [] });
        expect(await guard()).toEqual([expect.objectContaining(seat)]);
      }
      expect(recorded.seats.map((s) => s === null)).toEqual([false, true, false, false, false]);
    } finally {
      recorded.restore();
    }
  });

  it('a seat ended in SQL is refused on the very next request, on this instance and another one', async () => {
    const x = await f.committee([lb.id, sy.id]);
    const { user, membership } = await seatedUser(t, f, 'secretary', lb.id, x.id);
    // A second instance on the same database, with the same signing key (as deployed).
    const second = await createTestApp({ database: t.db, env: { JWT_SECRET: t.config.auth.jwtSecret } });
    const recorded = [recordGuardSeats(t, user.id), recordGuardSeats(second, user.id)];
    const nulls = () => recorded.map((r) => r.seats.map((s) => s === null));
    try {
      // Both instances have read the seat, and served it from their cache since.
      for (const app of [t, second, t, second]) expect((await getCommittee(app, user, x)).status).toBe(200);
      expect(nulls()).toEqual([
        [false, true],
        [false, true],
      ]);

      // Not committed yet: still seated. Committed: refused at once, by both.
      const client = new pg.Client({ connectionString: t.db.url });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query(`UPDATE memberships SET end_on = start_on WHERE id = $1`, [membership!.id]);
        expect((await getCommittee(t, user, x)).status).toBe(200);
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
      expectProblem(await getCommittee(t, user, x), 404);
      expectProblem(await getCommittee(second, user, x), 404);
      expect(recorded.map((r) => r.seats.slice(2))).toEqual([[null, []], [[]]]);
    } finally {
      for (const r of recorded) r.restore();
      await second.close({ keepDatabase: true });
    }
  });

  it('a seat added through the API counts on the very next request', async () => {
    const x = await f.committee([lb.id, sy.id]);
    const y = await f.committee([lb.id, sy.id]);
    const { user, person } = await seatedUser(t, f, 'secretary', lb.id, x.id);
    const recorded = recordGuardSeats(t, user.id);
    try {
      expectProblem(await getCommittee(t, user, y), 404);
      expectProblem(await getCommittee(t, user, y), 404);
      await f.member(y.id, person.id, 'secretary');
      expect((await getCommittee(t, user, y)).status).toBe(200);
      // The refusals came from a read and a cache hit; the seat from a new read.
      expect(recorded.seats.map((s) => s?.map((seat) => seat.committeeId).sort() ?? null)).toEqual([
        [x.id],
        null,
        [x.id, y.id].sort(),
      ]);
    } finally {
      recorded.restore();
    }
  });

  it("an account linked to another person has that person's seats on the very next request", async () => {
    const x = await f.committee([lb.id, sy.id]);
    const { user } = await seatedUser(t, f, 'secretary', lb.id, x.id);
    const unseated = await f.person(lb.id);
    const recorded = recordGuardSeats(t, user.id);
    try {
      expect((await getCommittee(t, user, x)).status).toBe(200);
      expect((await getCommittee(t, user, x)).status).toBe(200);
      // No seat table changes: the generation stays, the person sent with it no longer matches.
      await f.linkUser(user, unseated.id);
      expectProblem(await getCommittee(t, user, x), 404);
      expect(recorded.seats.map((s) => s?.length ?? null)).toEqual([1, null, 0]);
    } finally {
      recorded.restore();
    }
  });

  it("a committee's parties changed count on the very next request", async () => {
    const x = await f.committee([lb.id, sy.id]);
    const { user } = await seatedUser(t, f, 'secretary', lb.id, x.id);
    // A secretary adds people of the parties of their committees (`person.create`).
    const addPerson = () =>
      t
        .http()
        .post('/api/v1/people')
        .set(user.headers)
        .send({ partyId: other.id, nameEn: 'Joined Later', nameAr: 'انضم لاحقا' });
    const setParties = async (partyIds: string[]) => {
      const res = await t.http().patch(`/api/v1/committees/${x.id}`).set(admin.headers).send({ partyIds });
      expect(res.status).toBe(200);
    };
    const recorded = recordGuardSeats(t, user.id);
    const partiesSeen = () => recorded.seats.map((s) => (s ? [...s[0]!.committeePartyIds].sort() : null));
    try {
      expectProblem(await addPerson(), 403);
      expectProblem(await addPerson(), 403);
      await setParties([lb.id, sy.id, other.id]);
      expect((await addPerson()).status).toBe(201);
      expect((await addPerson()).status).toBe(201);
      await setParties([lb.id, sy.id]);
      expectProblem(await addPerson(), 403);
      // Each change was read on the next request; in between, the cache served.
      expect(partiesSeen()).toEqual([
        [lb.id, sy.id].sort(),
        null,
        [lb.id, sy.id, other.id].sort(),
        null,
        [lb.id, sy.id].sort(),
      ]);
    } finally {
      recorded.restore();
    }
  });

  it("a committee's time zone changed counts on the very next request (its today moves)", async () => {
    // The seat starts on the date of the zone whose day has just begun: the day before, in
    // the other zone, it has not started yet.
    const { justAfter, justBefore } = zonesAroundMidnight();
    const z = await f.committee([lb.id, sy.id], { timeZone: justBefore });
    const { user, person } = await seatedUser(t, f, 'secretary', lb.id, null);
    await f.member(z.id, person.id, 'secretary', { startOn: dateIn(justAfter, new Date()) });
    const recorded = recordGuardSeats(t, user.id);
    try {
      expectProblem(await getCommittee(t, user, z), 404);
      expectProblem(await getCommittee(t, user, z), 404);
      const res = await t.http().patch(`/api/v1/committees/${z.id}`).set(admin.headers).send({ timeZone: justAfter });
      expect(res.status).toBe(200);
      expect((await getCommittee(t, user, z)).status).toBe(200);
      expect(recorded.seats.map((s) => s?.map((seat) => seat.committeeId) ?? null)).toEqual([[], null, [z.id]]);
    } finally {
      recorded.restore();
    }
  });

  it('every change to a seat table raises access_generation in its transaction; a statement changing no row does not', async () => {
    const generation = async () =>
      Number((await sql<{ n: string }>(t.db.url, `SELECT n FROM access_generation`))[0]!.n);
    const x = await f.committee([lb.id, sy.id]);
    const raises = async (statement: string, params: unknown[] = []) => {
      const before = await generation();
      await sql(t.db.url, statement, params);
      return (await generation()) - before;
    };
    expect(await raises(`UPDATE committees SET mandate = 'changed' WHERE id = $1`, [x.id])).toBe(1);
    expect(await raises(`UPDATE committees SET mandate = 'changed' WHERE false`)).toBe(0);
    expect(
      await raises(`INSERT INTO committee_parties (committee_id, party_id) VALUES ($1, $2)`, [x.id, other.id]),
    ).toBe(1);
    expect(
      await raises(`DELETE FROM committee_parties WHERE committee_id = $1 AND party_id = $2`, [x.id, other.id]),
    ).toBe(1);
    expect(await raises(`DELETE FROM memberships WHERE false`)).toBe(0);
    // TRUNCATE (rolled back): each table truncated raises it once.
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      const before = await generation();
      await client.query('BEGIN');
      await client.query('TRUNCATE memberships, committee_parties');
      const { rows } = await client.query<{ n: string }>('SELECT n FROM access_generation');
      expect(Number(rows[0]!.n) - before).toBe(2);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
    expect(await sql(t.db.url, `SELECT count(*)::int AS n FROM access_generation`)).toEqual([{ n: 1 }]);
    await expect(sql(t.db.url, `INSERT INTO access_generation (one, n) VALUES (false, 0)`)).rejects.toThrow(
      /access_generation_one_row/,
    );
  });

  it("every zone a committee can hold is a whole number of quarter hours from UTC (the bucket's premise)", async () => {
    const zones = await sql<{ name: string; seconds: number }>(
      t.db.url,
      `SELECT name, extract(epoch FROM utc_offset)::int AS seconds FROM pg_timezone_names`,
    );
    const accepted = zones.filter(({ name }) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: name });
        return true;
      } catch {
        return false;
      }
    });
    expect(accepted.length).toBeGreaterThan(400);
    expect(accepted.filter(({ seconds }) => seconds % 900 !== 0)).toEqual([]);
    expect(accepted.some(({ name }) => name === 'Asia/Kathmandu')).toBe(true);
  });
});
