import { createUser, type Actor } from '../support/actors.js';
import { todayIn } from '../support/helpers.js';
import { expectInvalid } from '../support/problems.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';
import { shift, zonesAroundMidnight } from '../support/zones.js';

/**
 * Deadline risk (README, "Deadline risk") on every assignment and commitment: `dueInDays` and
 * `risk`, in the committee's time zone, with RISK_WINDOW_DAYS=3 here (7 by default:
 * test/platform/config.spec.ts), and the `risk=` filter of both lists and /me/assignments.
 */
describe('deadline risk', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let j: JointCommittee;
  const ids: Record<string, Record<string, string>> = { commitments: {}, assignments: {} };
  let today: string;

  /** Title → due date (null: none); `closed` is moved to fulfilled / done after creation. */
  let DUES: Record<string, string | null>;
  /** Title → what each item shows: [dueInDays, risk]. */
  const EXPECTED: Record<string, [number | null, string | null]> = {
    overdue: [-1, 'overdue'],
    today: [0, 'at_risk'],
    inThree: [3, 'at_risk'],
    inFour: [4, 'on_track'],
    undated: [null, 'on_track'],
    closed: [null, null],
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { RISK_WINDOW_DAYS: '3' } });
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    j = await jointCommittee(t, f);
    today = todayIn('Asia/Beirut');
    DUES = {
      overdue: shift(today, -1),
      today,
      inThree: shift(today, 3),
      inFour: shift(today, 4),
      undated: null,
      closed: shift(today, -1),
    };
    for (const [title, dueOn] of Object.entries(DUES)) {
      ids.commitments![title] = (await j.w.commitment(j.committee.id, j.lb.id, { title, dueOn })).id;
      ids.assignments![title] = (await j.w.assignment(j.committee.id, [j.officerPerson.id], { title, dueOn })).id;
    }
    const move = async (kind: string, id: string, actor: Actor, to: string) => {
      const res = await t.http().post(`/api/v1/${kind}/${id}/transitions`).set(actor.headers).send({ to });
      expect(res.status).toBe(200);
    };
    await move('commitments', ids.commitments!.closed!, j.secretary, 'in_progress');
    await move('commitments', ids.commitments!.closed!, j.secretary, 'fulfilment_claimed');
    await move('commitments', ids.commitments!.closed!, j.coChairSY, 'fulfilled');
    await move('assignments', ids.assignments!.closed!, j.secretary, 'in_progress');
    await move('assignments', ids.assignments!.closed!, j.secretary, 'done');
  });
  afterAll(() => t.close());

  describe.each(['commitments', 'assignments'] as const)('%s', (kind) => {
    it.each(Object.entries(EXPECTED))('%s: dueInDays and risk as GET shows them', async (title, [days, risk]) => {
      const res = await t.http().get(`/api/v1/${kind}/${ids[kind]![title]}`).set(j.secretary.headers);
      expect(res.status).toBe(200);
      expect({ dueInDays: res.body.dueInDays, risk: res.body.risk, overdue: res.body.overdue }).toEqual({
        dueInDays: days,
        risk,
        overdue: risk === 'overdue',
      });
    });

    it('the list shows the same, item by item', async () => {
      const res = await t.http().get(`/api/v1/committees/${j.committee.id}/${kind}`).set(j.secretary.headers);
      expect(res.status).toBe(200);
      const shown = Object.fromEntries(
        (res.body.items as { title: string; dueInDays: number | null; risk: string | null }[]).map((i) => [
          i.title,
          [i.dueInDays, i.risk],
        ]),
      );
      expect(shown).toEqual(EXPECTED);
    });

    it.each([
      ['overdue', ['overdue']],
      ['at_risk', ['today', 'inThree']],
      ['on_track', ['inFour', 'undated']],
    ])('risk=%s lists %j (closed items have no risk), in due order', async (risk, titles) => {
      const res = await t
        .http()
        .get(`/api/v1/committees/${j.committee.id}/${kind}`)
        .query({ risk })
        .set(j.secretary.headers);
      expect(res.status).toBe(200);
      expect((res.body.items as { title: string }[]).map((i) => i.title)).toEqual(titles);
    });

    it('risk= pages like any filter: one item a page, every page in order', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await t
          .http()
          .get(`/api/v1/committees/${j.committee.id}/${kind}`)
          .query({ risk: 'at_risk', limit: 1, ...(cursor ? { cursor } : {}) })
          .set(j.secretary.headers);
        expect(res.status).toBe(200);
        seen.push(...(res.body.items as { title: string }[]).map((i) => i.title));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(['today', 'inThree']);
    });

    it('refuses an unknown risk', async () => {
      expectInvalid(
        await t.http().get(`/api/v1/committees/${j.committee.id}/${kind}`).query({ risk: 'late' }).set(admin.headers),
        'risk',
      );
    });
  });

  it('/me/assignments: the same fields and the same filter', async () => {
    const all = await t.http().get('/api/v1/me/assignments').set(j.officer.headers);
    expect(
      Object.fromEntries(
        (all.body.items as { title: string; dueInDays: number | null; risk: string | null }[]).map((i) => [
          i.title,
          [i.dueInDays, i.risk],
        ]),
      ),
    ).toEqual(EXPECTED);
    for (const [risk, titles] of [
      ['overdue', ['overdue']],
      ['at_risk', ['today', 'inThree']],
      ['on_track', ['inFour', 'undated']],
    ] as const) {
      const res = await t.http().get('/api/v1/me/assignments').query({ risk }).set(j.officer.headers);
      expect(res.status).toBe(200);
      expect((res.body.items as { title: string }[]).map((i) => i.title)).toEqual(titles);
    }
    expectInvalid(await t.http().get('/api/v1/me/assignments').query({ risk: 'soon' }).set(j.officer.headers), 'risk');
  });

  it("counts the days in the committee's time zone: one due date, two committees a day apart", async () => {
    const zones = zonesAroundMidnight();
    const after = await jointCommittee(t, f, { timeZone: zones.justAfter });
    const before = await jointCommittee(t, f, { timeZone: zones.justBefore });
    // "Today" just after midnight is "tomorrow" where it is just before midnight.
    const due = todayIn(zones.justAfter);
    expect(shift(todayIn(zones.justBefore), 1)).toBe(due);
    const shown = async (jc: JointCommittee) => {
      const c = await jc.w.commitment(jc.committee.id, jc.lb.id, { dueOn: shift(due, 3) });
      const res = await t.http().get(`/api/v1/commitments/${c.id}`).set(jc.secretary.headers);
      return [res.body.dueInDays, res.body.risk];
    };
    expect(await shown(after)).toEqual([3, 'at_risk']);
    expect(await shown(before)).toEqual([4, 'on_track']);
  });
});
