import { DataSource } from 'typeorm';
import { directReads } from '../../src/platform/database/direct-reads.js';
import { genericPlanPool, genericPlans } from '../../src/platform/database/generic-plans.js';
import { createUser } from '../support/actors.js';
import { planNodes, statementsOf } from '../support/plans.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

const MODE = `SELECT current_setting('plan_cache_mode') AS mode, $1::int AS one`;

/**
 * `genericPlans` (docs/performance.md, "Plans made once per session"): the guard's statement,
 * a commitment by id, a progress figure's checks and its guarded write, and a kept page's
 * stamps run on sessions that plan each prepared statement once; every other statement keeps
 * the planner's choice per execution.
 */
describe('statements planned once per session', () => {
  let t: TestApp;
  let jc: JointCommittee;
  let commitment: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    const f = new RegistryFactory(t, await createUser(t, 'admin'));
    jc = await jointCommittee(t, f);
    commitment = await jc.w.commitment(jc.committee.id, jc.lb.id);
    // Enough analysed rows that reading by key is the planner's own choice, not a tie.
    await sql(
      t.db.url,
      `INSERT INTO commitments (version, committee_id, owner_party_id, title, status, due_on)
       SELECT 1, '${jc.committee.id}', '${jc.lb.id}', 'Pledge ' || i, 'pending', DATE '2030-01-01' + i % 700
         FROM generate_series(1, 3000) AS i`,
    );
    await sql(t.db.url, 'VACUUM (ANALYZE) commitments');
  });
  afterAll(() => t.close());

  it("runs on sessions set to generic plans; TypeORM's pool and the direct reads keep the planner's choice", async () => {
    const dataSource = t.app.get(DataSource);
    expect(await genericPlans(dataSource).query(MODE, [1])).toEqual([{ mode: 'force_generic_plan', one: 1 }]);
    expect(await directReads(dataSource).query(MODE, [1])).toEqual([{ mode: 'auto', one: 1 }]);
    expect(await dataSource.query(MODE, [1])).toEqual([{ mode: 'auto', one: 1 }]);
  });

  /** The statements `send` makes the app send on the generic-plan sessions. */
  const plannedOnce = (send: () => Promise<unknown>) => statementsOf(t, send, [genericPlanPool(t.app.get(DataSource))]);

  it('GET /commitments/{id}: the guard and the commitment, each generic plan reading the commitment by key', async () => {
    const sent = await plannedOnce(async () => {
      const res = await t.http().get(`/api/v1/commitments/${commitment.id}`).set(jc.secretary.headers);
      expect(res.status).toBe(200);
    });
    expect(sent.map((s) => s.text)).toEqual([
      expect.stringContaining('FROM users u LEFT JOIN auth_sessions s'),
      expect.stringContaining('WHERE "commitment"."id" = $1'),
    ]);
    const plan = await planNodes(t.db.url, sent[1]!, { generic: true });
    expect(plan).toContainEqual(expect.stringMatching(/^Index Scan using \S+ on commitments$/));
    expect(plan).not.toContain('Seq Scan on commitments');
  });

  it('a progress figure: the guard, its checks and its guarded write, the commitment read and locked by key', async () => {
    const sent = await plannedOnce(async () => {
      const res = await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/updates`)
        .set(jc.secretary.headers)
        .send({ body: 'Crossing logs exchanged.', progress: 35 });
      expect(res.status).toBe(201);
    });
    expect(sent.map((s) => s.text)).toEqual([
      expect.stringContaining('FROM users u LEFT JOIN auth_sessions s'),
      expect.stringMatching(/^SELECT "id", "committee_id" AS "committeeId"[\s\S]*FROM commitments WHERE "id" = \$1$/),
      expect.stringMatching(/^WITH locked AS \(SELECT "id", "progress" AS before_progress FROM commitments/),
    ]);
    for (const statement of sent.slice(1)) {
      const plan = await planNodes(t.db.url, statement, { generic: true });
      expect(plan).toContainEqual(expect.stringMatching(/^Index Scan using \S+ on commitments$/));
      expect(plan).not.toContain('Seq Scan on commitments');
    }
    // Written, as on the locked path.
    const [row] = await sql<{ progress: number }>(t.db.url, 'SELECT progress FROM commitments WHERE id = $1', [
      commitment.id,
    ]);
    expect(row!.progress).toBe(35);
  });

  it("the guard's generic plan reaches every table it reads through an index", async () => {
    const [guard] = await plannedOnce(async () => {
      const res = await t.http().get('/api/v1/me').set(jc.secretary.headers);
      expect(res.status).toBe(200);
    });
    const plan = await planNodes(t.db.url, guard!, { generic: true, settings: 'SET enable_seqscan = off' });
    // access_generation holds one row and has no index: reading it whole is reading by key.
    expect(plan.filter((node) => node.startsWith('Seq Scan') && node !== 'Seq Scan on access_generation')).toEqual([]);
    expect(plan).toContainEqual(expect.stringMatching(/^Index Scan using \S+ on users$/));
  });

  it('ends with the application, and is not made again after', async () => {
    const other = await createTestApp();
    const dataSource = other.app.get(DataSource);
    const pool = genericPlanPool(dataSource);
    await genericPlans(dataSource).query(MODE, [1]);
    expect(pool.totalCount).toBe(1);
    await other.close();
    expect(pool.totalCount).toBe(0);
    expect(() => genericPlanPool(dataSource)).toThrow(/closed/);
  });
});
