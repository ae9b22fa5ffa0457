import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { COMMITTED_EVENTS_SQL, windowOf } from '../../src/audit/log/commit-order.js';
import { BATCH_SETTINGS, LogSequencer } from '../../src/audit/log/log-sequencer.service.js';
import { readCheckpoint, readLogState } from '../../src/audit/log/log-store.js';
import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Where the sequencer's next read starts (src/audit/log/commit-order.ts,
 * src/audit/log/log-sequencer.service.ts): no committed event may ever be left out of the log,
 * and a long transaction elsewhere must not make every read scan the trail.
 */
describe("the sequencer's window", () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    await t.sequenceLog();
    // A deferred check on log_leaves that fails the sequencer's COMMIT while test_fail_commit has a row.
    await sql(
      t.db.url,
      `CREATE TABLE test_fail_commit (x int);
       CREATE FUNCTION test_fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF EXISTS (SELECT 1 FROM test_fail_commit) THEN RAISE EXCEPTION 'commit fails (test)'; END IF;
           RETURN NULL;
         END $$;
       CREATE CONSTRAINT TRIGGER log_leaves_fail_commit AFTER INSERT ON log_leaves
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_commit()`,
    );
  });
  afterAll(() => t.close());

  const createParty = async (requestId: string) => {
    const code = `R${randomBytes(3).toString('hex').toUpperCase()}`;
    const res = await t
      .http()
      .post('/api/v1/parties')
      .set(admin.headers)
      .set('x-request-id', requestId)
      .send({ code, nameEn: `Party ${code}`, nameAr: `طرف ${code}` });
    expect(res.status).toBe(201);
  };

  const unlogged = (prefix: string) =>
    sql<{ seq: string }>(
      t.db.url,
      `SELECT e.seq::text AS seq FROM audit_events e
        WHERE e.request_id LIKE $1
          AND NOT EXISTS (SELECT 1 FROM log_leaves l WHERE l.event_seq = e.seq)`,
      [`${prefix}%`],
    );

  it('a full batch reads the same window again: nothing of it is left behind', async () => {
    const run = `full-${randomBytes(3).toString('hex')}`;
    // Five committed transactions, none open: the snapshot's xmin is above all of them.
    for (let i = 0; i < 5; i++) await createParty(`${run}-${i}`);
    await t.app.get(LogSequencer).drain({ batch: 2 });
    expect(await unlogged(run)).toEqual([]);
  });

  it('a batch whose COMMIT fails does not move the window past the events it read', async () => {
    const run = `commitfail-${randomBytes(3).toString('hex')}`;
    await createParty(run);
    await sql(t.db.url, `INSERT INTO test_fail_commit VALUES (1)`);
    await expect(t.app.get(LogSequencer).runBatch()).rejects.toThrow('commit fails (test)');
    await sql(t.db.url, `DELETE FROM test_fail_commit`);
    // Another transaction commits after the failed batch, so the next read's xmin is past the first.
    await createParty(`${run}-later`);
    await t.app.get(LogSequencer).drain();
    expect(await unlogged(run)).toEqual([]);
  });

  it('a stored snapshot from another cluster (pg_dump restored where transaction ids are lower) does not hide new events', async () => {
    const run = `restored-${randomBytes(3).toString('hex')}`;
    await t.app.get(LogSequencer).drain();
    // What a logical restore leaves: the latest checkpoint keeps the old cluster's snapshot, whose
    // xmax is far above the ids this cluster hands out now. Rewritten here as a superuser, past the
    // append-only trigger (the snapshot is not part of the signed note).
    await sql(
      t.db.url,
      `SET session_replication_role = replica;
       UPDATE log_checkpoints SET snapshot = '9000000000:9000000000:'
        WHERE tree_size = (SELECT max(tree_size) FROM log_checkpoints)`,
    );
    await createParty(run);
    await t.app.get(LogSequencer).drain();
    expect(await unlogged(run)).toEqual([]);
  });
});

describe('the latest checkpoint', () => {
  let t: TestApp;
  let admin: Actor;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
  });
  afterAll(() => t.close());

  it('is the one of the largest tree size, not the largest size written in decimal (9 < 10)', async () => {
    const sequencer = t.app.get(LogSequencer);
    expect(await sequencer.drain()).toBeLessThan(10);
    // One checkpoint per size (drain signs one whenever the tree grew) until the tree has 10 or more leaves.
    let size = 0;
    while (size < 12) {
      await new RegistryFactory(t, admin).party();
      size = await sequencer.drain();
    }
    const dataSource = t.app.get(DataSource);
    expect((await readLogState(dataSource)).latest?.treeSize).toBe(size);
    expect((await readCheckpoint(dataSource))?.treeSize).toBe(size);
    // Nothing new: no checkpoint is due (on main this signed size again: duplicate key).
    await expect(sequencer.runBatch({ forceCheckpoint: true })).resolves.toEqual({
      appended: 0,
      treeSize: size,
      signed: false,
    });
  });

  it('GET /audit/verify checks every checkpoint, in tree-size order', async () => {
    const [{ n }] = await sql<{ n: number }>(t.db.url, `SELECT count(*)::int AS n FROM log_checkpoints`);
    const res = await t.http().get('/api/v1/audit/verify').set(admin.headers);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, checkpoints: n });
  });
});

