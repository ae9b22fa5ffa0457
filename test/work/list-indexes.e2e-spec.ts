import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';
import { DataSource } from 'typeorm';
import { genericPlanPool } from '../../src/platform/database/generic-plans.js';
import { planNodes, planOf, statementsOf } from '../support/plans.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

/**
 * Migration ListIndexes1795990000000 (docs/performance.md, "Lists"): every work-item list's
 * order is one an index delivers, and the assignees' copy of the due date that
 * /me/assignments pages by follows its assignment.
 */
describe('work-item lists and their indexes', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let jc: JointCommittee;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    jc = await jointCommittee(t, f);
    for (const dueOn of ['2031-01-01', null, '2030-06-01']) {
      await jc.w.commitment(jc.committee.id, jc.lb.id, { dueOn });
      await jc.w.assignment(jc.committee.id, [jc.officerPerson.id], { dueOn });
    }
    // A committee's history in every status, with statistics, as autovacuum keeps them: on a
    // few unanalysed rows every index of the committee costs the same, and the planner's pick
    // among equals would prove nothing.
    const [c, party] = [jc.committee.id, jc.lb.id];
    await sql(
      t.db.url,
      `INSERT INTO commitments (version, committee_id, owner_party_id, title, status, due_on)
       SELECT 1, '${c}', '${party}', 'Pledge ' || i,
              (ARRAY['pending','in_progress','fulfilment_claimed','fulfilled','withdrawn'])[1 + i % 5]::commitment_status,
              DATE '2030-01-01' + i % 700 FROM generate_series(1, 5000) AS i`,
    );
    await sql(
      t.db.url,
      `INSERT INTO assignments (version, committee_id, title, status, due_on)
       SELECT 1, '${c}', 'Task ' || i, (ARRAY['open','in_progress','blocked','done','cancelled'])[1 + i % 5]::assignment_status,
              DATE '2030-01-01' + i % 700 FROM generate_series(1, 5000) AS i`,
    );
    await sql(t.db.url, 'VACUUM (ANALYZE) commitments, assignments');
  });
  afterAll(() => t.close());

  /** The list's page statement (the one ordered with a LIMIT) and its plan. */
  async function pagePlan(caller: Actor, path: string, query: object): Promise<string[]> {
    let status = 0;
    const statements = await statementsOf(t, async () => {
      const res = await t.http().get(`/api/v1${path}`).query(query).set(caller.headers);
      status = res.status;
    });
    expect(status).toBe(200);
    const pages = statements.filter((s) => /ORDER BY[\s\S]*LIMIT \d+\s*$/.test(s.text));
    expect(pages).toHaveLength(1);
    return planOf(t.db.url, pages[0]!);
  }

  const commitments = 'commitments';
  const assignments = 'assignments';
  /** [case, list of the committee, query, the index that must deliver the page]. */
  const PLANS: [string, string, object, string][] = [
    ['commitments, default sort', commitments, {}, 'commitments_due_key_idx'],
    ['commitments, -dueOn', commitments, { sort: '-dueOn' }, 'commitments_due_key_idx'],
    ['commitments, status=pending', commitments, { status: 'pending' }, 'commitments_status_due_key_idx'],
    ['commitments, overdue=true', commitments, { overdue: true }, 'commitments_open_due_key_idx'],
    ['commitments, risk=at_risk', commitments, { risk: 'at_risk' }, 'commitments_open_due_key_idx'],
    ['commitments, risk=on_track', commitments, { risk: 'on_track' }, 'commitments_open_due_key_idx'],
    ['commitments, dueBefore', commitments, { dueBefore: '2030-12-31' }, 'commitments_due_key_idx'],
    ['commitments, createdAt', commitments, { sort: 'createdAt' }, 'commitments_created_idx'],
    ['commitments, -updatedAt', commitments, { sort: '-updatedAt' }, 'commitments_updated_idx'],
    ['assignments, default sort', assignments, {}, 'assignments_due_key_idx'],
    ['assignments, status=open', assignments, { status: 'open' }, 'assignments_status_due_key_idx'],
    ['assignments, overdue=true', assignments, { overdue: true }, 'assignments_open_due_key_idx'],
    ['assignments, risk=overdue', assignments, { risk: 'overdue' }, 'assignments_open_due_key_idx'],
    ['assignments, risk=at_risk', assignments, { risk: 'at_risk' }, 'assignments_open_due_key_idx'],
    ['assignments, -createdAt', assignments, { sort: '-createdAt' }, 'assignments_created_idx'],
    ['assignments, updatedAt', assignments, { sort: 'updatedAt' }, 'assignments_updated_idx'],
  ];

  it.each(PLANS)('%s: read in order from the index, no sort', async (_name, list, query, index) => {
    const plan = await pagePlan(jc.secretary, `/committees/${jc.committee.id}/${list}`, query);
    expect(plan.filter((node) => /Sort/.test(node))).toEqual([]);
    expect(plan).toContainEqual(expect.stringMatching(new RegExp(`^Index Scan( Backward)? using ${index}$`)));
  });

  // The lists' pages (and the commitments list's stamps) run on sessions that plan a
  // statement once (`genericPlans`) where no value changes the index: the plan made for any
  // committee and filter values must still be the index's order.
  it.each(PLANS)(
    '%s: the page (and its stamps), planned for any values, read in order from the index',
    async (_name, list, query, index) => {
      const path = `/api/v1/committees/${jc.committee.id}/${list}`;
      const get = async () =>
        expect((await t.http().get(path).query(query).set(jc.secretary.headers)).status).toBe(200);
      const generic = [genericPlanPool(t.app.get(DataSource))];
      // Asked for again (a commitments page read with its stamps, then kept), then served as kept (the stamps alone).
      const sent = await statementsOf(t, async () => [await get(), await get(), await get()], generic);
      const pages = sent.filter((s) => /^SELECT "(commitment|assignment)"\."id"/.test(s.text));
      const stamps = sent.filter((s) => s.text.startsWith('SELECT concat_ws('));
      expect(pages.length).toBeGreaterThan(0);
      expect(stamps.length > 0).toBe(list === commitments);
      expect(pages.length + stamps.length).toBe(sent.length);
      for (const statement of [pages[0]!, ...stamps.slice(0, 1)]) {
        // The planner's own choice for any values, on 5,000 analysed rows; the main query's
        // nodes (PostgreSQL 16+ sorts each item's assignees inside their subquery).
        const plan = await planNodes(t.db.url, statement, { generic: true, mainQuery: true });
        expect(plan.filter((node) => /Sort/.test(node))).toEqual([]);
        expect(plan).toContainEqual(
          expect.stringMatching(new RegExp(`^Index Scan( Backward)? using ${index} on ${list}$`)),
        );
      }
    },
  );

  // Where a value may make another index the better one, the list is planned for it.
  it.each([
    ['commitments, a status in another order', commitments, { status: 'fulfilment_claimed', sort: '-updatedAt' }],
    ['commitments, dueBefore in another order', commitments, { dueBefore: '2030-02-01', sort: 'createdAt' }],
    ['commitments, a search', commitments, { q: 'Pledge' }],
    ['assignments, a status in another order', assignments, { status: 'blocked', sort: 'createdAt' }],
    ['assignments, an assignee', assignments, { assigneeId: 'ASSIGNEE' }],
  ])('%s: planned for its values', async (_name, list, query) => {
    const path = `/api/v1/committees/${jc.committee.id}/${list}`;
    const values = Object.fromEntries(
      Object.entries(query).map(([key, value]) => [key, value === 'ASSIGNEE' ? jc.officerPerson.id : value]),
    );
    const send = async () =>
      expect((await t.http().get(path).query(values).set(jc.secretary.headers)).status).toBe(200);
    const generic = [genericPlanPool(t.app.get(DataSource))];
    expect(await statementsOf(t, async () => [await send(), await send(), await send()], generic)).toEqual([]);
    expect((await statementsOf(t, send)).filter((s) => /ORDER BY[\s\S]*LIMIT \d+\s*$/.test(s.text))).toHaveLength(1);
  });

  it('/me/assignments: read in order from the assignee rows, no sort, also on a later page', async () => {
    const first = await t.http().get('/api/v1/me/assignments').query({ limit: 1 }).set(jc.officer.headers);
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    for (const query of [{}, { limit: 1, cursor: first.body.nextCursor as string }, { risk: 'on_track' }]) {
      const plan = await pagePlan(jc.officer, '/me/assignments', query);
      expect(plan.filter((node) => /Sort/.test(node))).toEqual([]);
      expect(plan).toContainEqual('Index Scan using assignment_assignees_person_due_key_idx');
    }
  });

  describe("the assignees' copy of the due date", () => {
    let liaison: Ref;
    let liaisonActor: Actor;
    const mine = async (actor: Actor) => {
      const res = await t.http().get('/api/v1/me/assignments').set(actor.headers);
      expect(res.status).toBe(200);
      return (res.body.items as { title: string; dueOn: string | null }[])
        .filter((i) => i.title.startsWith('Copy '))
        .map((i) => `${i.title} ${i.dueOn}`);
    };
    const patch = async (id: string, body: object) => {
      const current = await t.http().get(`/api/v1/assignments/${id}`).set(jc.secretary.headers);
      const res = await t
        .http()
        .patch(`/api/v1/assignments/${id}`)
        .set(jc.secretary.headers)
        .set('if-match', current.headers.etag as string)
        .send(body);
      expect(res.status).toBe(200);
    };
    /** Rows whose copy differs from their assignment's due date: none, ever. */
    const drift = () =>
      sql(
        t.db.url,
        `SELECT aa.assignment_id FROM assignment_assignees aa JOIN assignments a ON a.id = aa.assignment_id
          WHERE aa.due_on IS DISTINCT FROM a.due_on`,
      );

    beforeAll(async () => {
      liaison = await f.person(jc.sy.id);
      await f.member(jc.committee.id, liaison.id, 'liaison_officer');
      liaisonActor = await createUser(t, 'liaison_officer', { personId: liaison.id });
    });

    it('follows a changed due date, a cleared one, and reaches assignees added later', async () => {
      const a = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id], { title: 'Copy A', dueOn: '2032-01-01' });
      const b = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id], { title: 'Copy B', dueOn: '2032-06-01' });
      const c = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id], { title: 'Copy C', dueOn: null });
      expect(await mine(jc.officer)).toEqual(['Copy A 2032-01-01', 'Copy B 2032-06-01', 'Copy C null']);

      await patch(a.id, { dueOn: '2033-01-01' });
      await patch(c.id, { dueOn: '2031-01-01' });
      await patch(b.id, { dueOn: null });
      expect(await mine(jc.officer)).toEqual(['Copy C 2031-01-01', 'Copy A 2033-01-01', 'Copy B null']);

      // An assignee added later, and one added in the same PATCH as a new date.
      await patch(c.id, { assigneeIds: [jc.officerPerson.id, liaison.id] });
      await patch(a.id, { dueOn: '2030-03-03', assigneeIds: [jc.officerPerson.id, liaison.id] });
      expect(await mine(liaisonActor)).toEqual(['Copy A 2030-03-03', 'Copy C 2031-01-01']);
      expect(await mine(jc.officer)).toEqual(['Copy A 2030-03-03', 'Copy C 2031-01-01', 'Copy B null']);
      expect(
        await mine(jc.officer).then(async (all) => {
          const res = await t.http().get('/api/v1/me/assignments?dueBefore=2031-01-01').set(jc.officer.headers);
          return [
            all.length,
            (res.body.items as { title: string }[]).filter((i) => i.title.startsWith('Copy ')).length,
          ];
        }),
      ).toEqual([3, 1]);
      expect(await drift()).toEqual([]);
    });

    it('is not written into the audit trail as if the assignee row held no date', async () => {
      const a = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id], { title: 'Copy D', dueOn: '2032-02-02' });
      const events = await sql<{ changes: Record<string, unknown> }>(
        t.db.url,
        `SELECT changes FROM audit_events WHERE entity = 'assignment_assignees' AND entity_id = $1`,
        [`${a.id}:${jc.officerPerson.id}`],
      );
      expect(events).toHaveLength(1);
      expect(Object.keys(events[0]!.changes).sort()).toEqual(['acknowledgedAt', 'assignmentId', 'personId']);
    });
  });
});
