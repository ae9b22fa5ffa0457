import { DataSource } from 'typeorm';
import { directReads } from '../../src/platform/database/direct-reads.js';
import { genericPlanPool, genericPlans } from '../../src/platform/database/generic-plans.js';
import { createUser } from '../support/actors.js';
import { statementsOf } from '../support/plans.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

const MODE = `SELECT current_setting('plan_cache_mode') AS mode, $1::int AS one`;

/**
 * `genericPlans` (docs/performance.md, "Plans made once per session"): the commitments list's
 * pages and stamps run on sessions that plan each prepared statement once; every other
 * statement keeps the planner's choice per execution. Which lists, and their plans:
 * test/work/list-indexes.
 */
describe('statements planned once per session', () => {
  let t: TestApp;
  let jc: JointCommittee;

  beforeAll(async () => {
    t = await createTestApp();
    const f = new RegistryFactory(t, await createUser(t, 'admin'));
    jc = await jointCommittee(t, f);
    await jc.w.commitment(jc.committee.id, jc.lb.id);
  });
  afterAll(() => t.close());

  it("runs on sessions set to generic plans; TypeORM's pool and the direct reads keep the planner's choice", async () => {
    const dataSource = t.app.get(DataSource);
    expect(await genericPlans(dataSource).query(MODE, [1])).toEqual([{ mode: 'force_generic_plan', one: 1 }]);
    expect(await directReads(dataSource).query(MODE, [1])).toEqual([{ mode: 'auto', one: 1 }]);
    expect(await dataSource.query(MODE, [1])).toEqual([{ mode: 'auto', one: 1 }]);
  });

  it("a kept page sends its stamps there; the guard and a progress figure stay on TypeORM's pool", async () => {
    const path = `/api/v1/committees/${jc.committee.id}/commitments`;
    const send = async () => expect((await t.http().get(path).set(jc.secretary.headers)).status).toBe(200);
    await send();
    await send();
    const generic = await statementsOf(t, send, [genericPlanPool(t.app.get(DataSource))]);
    expect(generic.map((s) => s.text)).toEqual([expect.stringMatching(/^SELECT concat_ws\([\s\S]* AS stamp FROM /)]);
    // The guard and a progress figure stay on TypeORM's pool.
    const progress = await statementsOf(t, async () => {
      const id = ((await t.http().get(path).set(jc.secretary.headers)).body.items as { id: string }[])[0]!.id;
      const res = await t
        .http()
        .post(`/api/v1/commitments/${id}/updates`)
        .set(jc.secretary.headers)
        .send({ body: 'Crossing logs exchanged.', progress: 35 });
      expect(res.status).toBe(201);
    }, [genericPlanPool(t.app.get(DataSource))]);
    expect(progress.filter((s) => !/ AS stamp FROM /.test(s.text))).toEqual([]);
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