describe('a transaction open across reads', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    await t.sequenceLog();
  });
  afterAll(() => t.close());

  it('never passes a transaction still open, even when a batch is full', async () => {
    const old = new pg.Client({ connectionString: t.db.url });
    await old.connect();
    try {
      // An older transaction writes an event and stays open while newer ones commit.
      await old.query('BEGIN');
      await old.query(
        `INSERT INTO audit_events (occurred_at, actor_type, action, entity, entity_id, changes, request_id)
         VALUES (now(), 'system', 'create', 'probe', 'held', '{}', 'held-open')`,
      );
      const f = new RegistryFactory(t, admin);
      for (let i = 0; i < 5; i++) await f.party();
      // Batches of two: full batches end past the open transaction's id.
      await t.app.get(LogSequencer).drain({ batch: 2 });
      await old.query('COMMIT');
    } finally {
      await old.end();
    }
    await t.app.get(LogSequencer).drain({ batch: 2 });
    const [row] = await sql<{ index: string | null }>(
      t.db.url,
      `SELECT l."index"::text AS index FROM audit_events e LEFT JOIN log_leaves l ON l.event_seq = e.seq
        WHERE e.request_id = 'held-open'`,
    );
    expect(row!.index).not.toBeNull();
  });

  it('reads only what its last snapshot did not see: a transaction open meanwhile does not make it scan the trail', async () => {
    const held = new pg.Client({ connectionString: t.db.url });
    await held.connect();
    try {
      // A transaction with an id stays open (it holds back every snapshot's xmin) …
      await held.query('BEGIN');
      await held.query('SELECT pg_current_xact_id()');
      // … while 5,000 events commit after it and are logged.
      await sql(
        t.db.url,
        `INSERT INTO audit_events (occurred_at, actor_type, action, entity, entity_id, changes, request_id)
         SELECT now(), 'system', 'create', 'probe', n::text, '{}', 'bulk' FROM generate_series(1, 5000) AS n`,
      );
      await t.sequenceLog();
      await sql(t.db.url, 'ANALYZE audit_events');
      const dataSource = t.app.get(DataSource);
      const since = ((await readCheckpoint(dataSource)) as { snapshot: string }).snapshot;
      const [{ 'QUERY PLAN': plan }] = (await dataSource.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${COMMITTED_EVENTS_SQL}`,
        [windowOf(since).xmax, windowOf(since).inProgress, 2000],
      )) as { 'QUERY PLAN': PlanNode[] }[];
      // Rows of audit_events the read touched: the 5,000 logged ones are not among them.
      expect(rowsOf(plan[0]!.Plan!, 'audit_events')).toBeLessThan(50);

      // And the sequencer's next read starts from that snapshot (not from an older one).
      const reads: unknown[][] = [];
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const [first, second] = args as [unknown, unknown];
        const text = typeof first === 'string' ? first : (first as { text?: string } | null)?.text;
        if (text === COMMITTED_EVENTS_SQL) reads.push((second ?? (first as { values: unknown[] }).values) as unknown[]);
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      try {
        await t.app.get(LogSequencer).runBatch();
      } finally {
        pg.Client.prototype.query = query;
      }
      expect(reads).toHaveLength(1);
      expect(reads[0]!.slice(0, 2)).toEqual([windowOf(since).xmax, windowOf(since).inProgress]);
    } finally {
      await held.query('ROLLBACK');
      await held.end();
    }
  });

  it('reads without parallel workers, whose start costs more than a batch', async () => {
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      // Parallel plans made free, so that the planner takes them wherever it may.
      await client.query(
        'SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET min_parallel_index_scan_size = 0; SET enable_bitmapscan = off; SET enable_indexscan = off',
      );
      const nodes = async () => {
        const [{ 'QUERY PLAN': plan }] = (
          await client.query(`EXPLAIN (FORMAT JSON) ${COMMITTED_EVENTS_SQL}`, ['1', [], 2000])
        ).rows as { 'QUERY PLAN': PlanNode[] }[];
        return JSON.stringify(plan);
      };
      await client.query('BEGIN');
      expect(await nodes()).toContain('"Gather');
      await client.query(`SELECT ${BATCH_SETTINGS}`);
      expect(await nodes()).not.toContain('"Gather');
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
  });
});

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
  Plan?: PlanNode;
}

/** Rows a plan read from a table (returned plus filtered out), over every node that scans it. */
function rowsOf(node: PlanNode, table: string): number {
  const own =
    node['Relation Name'] === table
      ? ((node['Actual Rows'] ?? 0) +
          (node['Rows Removed by Filter'] ?? 0) +
          (node['Rows Removed by Index Recheck'] ?? 0)) *
        (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsOf(child, table), 0);
}
