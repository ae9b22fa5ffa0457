import { randomBytes } from 'node:crypto';
import { createUser, type Actor } from '../support/actors.js';
import { createTestDatabase, sql, type TestDatabase } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The log's commit-order rule (src/audit/log/commit-order.ts) with two app instances on one
 * database, both running their sequencer, and writers on both. One transaction starts
 * first and commits last (a test trigger holds it open after its audit event is written);
 * others start after it and commit while it waits.
 */
describe('log order is commit order, across instances', () => {
  let db: TestDatabase;
  let a: TestApp, b: TestApp;
  let adminA: Actor, adminB: Actor;

  const sequencing = { LOG_SEQUENCER: 'true', LOG_SEQUENCER_INTERVAL_MS: '25' };

  beforeAll(async () => {
    db = await createTestDatabase();
    // Holds a transaction open for 2 s after it writes an event of a request id starting with "slow-".
    await sql(
      db.url,
      `CREATE FUNCTION test_hold_open() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.request_id LIKE 'slow-%' THEN PERFORM pg_sleep(2); END IF;
           RETURN NULL;
         END $$;
       CREATE TRIGGER audit_events_hold_open AFTER INSERT ON audit_events
         FOR EACH ROW EXECUTE FUNCTION test_hold_open()`,
    );
    a = await createTestApp({ database: db, env: sequencing });
    b = await createTestApp({ database: db, env: sequencing });
    adminA = await createUser(a, 'admin');
    adminB = await createUser(b, 'admin');
  });
  afterAll(async () => {
    await a.close({ keepDatabase: true });
    await b.close();
  });

  const createParty = (app: TestApp, admin: Actor, requestId: string) => {
    const code = `P${randomBytes(3).toString('hex').toUpperCase()}`;
    return app
      .http()
      .post('/api/v1/parties')
      .set(admin.headers)
      .set('x-request-id', requestId)
      .send({ code, nameEn: `Party ${code}`, nameAr: `طرف ${code}` })
      .then((res) => {
        expect(res.status).toBe(201);
        return res;
      });
  };

  interface EventRow {
    seq: string;
    xid: string;
    request_id: string;
    index: string | null;
  }
  const eventsOf = (prefix: string) =>
    sql<EventRow>(
      db.url,
      `SELECT e.seq::text AS seq, e.xid::text AS xid, e.request_id, l."index"::text AS index
         FROM audit_events e LEFT JOIN log_leaves l ON l.event_seq = e.seq
        WHERE e.request_id LIKE $1 ORDER BY e.seq`,
      [`${prefix}%`],
    );

  async function until(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await condition()) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return condition();
  }

  it('a transaction that started first and committed last is logged after the ones that committed before it', async () => {
    const run = randomBytes(3).toString('hex');
    let slowDone = false;
    const slow = createParty(a, adminA, `slow-${run}`).then(() => (slowDone = true));
    // The slow transaction has written its party and its event (taking its transaction id) and waits.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(slowDone).toBe(false);
    const fast: Promise<unknown>[] = [];
    for (let i = 0; i < 6; i++) fast.push(createParty(i % 2 ? a : b, i % 2 ? adminA : adminB, `fast-${run}-${i}`));
    await Promise.all(fast);

    // The sequencers append the committed events while the slow transaction is still open.
    const fastLogged = await until(async () => (await eventsOf(`fast-${run}-`)).every((e) => e.index !== null), 1_500);
    expect(fastLogged).toBe(true);
    expect(slowDone).toBe(false);
    await slow;
    expect(await until(async () => (await eventsOf(`slow-${run}`)).every((e) => e.index !== null), 3_000)).toBe(true);

    const [slowEvents, fastEvents] = [await eventsOf(`slow-${run}`), await eventsOf(`fast-${run}-`)];
    expect(slowEvents).toHaveLength(1);
    expect(fastEvents).toHaveLength(6);
    const [held] = slowEvents;
    // It started first: smaller transaction id and smaller event number than every other ...
    for (const e of fastEvents) {
      expect(BigInt(held!.xid)).toBeLessThan(BigInt(e.xid));
      expect(BigInt(held!.seq)).toBeLessThan(BigInt(e.seq));
    }
    // ... and committed last: a larger log index than every other.
    for (const e of fastEvents) expect(Number(held!.index)).toBeGreaterThan(Number(e.index));
  });

  it('every event has exactly one leaf, and the leaves are numbered 0 … n-1 without a gap', async () => {
    await a.sequenceLog();
    const [row] = await sql<{ events: string; leaves: string; distinct_events: string; max_index: string }>(
      db.url,
      `SELECT (SELECT count(*) FROM audit_events) AS events, (SELECT count(*) FROM log_leaves) AS leaves,
              (SELECT count(DISTINCT event_seq) FROM log_leaves) AS distinct_events,
              (SELECT max("index") FROM log_leaves) AS max_index`,
    );
    expect(Number(row!.events)).toBeGreaterThan(8);
    expect(row!.leaves).toBe(row!.events);
    expect(row!.distinct_events).toBe(row!.events);
    expect(Number(row!.max_index)).toBe(Number(row!.events) - 1);
  });
});
