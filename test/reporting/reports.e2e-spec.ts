import pg from 'pg';
import type { Response } from 'supertest';
import { createApiClient, createUser, type Actor } from '../support/actors.js';
import { csvObjects } from '../support/csv.js';
import { errorFields, seatedUser, todayIn } from '../support/helpers.js';
import { expectInvalid, expectProblem } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { countStatements, type StatementCounter } from '../support/statements.js';
import { statementsOf } from '../support/plans.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';
import { shift } from '../support/zones.js';

/**
 * GET /reports/summary and /reports/reciprocity (README, "For reporting tools"): every figure
 * below is counted by hand from the rows this file creates, and written out.
 *
 * Committee A (parties L and S, Asia/Beirut). "yesterday" and "in 30 days" are relative to
 * today in Beirut; every other date is absolute (creation and fulfilment are set in SQL after
 * the moves, the tallies follow through their triggers).
 *
 * | #  | party | area | status             | created    | due        | delivered   | days | on time |
 * |----|-------|------|--------------------|------------|------------|-------------|------|---------|
 * | 1  | L     | X    | fulfilled (early)  | 2025-01-10 | 2025-02-15 | 2025-02-10  | 31   | yes     |
 * | 2  | L     | X    | fulfilled (late)   | 2025-01-20 | 2025-02-01 | 2025-03-05  | 44   | no      |
 * | 3  | L     | Y    | fulfilled (on day) | 2025-02-01 | 2025-03-01 | 2025-03-01  | 28   | yes     |
 * | 4  | L     | —    | fulfilled          | 2025-02-03 | —          | 2025-02-05  | 2    | —       |
 * | 5  | L     | X    | withdrawn          | 2025-01-05 |            |             |      |         |
 * | 6  | L     | X    | pending, overdue   | 2025-03-02 | yesterday  |             |      |         |
 * | 7  | L     | Y    | in_progress        | 2025-03-03 | in 30 days |             |      |         |
 * | 8  | S     | X    | claimed, overdue   | 2025-03-04 | 2025-03-20 | claimed 12 days ago    |  |  |
 * | 9  | S     | X    | claimed            | 2025-03-05 | —          | claimed 3 days ago     |  |  |
 * | 10 | S     | Y    | fulfilled (late)   | 2025-02-10 | 2025-02-20 | 2025-02-25  | 15   | no      |
 * | 11 | S     | X    | pending            | 2025-04-02 | —          |             |      |         |
 * | 12 | S     | Y    | in_progress, overdue | 2025-04-03 | yesterday |            |      |         |
 *
 * Assignments of A: a1 (raised by L, X, done 2025-01-25, created 2025-01-12), a2 (S, X, open,
 * due yesterday, created 2025-02-11), a3 (no party, Y, in_progress, due tomorrow, created
 * 2025-03-12), a4 (L, cancelled, created 2025-04-05), a5 (S, blocked, due 2025-05-01, created
 * 2025-04-06).
 *
 * Committee B (same parties): b1 (L, X, fulfilled early: created 2025-02-14, due 2025-03-01,
 * delivered 2025-02-20, 6 days), b2 (S, X, pending, due yesterday, created 2025-05-01), an
 * assignment b3 (S, open, created 2025-05-02). Committee C (parties P and Q): c1 (P, pending,
 * created 2025-06-01).
 */
