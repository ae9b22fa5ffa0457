import { ASSIGNMENT_STATUSES } from '../../src/work/assignments/entities/assignment.entity.js';
import { ASSIGNMENT_WORKFLOW } from '../../src/work/kernel/workflows.js';
import { createUser, type Actor } from '../support/actors.js';
import { expectInvalid, expectProblem } from '../support/problems.js';
import { expectPaged, type PagedRow } from '../support/paging.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import type { WorkFactory } from '../support/work-factory.js';
import { datedWork, DUE_BEFORE_CASES, jointCommittee } from '../support/work-fixtures.js';
import { describeOverdueAroundMidnight } from '../support/overdue-around-midnight.js';

/**
 * Assignments: work a committee's secretary gives to liaison officers, who acknowledge it and
 * move it through its workflow; listed per committee with filters, due-date order and overdue
 * in the committee's time zone (each assignee's own list is GET /me/assignments, in me.e2e-spec).
 */
describe('assignments', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  /** `w` is lb's secretary; the officer (of sy) is the assignee. */
  let committee: Ref;
  let lb: Ref;
  let sy: Ref;
  let w: WorkFactory;
  let officerPerson: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    ({ committee, lb, sy, w, officerPerson } = await jointCommittee(t, f));
  });
  afterAll(() => t.close());

  const secretary = () => w.secretary.headers;

  describe('edit', () => {
    it('moves the version when only a related set changes, and records the set in the audit trail', async () => {
      const officer = officerPerson;
      const second = await f.person(lb.id);
      await f.member(committee.id, second.id, 'liaison_officer');
      const assignment = await w.assignment(committee.id, [officer.id]);
      const read = await t.http().get(`/api/v1/assignments/${assignment.id}`).set(secretary());
      const first = await t
        .http()
        .patch(`/api/v1/assignments/${assignment.id}`)
        .set(secretary())
        .set('if-match', read.headers.etag as string)
        .send({ assigneeIds: [officer.id, second.id] });
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      const stale = await t
        .http()
        .patch(`/api/v1/assignments/${assignment.id}`)
        .set(secretary())
        .set('if-match', read.headers.etag as string)
        .send({ assigneeIds: [second.id] });
      expectProblem(stale, 412);

      // The same for a meeting's attendees and a committee's parties.
      const meeting = await w.meeting(committee.id);
      const meetingRead = await t.http().get(`/api/v1/meetings/${meeting.id}`).set(secretary());
      const attended = await t
        .http()
        .patch(`/api/v1/meetings/${meeting.id}`)
        .set(secretary())
        .set('if-match', meetingRead.headers.etag as string)
        .send({ attendeeIds: [officer.id] });
      expect(attended.body.version).toBe(2);
      const events = await t
        .http()
        .get('/api/v1/audit')
        .query({ entity: 'meetings', entityId: meeting.id })
        .set(admin.headers);
      expect(events.body.items[0].changes).toEqual({ attendeeIds: { before: [], after: [officer.id] } });

      const other = await f.party();
      const widened = await t
        .http()
        .patch(`/api/v1/committees/${committee.id}`)
        .set(admin.headers)
        .send({ partyIds: [lb.id, sy.id, other.id] });
      expect(widened.body.parties).toHaveLength(3);
      const again = await t
        .http()
        .get(`/api/v1/committees/${committee.id}`)
        .set(admin.headers)
        .set('if-none-match', `"${widened.body.version - 1}"`);
      expect(again.status).toBe(200);
    });
  });

  /** Every move the workflow table does not list is refused with 409, naming the state and its allowed moves. */
  describe('workflow', () => {
    const illegal = <S extends string>(statuses: readonly S[], table: readonly { from: S; to: S }[]) =>
      statuses.flatMap((from) =>
        statuses.filter((to) => !table.some((m) => m.from === from && m.to === to)).map((to) => [from, to] as const),
      );

    it.each(illegal(ASSIGNMENT_STATUSES, ASSIGNMENT_WORKFLOW))('assignment %s → %s is 409', async (from, to) => {
      const created = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/assignments`)
        .set(secretary())
        .send({ title: 'x', assigneeIds: [officerPerson.id] });
      await sql(t.db.url, `UPDATE assignments SET status = $2 WHERE id = $1`, [created.body.id, from]);
      const res = await t
        .http()
        .post(`/api/v1/assignments/${created.body.id}/transitions`)
        .set(secretary())
        .send({ to, note: 'n' });
      expectProblem(res, 409);
      expect(res.body.currentState).toBe(from);
      expect(res.body.allowedTransitions).toEqual(ASSIGNMENT_WORKFLOW.filter((m) => m.from === from).map((m) => m.to));
      expect(res.body.detail).toContain(from);
    });
  });

  describe('the committee list', () => {
    it('refuses the malformed query /api/v1/committees/:c/assignments?dueBefore=2025-13-45', async () => {
      expectInvalid(
        await t.http().get(`/api/v1/committees/${committee.id}/assignments?dueBefore=2025-13-45`).set(secretary()),
        'dueBefore',
      );
    });

    /** Exact results of dueBefore (see DUE_BEFORE_CASES), in due-date order. */
    describe('the dueBefore filter', () => {
      let dated: Ref;
      let datedSecretary: Actor;
      let officer: Actor;
      let assignments: Record<string, string>;

      beforeAll(async () => {
        const jc = await jointCommittee(t, f);
        ({ committee: dated, secretary: datedSecretary, officer } = jc);
        ({ assignments } = await datedWork(t, jc));
      });

      const titles = (items: { title: string }[]) => items.map((i) => i.title);

      it.each(DUE_BEFORE_CASES)(
        'GET /committees/{id}/assignments?dueBefore=%s lists exactly %j',
        async (dueBefore, expected) => {
          const res = await t
            .http()
            .get(`/api/v1/committees/${dated.id}/assignments`)
            .query({ dueBefore })
            .set(datedSecretary.headers);
          expect(res.status).toBe(200);
          expect((res.body.items as { id: string }[]).map((i) => i.id)).toEqual(expected.map((x) => assignments[x]));
        },
      );

      it('without dueBefore every item is listed, the undated one last', async () => {
        const all = ['early', 'dayBefore', 'onTheBound', 'dayAfter', 'late', 'undated'];
        expect(titles((await t.http().get('/api/v1/me/assignments').set(officer.headers)).body.items)).toEqual(all);
        expect(
          titles(
            (await t.http().get(`/api/v1/committees/${dated.id}/assignments`).set(datedSecretary.headers)).body.items,
          ),
        ).toEqual(all);
        expect(
          titles(
            (await t.http().get(`/api/v1/committees/${dated.id}/commitments`).set(datedSecretary.headers)).body.items,
          ),
        ).toEqual(all);
      });
    });

    describe('paging through equal due dates', () => {
      it('assignments, on the committee list and on GET /me/assignments, by dueOn and -dueOn', async () => {
        const { committee, secretary, officer, officerPerson } = await jointCommittee(t, f);
        /** Five due the same day, one earlier, one later, two without a due date (listed last, as 9999-12-31). */
        const DUES: (string | null)[] = [
          '2030-03-15',
          '2030-03-15',
          '2030-01-01',
          '2030-03-15',
          null,
          '2030-03-15',
          '2030-06-30',
          null,
          '2030-03-15',
        ];
        const keyOf = (dueOn: string | null) => dueOn ?? '9999-12-31';
        const rows: PagedRow[] = [];
        for (const dueOn of DUES) {
          const res = await t
            .http()
            .post(`/api/v1/committees/${committee.id}/assignments`)
            .set(secretary.headers)
            .send({ title: `Due ${dueOn}`, dueOn, assigneeIds: [officerPerson.id] });
          expect(res.status).toBe(201);
          rows.push({ id: res.body.id as string, key: keyOf(dueOn) });
        }
        await expectPaged(t, secretary, `/committees/${committee.id}/assignments`, {}, 'dueOn', rows);
        await expectPaged(t, officer, '/me/assignments', {}, 'dueOn', rows);
      });
    });

    /**
     * Overdue is "due before today in the committee's time zone, and not closed" (README, "Work
     * tracking"), for committees whose local time is just after and just before midnight (the
     * zone picker's own tests are in commitments.e2e-spec).
     */
    describe("overdue in the committee's time zone, around midnight", () => {
      describeOverdueAroundMidnight(
        'assignments',
        () => ({ t, f }),
        (j) => ({ assigneeIds: [j.officerPerson.id] }),
      );
    });
  });
});
