import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LogSequencer } from '../../src/audit/log/log-sequencer.service.js';
import { readCheckpoint, readLogState } from '../../src/audit/log/log-store.js';
import { createUser, type Actor } from '../support/actors.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Review tests of the sequencer's horizon (src/audit/log/commit-order.ts,
 * src/audit/log/log-sequencer.service.ts): no committed event may ever be left out of the log.
 */
describe('the sequencer horizon (review)', () => {
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

  it('a full batch with no transaction open leaves the horizon at the last transaction read', async () => {
    const run = `full-${randomBytes(3).toString('hex')}`;
    // Five committed transactions, none open: the snapshot's xmin is above all of them.
    for (let i = 0; i < 5; i++) await createParty(`${run}-${i}`);
    await t.app.get(LogSequencer).drain({ batch: 2 });
    expect(await unlogged(run)).toEqual([]);
  });

  it('a batch whose COMMIT fails does not move the horizon past the events it read', async () => {
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
});

describe('the latest checkpoint (review)', () => {
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
      const code = `L${randomBytes(3).toString('hex').toUpperCase()}`;
      const res = await t
        .http()
        .post('/api/v1/parties')
        .set(admin.headers)
        .send({ code, nameEn: `Party ${code}`, nameAr: `طرف ${code}` });
      expect(res.status).toBe(201);
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