describe('reports', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let a: JointCommittee;
  let B: Ref;
  let c: JointCommittee;
  let X: Ref;
  let Y: Ref;
  let secretaryA: Actor;
  let clientA: Actor;
  let clientAll: Actor;
  let analyst: Actor;
  const id: Record<string, string> = {};
  const today = todayIn('Asia/Beirut');
  const yesterday = shift(today, -1);

  const at = (date: string) => `${date}T10:00:00Z`;

  async function move(kind: 'commitments' | 'assignments', itemId: string, actor: Actor, ...steps: string[]) {
    for (const to of steps) {
      const res = await t
        .http()
        .post(`/api/v1/${kind}/${itemId}/transitions`)
        .set(actor.headers)
        .send({ to, note: 'Recorded for the report.' });
      expect({ to, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({
        to,
        status: 200,
        body: undefined,
      });
    }
  }

  /** Sets when the item was created and (when given) when it entered its status. */
  async function dates(kind: 'commitments' | 'assignments', itemId: string, created: string, changed?: string) {
    await sql(
      t.db.url,
      `UPDATE ${kind} SET created_at = $2, status_changed_at = coalesce($3::timestamptz, status_changed_at) WHERE id = $1`,
      [itemId, created, changed ?? null],
    );
  }

  async function commitment(
    committee: Ref,
    by: Actor,
    party: Ref,
    area: Ref | null,
    dueOn: string | null,
    created: string,
  ): Promise<string> {
    const res = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(by.headers)
      .send({ title: 'Report figure', ownerPartyId: party.id, issueAreaId: area?.id ?? null, dueOn });
    expect(res.status).toBe(201);
    await dates('commitments', res.body.id as string, created);
    return res.body.id as string;
  }

  async function assignment(
    committee: Ref,
    by: Actor,
    assignee: Ref,
    party: Ref | null,
    area: Ref | null,
    dueOn: string | null,
    created: string,
  ): Promise<string> {
    const res = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/assignments`)
      .set(by.headers)
      .send({
        title: 'Report task',
        assigneeIds: [assignee.id],
        raisingPartyId: party?.id ?? null,
        issueAreaId: area?.id ?? null,
        dueOn,
      });
    expect(res.status).toBe(201);
    await dates('assignments', res.body.id as string, created);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    analyst = await createUser(t, 'analyst');
    f = new RegistryFactory(t, admin);
    [X, Y] = [await f.issueArea(), await f.issueArea()];
    a = await jointCommittee(t, f);
    const { lb: L, sy: S, secretary: lbSec, coChairSY: syCo } = a;
    B = await f.committee([L.id, S.id]);
    await a.w.seatSecretary(B.id, L.id);
    await f.member(B.id, a.coChairPerson.id, 'co_chair');
    c = await jointCommittee(t, f);
    secretaryA = (await seatedUser(t, f, 'secretary', L.id, a.committee.id)).user;
    clientA = await createApiClient(t, { committeeIds: [a.committee.id] });
    clientAll = await createApiClient(t);
    const A = a.committee;

    // L's commitments: L's secretary claims, S's co-chair confirms.
    id.c1 = await commitment(A, lbSec, L, X, '2025-02-15', at('2025-01-10'));
    id.c2 = await commitment(A, lbSec, L, X, '2025-02-01', at('2025-01-20'));
    id.c3 = await commitment(A, lbSec, L, Y, '2025-03-01', at('2025-02-01'));
    id.c4 = await commitment(A, lbSec, L, null, null, at('2025-02-03'));
    for (const n of ['c1', 'c2', 'c3', 'c4']) {
      await move('commitments', id[n]!, lbSec, 'in_progress', 'fulfilment_claimed');
      await move('commitments', id[n]!, syCo, 'fulfilled');
    }
    await dates('commitments', id.c1, at('2025-01-10'), at('2025-02-10'));
    await dates('commitments', id.c2, at('2025-01-20'), at('2025-03-05'));
    // 10:00 in Beirut, on the due date itself.
    await dates('commitments', id.c3, at('2025-02-01'), '2025-03-01T08:00:00Z');
    await dates('commitments', id.c4, at('2025-02-03'), at('2025-02-05'));
    id.c5 = await commitment(A, lbSec, L, X, null, at('2025-01-05'));
    await move('commitments', id.c5, lbSec, 'withdrawn');
    id.c6 = await commitment(A, lbSec, L, X, yesterday, at('2025-03-02'));
    id.c7 = await commitment(A, lbSec, L, Y, shift(today, 30), at('2025-03-03'));
    await move('commitments', id.c7, lbSec, 'in_progress');

    // S's commitments: S's co-chair claims, L's secretary confirms.
    id.c8 = await commitment(A, lbSec, S, X, '2025-03-20', at('2025-03-04'));
    id.c9 = await commitment(A, lbSec, S, X, null, at('2025-03-05'));
    id.c10 = await commitment(A, lbSec, S, Y, '2025-02-20', at('2025-02-10'));
    for (const n of ['c8', 'c9', 'c10']) await move('commitments', id[n]!, syCo, 'in_progress', 'fulfilment_claimed');
    await move('commitments', id.c10, lbSec, 'fulfilled');
    await dates('commitments', id.c8, at('2025-03-04'), `${shift(today, -12)}T07:00:00Z`);
    await dates('commitments', id.c9, at('2025-03-05'), `${shift(today, -3)}T07:00:00Z`);
    await dates('commitments', id.c10, at('2025-02-10'), at('2025-02-25'));
    id.c11 = await commitment(A, lbSec, S, X, null, at('2025-04-02'));
    id.c12 = await commitment(A, lbSec, S, Y, yesterday, at('2025-04-03'));
    await move('commitments', id.c12, syCo, 'in_progress');

    const officer = a.officerPerson;
    id.a1 = await assignment(A, lbSec, officer, L, X, '2025-01-30', at('2025-01-12'));
    await move('assignments', id.a1, lbSec, 'in_progress', 'done');
    await dates('assignments', id.a1, at('2025-01-12'), at('2025-01-25'));
    id.a2 = await assignment(A, lbSec, officer, S, X, yesterday, at('2025-02-11'));
    id.a3 = await assignment(A, lbSec, officer, null, Y, shift(today, 1), at('2025-03-12'));
    await move('assignments', id.a3, lbSec, 'in_progress');
    id.a4 = await assignment(A, lbSec, officer, L, null, null, at('2025-04-05'));
    await move('assignments', id.a4, lbSec, 'cancelled');
    id.a5 = await assignment(A, lbSec, officer, S, null, '2025-05-01', at('2025-04-06'));
    await move('assignments', id.a5, lbSec, 'in_progress', 'blocked');

    id.b1 = await commitment(B, lbSec, L, X, '2025-03-01', at('2025-02-14'));
    await move('commitments', id.b1, lbSec, 'in_progress', 'fulfilment_claimed');
    await move('commitments', id.b1, syCo, 'fulfilled');
    await dates('commitments', id.b1, at('2025-02-14'), at('2025-02-20'));
    id.b2 = await commitment(B, lbSec, S, X, yesterday, at('2025-05-01'));
    id.b3 = await assignment(B, lbSec, a.coChairPerson, S, null, null, at('2025-05-02'));

    id.c1c = await commitment(c.committee, c.secretary, c.lb, null, null, at('2025-06-01'));
  }, 120_000);
  afterAll(() => t.close());

  const summary = (actor: Actor, query: object = {}) =>
    t.http().get('/api/v1/reports/summary').query(query).set(actor.headers);
  const reciprocity = (actor: Actor, committee: Ref) =>
    t.http().get('/api/v1/reports/reciprocity').query({ committeeId: committee.id }).set(actor.headers);

  type Party = { partyId: string; [k: string]: unknown };
  /** The parties of a summary as { code → figures }, codes replaced by the names used above. */
  const byName = (res: Response) => {
    const names: Record<string, string> = {
      [a.lb.id]: 'L',
      [a.sy.id]: 'S',
      [c.lb.id]: 'P',
      [c.sy.id]: 'Q',
    };
    return Object.fromEntries(
      (res.body.parties as Party[]).map(({ partyId, partyCode: _code, ...figures }) => [names[partyId], figures]),
    );
  };

  const A_COMMITMENTS = {
    total: 12,
    overdue: 3,
    byStatus: { pending: 2, in_progress: 2, fulfilment_claimed: 2, fulfilled: 5, withdrawn: 1 },
  };
  const A_ASSIGNMENTS = {
    total: 5,
    overdue: 2,
    byStatus: { open: 1, in_progress: 1, blocked: 1, done: 1, cancelled: 1 },
  };
  const A_PARTIES = {
    L: {
      commitments: 7,
      fulfilled: 4,
      withdrawn: 1,
      overdue: 1,
      fulfilmentRate: 0.5714,
      fulfilledWithDueDate: 3,
      fulfilledOnTime: 2,
      onTimeRate: 0.6667,
      medianDaysToFulfil: 29.5,
    },
    S: {
      commitments: 5,
      fulfilled: 1,
      withdrawn: 0,
      overdue: 2,
      fulfilmentRate: 0.2,
      fulfilledWithDueDate: 1,
      fulfilledOnTime: 0,
      onTimeRate: 0,
      medianDaysToFulfil: 15,
    },
  };
  const A_MONTHLY = [
    { month: '2025-01', commitmentsCreated: 3, commitmentsFulfilled: 0, assignmentsCreated: 1, assignmentsDone: 1 },
    { month: '2025-02', commitmentsCreated: 3, commitmentsFulfilled: 3, assignmentsCreated: 1, assignmentsDone: 0 },
    { month: '2025-03', commitmentsCreated: 4, commitmentsFulfilled: 2, assignmentsCreated: 1, assignmentsDone: 0 },
    { month: '2025-04', commitmentsCreated: 2, commitmentsFulfilled: 0, assignmentsCreated: 2, assignmentsDone: 0 },
  ];

  /** The figures of committee A alone, whoever asks and however the scope comes to be A. */
  function expectCommitteeA(res: Response) {
    expect(res.status).toBe(200);
    expect(res.body.commitments).toMatchObject(A_COMMITMENTS);
    expect(res.body.assignments).toMatchObject(A_ASSIGNMENTS);
    expect(byName(res)).toEqual(A_PARTIES);
    expect(res.body.medianDaysToFulfil).toBe(28);
    expect(res.body.monthly).toEqual(A_MONTHLY);
  }

  describe('GET /reports/summary', () => {
    it("one committee: counts by status, overdue, each party's rates and median, the monthly series", async () => {
      expectCommitteeA(await summary(admin, { committeeId: a.committee.id }));
    });

    it('breaks the counts down by status × party × issue area, with overdue in each cell', async () => {
      const res = await summary(admin, { committeeId: a.committee.id });
      const named = (cells: { partyId: string | null; issueAreaId: string | null }[]) =>
        cells.map((cell) => ({
          ...cell,
          partyId: cell.partyId === a.lb.id ? 'L' : cell.partyId === a.sy.id ? 'S' : cell.partyId,
          issueAreaId: cell.issueAreaId === X.id ? 'X' : cell.issueAreaId === Y.id ? 'Y' : cell.issueAreaId,
        }));
      const sortKey = (cell: Record<string, unknown>) => JSON.stringify(cell);
      const sorted = (cells: Record<string, unknown>[]) =>
        [...cells].sort((p, q) => sortKey(p).localeCompare(sortKey(q)));
      expect(sorted(named(res.body.commitments.cells))).toEqual(
        sorted([
          { status: 'pending', partyId: 'L', issueAreaId: 'X', count: 1, overdue: 1 },
          { status: 'pending', partyId: 'S', issueAreaId: 'X', count: 1, overdue: 0 },
          { status: 'in_progress', partyId: 'L', issueAreaId: 'Y', count: 1, overdue: 0 },
          { status: 'in_progress', partyId: 'S', issueAreaId: 'Y', count: 1, overdue: 1 },
          { status: 'fulfilment_claimed', partyId: 'S', issueAreaId: 'X', count: 2, overdue: 1 },
          { status: 'fulfilled', partyId: 'L', issueAreaId: 'X', count: 2, overdue: 0 },
          { status: 'fulfilled', partyId: 'L', issueAreaId: 'Y', count: 1, overdue: 0 },
          { status: 'fulfilled', partyId: 'L', issueAreaId: null, count: 1, overdue: 0 },
          { status: 'fulfilled', partyId: 'S', issueAreaId: 'Y', count: 1, overdue: 0 },
          { status: 'withdrawn', partyId: 'L', issueAreaId: 'X', count: 1, overdue: 0 },
        ]),
      );
      expect(sorted(named(res.body.assignments.cells))).toEqual(
        sorted([
          { status: 'open', partyId: 'S', issueAreaId: 'X', count: 1, overdue: 1 },
          { status: 'in_progress', partyId: null, issueAreaId: 'Y', count: 1, overdue: 0 },
          { status: 'blocked', partyId: 'S', issueAreaId: null, count: 1, overdue: 1 },
          { status: 'done', partyId: 'L', issueAreaId: 'X', count: 1, overdue: 0 },
          { status: 'cancelled', partyId: 'L', issueAreaId: null, count: 1, overdue: 0 },
        ]),
      );
    });

    it('every committee for an admin (and an analyst, and an API client of every committee): A, B and C summed', async () => {
      for (const actor of [admin, analyst, clientAll]) {
        const res = await summary(actor);
        expect(res.status).toBe(200);
        expect(res.body.scope).toEqual({ committeeIds: null, issueAreaId: null, partyId: null, from: null, to: null });
        expect(res.body.commitments).toMatchObject({
          total: 15,
          overdue: 4,
          byStatus: { pending: 4, in_progress: 2, fulfilment_claimed: 2, fulfilled: 6, withdrawn: 1 },
        });
        expect(res.body.assignments).toMatchObject({
          total: 6,
          overdue: 2,
          byStatus: { open: 2, in_progress: 1, blocked: 1, done: 1, cancelled: 1 },
        });
        expect(byName(res)).toEqual({
          L: {
            commitments: 8,
            fulfilled: 5,
            withdrawn: 1,
            overdue: 1,
            fulfilmentRate: 0.625,
            fulfilledWithDueDate: 4,
            fulfilledOnTime: 3,
            onTimeRate: 0.75,
            medianDaysToFulfil: 28,
          },
          S: {
            commitments: 6,
            fulfilled: 1,
            withdrawn: 0,
            overdue: 3,
            fulfilmentRate: 0.1667,
            fulfilledWithDueDate: 1,
            fulfilledOnTime: 0,
            onTimeRate: 0,
            medianDaysToFulfil: 15,
          },
          // A party with a commitment but none fulfilled: a rate of 0, no on-time rate, no median.
          P: {
            commitments: 1,
            fulfilled: 0,
            withdrawn: 0,
            overdue: 0,
            fulfilmentRate: 0,
            fulfilledWithDueDate: 0,
            fulfilledOnTime: 0,
            onTimeRate: null,
            medianDaysToFulfil: null,
          },
          // A party of a committee that made no commitment: zero counts, no rates.
          Q: {
            commitments: 0,
            fulfilled: 0,
            withdrawn: 0,
            overdue: 0,
            fulfilmentRate: null,
            fulfilledWithDueDate: 0,
            fulfilledOnTime: 0,
            onTimeRate: null,
            medianDaysToFulfil: null,
          },
        });
        // [2, 6, 15, 28, 31, 44]: the mean of the middle two.
        expect(res.body.medianDaysToFulfil).toBe(21.5);
        expect(res.body.monthly).toEqual([
          {
            month: '2025-01',
            commitmentsCreated: 3,
            commitmentsFulfilled: 0,
            assignmentsCreated: 1,
            assignmentsDone: 1,
          },
          {
            month: '2025-02',
            commitmentsCreated: 4,
            commitmentsFulfilled: 4,
            assignmentsCreated: 1,
            assignmentsDone: 0,
          },
          {
            month: '2025-03',
            commitmentsCreated: 4,
            commitmentsFulfilled: 2,
            assignmentsCreated: 1,
            assignmentsDone: 0,
          },
          {
            month: '2025-04',
            commitmentsCreated: 2,
            commitmentsFulfilled: 0,
            assignmentsCreated: 2,
            assignmentsDone: 0,
          },
          {
            month: '2025-05',
            commitmentsCreated: 1,
            commitmentsFulfilled: 0,
            assignmentsCreated: 1,
            assignmentsDone: 0,
          },
          {
            month: '2025-06',
            commitmentsCreated: 1,
            commitmentsFulfilled: 0,
            assignmentsCreated: 0,
            assignmentsDone: 0,
          },
        ]);
      }
    });

    it('a party: only its commitments and the assignments it raised, and only its own figures', async () => {
      const res = await summary(admin, { committeeId: a.committee.id, partyId: a.sy.id });
      expect(res.status).toBe(200);
      expect(res.body.commitments).toMatchObject({
        total: 5,
        overdue: 2,
        byStatus: { pending: 1, in_progress: 1, fulfilment_claimed: 2, fulfilled: 1, withdrawn: 0 },
      });
      expect(res.body.assignments).toMatchObject({ total: 2, overdue: 2 });
      expect(byName(res)).toEqual({ S: A_PARTIES.S });
      expect(res.body.medianDaysToFulfil).toBe(15);
    });

    it('an issue area, over every committee', async () => {
      const res = await summary(admin, { issueAreaId: X.id });
      expect(res.status).toBe(200);
      // A: 1, 2, 5, 6, 8, 9, 11; B: b1, b2.
      expect(res.body.commitments).toMatchObject({
        total: 9,
        overdue: 3,
        byStatus: { pending: 3, in_progress: 0, fulfilment_claimed: 2, fulfilled: 3, withdrawn: 1 },
      });
      expect(res.body.assignments).toMatchObject({ total: 2, overdue: 1 });
      expect(byName(res).L).toMatchObject({ commitments: 5, fulfilled: 3, fulfilledOnTime: 2, onTimeRate: 0.6667 });
      // [6, 31, 44]
      expect(res.body.medianDaysToFulfil).toBe(31);
    });

    it('a creation period: the items created in it, whenever they were fulfilled', async () => {
      const res = await summary(admin, { committeeId: a.committee.id, from: '2025-02-01', to: '2025-03-01' });
      expect(res.status).toBe(200);
      expect(res.body.scope).toEqual({
        committeeIds: [a.committee.id],
        issueAreaId: null,
        partyId: null,
        from: '2025-02-01T00:00:00.000Z',
        to: '2025-03-01T00:00:00.000Z',
      });
      // 3, 4, 10; assignment a2.
      expect(res.body.commitments).toMatchObject({
        total: 3,
        overdue: 0,
        byStatus: { pending: 0, in_progress: 0, fulfilment_claimed: 0, fulfilled: 3, withdrawn: 0 },
      });
      expect(res.body.assignments).toMatchObject({ total: 1, overdue: 1, byStatus: { open: 1 } });
      expect(byName(res)).toEqual({
        L: {
          ...A_PARTIES.L,
          commitments: 2,
          fulfilled: 2,
          withdrawn: 0,
          overdue: 0,
          fulfilmentRate: 1,
          fulfilledWithDueDate: 1,
          fulfilledOnTime: 1,
          onTimeRate: 1,
          medianDaysToFulfil: 15,
        },
        S: { ...A_PARTIES.S, commitments: 1, overdue: 0, fulfilmentRate: 1, medianDaysToFulfil: 15 },
      });
      expect(res.body.medianDaysToFulfil).toBe(15);
      expect(res.body.monthly).toEqual([
        { month: '2025-02', commitmentsCreated: 3, commitmentsFulfilled: 2, assignmentsCreated: 1, assignmentsDone: 0 },
        { month: '2025-03', commitmentsCreated: 0, commitmentsFulfilled: 1, assignmentsCreated: 0, assignmentsDone: 0 },
      ]);
    });

    it('a period covering everything gives the stored tallies’ figures exactly', async () => {
      for (const query of [{}, { committeeId: a.committee.id }, { partyId: a.lb.id }, { issueAreaId: Y.id }]) {
        const stored = await summary(admin, query);
        const computed = await summary(admin, { ...query, from: '2000-01-01', to: '2100-01-01' });
        const figures = ({ scope: _scope, generatedAt: _at, ...rest }: Record<string, unknown>) => rest;
        expect(figures(computed.body as Record<string, unknown>)).toEqual(
          figures(stored.body as Record<string, unknown>),
        );
      }
    });

    it('a period that selects nothing: zeros, no rates, no months', async () => {
      const res = await summary(admin, { committeeId: a.committee.id, from: '2024-01-01', to: '2024-02-01' });
      expect(res.status).toBe(200);
      expect(res.body.commitments).toEqual({
        total: 0,
        overdue: 0,
        byStatus: { pending: 0, in_progress: 0, fulfilment_claimed: 0, fulfilled: 0, withdrawn: 0 },
        cells: [],
      });
      expect(byName(res).L).toMatchObject({ commitments: 0, fulfilmentRate: null, onTimeRate: null });
      expect(res.body.medianDaysToFulfil).toBeNull();
      expect(res.body.monthly).toEqual([]);
    });

    it("counts overdue as the lists do, across the month boundary (months before today's, days of today's month)", async () => {
      const e = await jointCommittee(t, f);
      const monthStart = `${today.slice(0, 8)}01`;
      const dues = [shift(monthStart, -32), shift(monthStart, -1), monthStart, yesterday, today, shift(today, 1)];
      for (const dueOn of dues) await e.w.commitment(e.committee.id, e.lb.id, { dueOn });
      const listed = await t
        .http()
        .get(`/api/v1/committees/${e.committee.id}/commitments`)
        .query({ overdue: true })
        .set(e.secretary.headers);
      // Due before today: the first two always; the first of the month unless it is today; yesterday.
      const expected = dues.filter((d) => d < today).length;
      expect(listed.body.items).toHaveLength(expected);
      const res = await summary(admin, { committeeId: e.committee.id });
      expect(res.body.commitments.overdue).toBe(expected);
      expect(res.body.commitments.byStatus.pending).toBe(6);
      const period = await summary(admin, { committeeId: e.committee.id, from: '2000-01-01' });
      expect(period.body.commitments.overdue).toBe(expected);
    });

    it('refuses an inverted period naming both ends, and malformed filters', async () => {
      const inverted = await summary(admin, { from: '2025-03-01', to: '2025-02-01' });
      expectProblem(inverted, 400, 'VALIDATION_FAILED');
      expect(errorFields(inverted).sort()).toEqual(['from', 'to']);
      expectInvalid(await summary(admin, { committeeId: 'nope' }), 'committeeId');
      expectInvalid(await summary(admin, { from: '2025-02-30' }), 'from');
      expectInvalid(await summary(admin, { partyId: '1' }), 'partyId');
    });
  });

  describe('GET /reports/reciprocity', () => {
    it('the parties side by side: pledged, in progress, claimed, fulfilled, overdue, withdrawn, on time, oldest claim', async () => {
      const res = await reciprocity(admin, a.committee);
      expect(res.status).toBe(200);
      expect(res.body.committeeId).toBe(a.committee.id);
      const sides = Object.fromEntries(
        (res.body.parties as Party[]).map(({ partyId, partyCode: _c, ...figures }) => [
          partyId === a.lb.id ? 'L' : 'S',
          figures,
        ]),
      );
      expect(sides).toEqual({
        L: {
          pledged: 7,
          pending: 1,
          inProgress: 1,
          claimed: 0,
          fulfilled: 4,
          withdrawn: 1,
          overdue: 1,
          toConfirm: 2,
          fulfilledWithDueDate: 3,
          fulfilledOnTime: 2,
          onTimeRate: 0.6667,
          oldestUnconfirmedClaim: null,
        },
        S: {
          pledged: 5,
          pending: 1,
          inProgress: 1,
          claimed: 2,
          fulfilled: 1,
          withdrawn: 0,
          overdue: 2,
          toConfirm: 0,
          fulfilledWithDueDate: 1,
          fulfilledOnTime: 0,
          onTimeRate: 0,
          oldestUnconfirmedClaim: {
            commitmentId: id.c8,
            claimedAt: `${shift(today, -12)}T07:00:00.000Z`,
            ageDays: 12,
          },
        },
      });
    });

    it('a confirmed claim leaves the waiting list: the next oldest is 3 days old', async () => {
      const B2 = await f.committee([a.lb.id, a.sy.id]);
      await a.w.seatSecretary(B2.id, a.lb.id);
      await f.member(B2.id, a.coChairPerson.id, 'co_chair');
      const older = await commitment(B2, a.secretary, a.sy, null, null, at('2025-01-01'));
      const newer = await commitment(B2, a.secretary, a.sy, null, null, at('2025-01-02'));
      for (const c of [older, newer]) await move('commitments', c, a.coChairSY, 'in_progress', 'fulfilment_claimed');
      await dates('commitments', older, at('2025-01-01'), `${shift(today, -9)}T07:00:00Z`);
      await dates('commitments', newer, at('2025-01-02'), `${shift(today, -3)}T07:00:00Z`);
      const oldest = async () =>
        ((await reciprocity(admin, B2)).body.parties as { partyId: string; oldestUnconfirmedClaim: unknown }[]).find(
          (p) => p.partyId === a.sy.id,
        )!.oldestUnconfirmedClaim;
      await expect(oldest()).resolves.toMatchObject({ commitmentId: older, ageDays: 9 });
      await move('commitments', older, a.secretary, 'fulfilled');
      await expect(oldest()).resolves.toMatchObject({ commitmentId: newer, ageDays: 3 });
    });

    it('needs a committee', async () => {
      expectInvalid(await t.http().get('/api/v1/reports/reciprocity').set(admin.headers), 'committeeId');
    });
  });

  describe('as CSV (?format=csv, Accept: text/csv)', () => {
    /** Ids and codes in a CSV row replaced by the names used above (L, S, X, Y; '' stays ''). */
    const named = (row: Record<string, string>) => {
      const names: Record<string, string> = {
        [a.lb.id]: 'L',
        [a.sy.id]: 'S',
        [a.lb.code as string]: 'L',
        [a.sy.code as string]: 'S',
        [X.id]: 'X',
        [Y.id]: 'Y',
      };
      return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, names[v] ?? v]));
    };
    const sorted = (rows: Record<string, string>[]) =>
      [...rows].sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)));
    const csv = (url: string, actor: Actor, headers: Record<string, string> = {}) =>
      t
        .http()
        .get(url)
        .set({ ...actor.headers, ...headers });

    const SUMMARY_HEADER = ['kind', 'status', 'partyId', 'partyCode', 'issueAreaId', 'count', 'overdue'];
    const cell = (kind: string, status: string, party: string, area: string, count: string, overdue: string) => ({
      kind,
      status,
      partyId: party,
      partyCode: party,
      issueAreaId: area,
      count,
      overdue,
    });
    /** Committee A's cells (the JSON test above), as CSV text. */
    const A_CELLS = [
      cell('commitment', 'pending', 'L', 'X', '1', '1'),
      cell('commitment', 'pending', 'S', 'X', '1', '0'),
      cell('commitment', 'in_progress', 'L', 'Y', '1', '0'),
      cell('commitment', 'in_progress', 'S', 'Y', '1', '1'),
      cell('commitment', 'fulfilment_claimed', 'S', 'X', '2', '1'),
      cell('commitment', 'fulfilled', 'L', 'X', '2', '0'),
      cell('commitment', 'fulfilled', 'L', 'Y', '1', '0'),
      cell('commitment', 'fulfilled', 'L', '', '1', '0'),
      cell('commitment', 'fulfilled', 'S', 'Y', '1', '0'),
      cell('commitment', 'withdrawn', 'L', 'X', '1', '0'),
      cell('assignment', 'open', 'S', 'X', '1', '1'),
      cell('assignment', 'in_progress', '', 'Y', '1', '0'),
      cell('assignment', 'blocked', 'S', '', '1', '1'),
      cell('assignment', 'done', 'L', 'X', '1', '0'),
      cell('assignment', 'cancelled', 'L', '', '1', '0'),
    ];

    it('summary: one row per cell of both kinds (commitments first), with the party code, BOM and header row', async () => {
      const res = await csv(`/api/v1/reports/summary?format=csv&committeeId=${a.committee.id}`, admin);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="report-summary-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const { header, rows } = csvObjects(res.text);
      expect(header).toEqual(SUMMARY_HEADER);
      expect(rows.map((r) => r.kind)).toEqual([...Array(10).fill('commitment'), ...Array(5).fill('assignment')]);
      expect(sorted(rows.map(named))).toEqual(sorted(A_CELLS));
      // The JSON's order within a kind: status in workflow order.
      expect(rows.slice(0, 2).map((r) => r.status)).toEqual(['pending', 'pending']);
      expect(rows.at(-1)!.status).toBe('cancelled');
    });

    it('summary: the same filters as the JSON (partyId=S, Accept: text/csv)', async () => {
      const res = await csv(`/api/v1/reports/summary?committeeId=${a.committee.id}&partyId=${a.sy.id}`, admin, {
        accept: 'text/csv',
      });
      expect(res.status).toBe(200);
      expect(sorted(csvObjects(res.text).rows.map(named))).toEqual(sorted(A_CELLS.filter((c) => c.partyId === 'S')));
    });

    it('reciprocity: one row per side, the oldest unconfirmed claim flattened into three columns', async () => {
      const res = await csv(`/api/v1/reports/reciprocity?committeeId=${a.committee.id}`, admin, { accept: 'text/csv' });
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/filename="report-reciprocity-\d{4}-\d{2}-\d{2}\.csv"$/);
      const { header, rows } = csvObjects(res.text);
      expect(header).toEqual([
        'committeeId',
        'partyId',
        'partyCode',
        'pledged',
        'pending',
        'inProgress',
        'claimed',
        'fulfilled',
        'withdrawn',
        'overdue',
        'toConfirm',
        'fulfilledWithDueDate',
        'fulfilledOnTime',
        'onTimeRate',
        'oldestClaimCommitmentId',
        'oldestClaimAt',
        'oldestClaimAgeDays',
      ]);
      const common = { committeeId: a.committee.id };
      expect(sorted(rows.map(named))).toEqual(
        sorted([
          {
            ...common,
            partyId: 'L',
            partyCode: 'L',
            pledged: '7',
            pending: '1',
            inProgress: '1',
            claimed: '0',
            fulfilled: '4',
            withdrawn: '1',
            overdue: '1',
            toConfirm: '2',
            fulfilledWithDueDate: '3',
            fulfilledOnTime: '2',
            onTimeRate: '0.6667',
            oldestClaimCommitmentId: '',
            oldestClaimAt: '',
            oldestClaimAgeDays: '',
          },
          {
            ...common,
            partyId: 'S',
            partyCode: 'S',
            pledged: '5',
            pending: '1',
            inProgress: '1',
            claimed: '2',
            fulfilled: '1',
            withdrawn: '0',
            overdue: '2',
            toConfirm: '0',
            fulfilledWithDueDate: '1',
            fulfilledOnTime: '0',
            onTimeRate: '0',
            oldestClaimCommitmentId: id.c8!,
            oldestClaimAt: `${shift(today, -12)}T07:00:00.000Z`,
            oldestClaimAgeDays: '12',
          },
        ]),
      );
    });

    it('keeps the scope: a committee out of sight is 404 as in JSON; without committeeId, A alone for the client of A', async () => {
      for (const actor of [secretaryA, clientA]) {
        expectProblem(await csv(`/api/v1/reports/summary?format=csv&committeeId=${B.id}`, actor), 404, 'NOT_FOUND');
        expectProblem(
          await csv(`/api/v1/reports/reciprocity?committeeId=${B.id}`, actor, { accept: 'text/csv' }),
          404,
          'NOT_FOUND',
        );
      }
      const res = await csv('/api/v1/reports/summary?format=csv', clientA);
      expect(sorted(csvObjects(res.text).rows.map(named))).toEqual(sorted(A_CELLS));
    });

    it('refuses a malformed filter with the JSON errors (400 naming the field)', async () => {
      expectInvalid(await csv('/api/v1/reports/reciprocity?format=csv', admin), 'committeeId');
    });
  });

  describe('scope: a caller never sees a figure from a committee outside it', () => {
    it('a secretary seated on A: A alone without committeeId, 404 for B', async () => {
      const res = await summary(secretaryA);
      expect(res.body.scope.committeeIds).toEqual([a.committee.id]);
      expectCommitteeA(res);
      expectCommitteeA(await summary(secretaryA, { committeeId: a.committee.id }));
      expectProblem(await summary(secretaryA, { committeeId: B.id }), 404, 'NOT_FOUND');
      expectProblem(await reciprocity(secretaryA, B), 404, 'NOT_FOUND');
      expect((await reciprocity(secretaryA, a.committee)).status).toBe(200);
    });

    it('an API client of A: A alone, 404 for B; the liaison officer of A likewise', async () => {
      for (const actor of [clientA, a.officer]) {
        const res = await summary(actor);
        expect(res.body.scope.committeeIds).toEqual([a.committee.id]);
        expectCommitteeA(res);
        expectProblem(await summary(actor, { committeeId: B.id }), 404, 'NOT_FOUND');
        expectProblem(await reciprocity(actor, B), 404, 'NOT_FOUND');
      }
    });

    it("a party filter cannot reach past the scope: S's figures for the client of A are A's", async () => {
      const res = await summary(clientA, { partyId: a.sy.id });
      expect(res.body.commitments.total).toBe(5);
      expect(byName(res)).toEqual({ S: A_PARTIES.S });
    });
  });

  describe('cost', () => {
    let counter: StatementCounter;
    beforeAll(() => {
      counter = countStatements(t);
    });
    afterAll(() => counter.close());

    /**
     * Statements per report, whatever the committee holds: the caller (with seats) or the API
     * key; the committee's row for a caller with no seat there (admins, analysts, API clients),
     * for the 404; the report itself.
     */
    it.each([
      ['summary', 'secretaryA', {}, 2],
      ['summary', 'secretaryA', { committee: true }, 2],
      ['summary', 'admin', { committee: true }, 3],
      ['summary', 'admin', {}, 2],
      ['summary', 'clientA', { committee: true, period: true }, 3],
      ['reciprocity', 'secretaryA', { committee: true }, 2],
      ['reciprocity', 'clientA', { committee: true }, 3],
    ] as const)('%s as %s (%j): %i statements', async (report, who, options, expected) => {
      const actor = { secretaryA, admin, clientA }[who];
      const query: Record<string, string> = {};
      if ('committee' in options) query.committeeId = a.committee.id;
      if ('period' in options) Object.assign(query, { from: '2025-01-01', to: '2026-01-01' });
      const { result, sql: statements } = await counter.during(() =>
        t.http().get(`/api/v1/reports/${report}`).query(query).set(actor.headers),
      );
      expect(result.status).toBe(200);
      expect(statements).toHaveLength(expected);
    });

    /** Every relation and index a statement's plan reads, subqueries included. */
    async function relationsRead(statement: { text: string; values: unknown[] }, settings: string) {
      const client = new pg.Client({ connectionString: t.db.url });
      await client.connect();
      try {
        await client.query(settings);
        const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          `EXPLAIN (FORMAT JSON) ${statement.text}`,
          statement.values,
        );
        const read = new Set<string>();
        const walk = (node: PlanNode) => {
          if (node['Relation Name'])
            read.add(`${node['Relation Name']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`);
          for (const child of node.Plans ?? []) walk(child);
        };
        walk(rows[0]!['QUERY PLAN'][0].Plan);
        return [...read].sort();
      } finally {
        await client.end();
      }
    }
    interface PlanNode {
      'Relation Name'?: string;
      'Index Name'?: string;
      Plans?: PlanNode[];
    }
    async function reportStatement(path: string, actor: Actor, query: object) {
      const statements = await statementsOf(t, async () => {
        expect((await t.http().get(path).query(query).set(actor.headers)).status).toBe(200);
      });
      return statements.find((s) => /report_created_tallies|FROM commitments "w"/.test(s.text))!;
    }
    const INDEXES_ONLY = 'SET enable_seqscan = off; SET enable_bitmapscan = off';

    it("a committee's summary reads its tallies through their keys, never the items", async () => {
      const statement = await reportStatement('/api/v1/reports/summary', admin, { committeeId: a.committee.id });
      const read = await relationsRead(statement, INDEXES_ONLY);
      expect(read.filter((r) => /^(commitments|assignments)\b/.test(r))).toEqual([]);
      expect(read.filter((r) => r.startsWith('report_'))).toEqual([
        'report_changed_tallies using report_changed_tallies_key',
        'report_created_tallies using report_created_tallies_key',
        'report_due_month_tallies using report_due_month_tallies_key',
        'report_due_tallies using report_due_tallies_key',
        'report_duration_tallies using report_duration_tallies_key',
      ]);
    });

    it("a period's summary reads the items created in it through the creation-date indexes", async () => {
      const statement = await reportStatement('/api/v1/reports/summary', admin, {
        committeeId: a.committee.id,
        from: '2025-02-01',
        to: '2025-03-01',
      });
      // With statistics, as autovacuum keeps them: on a handful of unanalysed rows every index
      // on the committee costs the same, and the planner's pick among equals proves nothing.
      const read = await relationsRead(statement, `ANALYZE commitments, assignments; ${INDEXES_ONLY}`);
      expect(read.filter((r) => /^(commitments|assignments)\b/.test(r))).toEqual([
        'assignments using assignments_created_idx',
        'commitments using commitments_created_idx',
      ]);
    });

    it('the reciprocity report reads the items only for the oldest claim, through its partial index', async () => {
      const statement = await reportStatement('/api/v1/reports/reciprocity', admin, { committeeId: a.committee.id });
      const read = await relationsRead(statement, INDEXES_ONLY);
      expect(read.filter((r) => /^(commitments|assignments)\b/.test(r))).toEqual([
        'commitments using commitments_claimed_idx',
      ]);
    });
  });

  describe('the tallies stay exact', () => {
    it("a committee's time zone moves its months and days: the tallies are rebuilt", async () => {
      const d = await jointCommittee(t, f);
      // Noon UTC: still the same day in Beirut, already the next one at UTC+14.
      const item = await commitment(d.committee, d.secretary, d.lb, null, '2025-02-28', '2025-01-31T12:00:00Z');
      await move('commitments', item, d.secretary, 'in_progress', 'fulfilment_claimed');
      await move('commitments', item, d.coChairSY, 'fulfilled');
      await dates('commitments', item, '2025-01-31T12:00:00Z', '2025-02-28T12:00:00Z');
      const before = await summary(admin, { committeeId: d.committee.id });
      expect(before.body.monthly).toEqual([
        { month: '2025-01', commitmentsCreated: 1, commitmentsFulfilled: 0, assignmentsCreated: 0, assignmentsDone: 0 },
        { month: '2025-02', commitmentsCreated: 0, commitmentsFulfilled: 1, assignmentsCreated: 0, assignmentsDone: 0 },
      ]);
      const lbBefore = (before.body.parties as Party[]).find((p) => p.partyId === d.lb.id);
      expect(lbBefore).toMatchObject({ fulfilledOnTime: 1, onTimeRate: 1, medianDaysToFulfil: 28 });

      const current = await t.http().get(`/api/v1/committees/${d.committee.id}`).set(admin.headers);
      const patched = await t
        .http()
        .patch(`/api/v1/committees/${d.committee.id}`)
        .set(admin.headers)
        .set('if-match', current.headers.etag as string)
        .send({ timeZone: 'Pacific/Kiritimati' });
      expect(patched.status).toBe(200);
      const after = await summary(admin, { committeeId: d.committee.id });
      expect(after.body.monthly).toEqual([
        { month: '2025-02', commitmentsCreated: 1, commitmentsFulfilled: 0, assignmentsCreated: 0, assignmentsDone: 0 },
        { month: '2025-03', commitmentsCreated: 0, commitmentsFulfilled: 1, assignmentsCreated: 0, assignmentsDone: 0 },
      ]);
      // Fulfilled on 1 March there: a day late.
      expect((after.body.parties as Party[]).find((p) => p.partyId === d.lb.id)).toMatchObject({
        fulfilledOnTime: 0,
        onTimeRate: 0,
        medianDaysToFulfil: 28,
      });
    });

    it('after every write of this file (moves, edits, dates, a zone change) they equal a count of the items', async () => {
      // An edit of the issue area and the due date, and a reopened assignment, to be sure.
      const current = await t.http().get(`/api/v1/commitments/${id.c11}`).set(admin.headers);
      const edited = await t
        .http()
        .patch(`/api/v1/commitments/${id.c11}`)
        .set(a.secretary.headers)
        .set('if-match', current.headers.etag as string)
        .send({ issueAreaId: Y.id, dueOn: '2030-01-01' });
      expect(edited.status).toBe(200);
      await move('assignments', id.a1, a.secretary, 'in_progress', 'done');

      const recount = (table: string, party: string, kind: string) => `
        SELECT '${kind}' AS kind, w.committee_id, w.status::text AS status, w.${party} AS party_id, w.issue_area_id,
               f.created_month, w.due_on, date_trunc('month', w.due_on)::date AS due_month, f.changed_month, f.on_time, f.days
          FROM ${table} w JOIN committees k ON k.id = w.committee_id
         CROSS JOIN LATERAL tansiq_work_item_facts(w.created_at, w.due_on, w.status_changed_at, k.time_zone) f`;
      const items = `(${recount('commitments', 'owner_party_id', 'commitments')} UNION ALL ${recount('assignments', 'raising_party_id', 'assignments')}) i`;
      for (const [tally, keys, where] of [
        ['report_created_tallies', 'created_month', ''],
        ['report_due_tallies', 'due_on', 'WHERE due_on IS NOT NULL'],
        ['report_due_month_tallies', 'due_month', 'WHERE due_on IS NOT NULL'],
        ['report_changed_tallies', 'changed_month, on_time', ''],
        ['report_duration_tallies', 'days', ''],
      ] as const) {
        const key = `kind, committee_id, status, party_id, issue_area_id, ${keys}`;
        const stored = await sql(t.db.url, `SELECT ${key}, n FROM ${tally} WHERE n <> 0 ORDER BY ${key}`);
        const counted = await sql(
          t.db.url,
          `SELECT ${key}, count(*)::int AS n FROM ${items} ${where} GROUP BY ${key} ORDER BY ${key}`,
        );
        expect({ tally, rows: stored }).toEqual({ tally, rows: counted });
        expect(stored.length).toBeGreaterThan(5);
      }
    });
  });
});
