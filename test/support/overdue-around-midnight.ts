import { todayIn } from './helpers.js';
import type { RegistryFactory, Ref } from './registry-factory.js';
import type { TestApp } from './test-app.js';
import { jointCommittee, type JointCommittee } from './work-fixtures.js';
import { shift, zonesAroundMidnight } from './zones.js';

/**
 * Registers the tests of "overdue is due before today in the committee's time zone, and not
 * closed" (README, "Work tracking") for one kind of work item, on committees whose local
 * time is just after and just before midnight. `app()` gives the file's app and factory
 * (made in its beforeAll); `body(j)` the fields a create of that kind needs besides title
 * and due date.
 */
export function describeOverdueAroundMidnight(
  kind: 'assignments' | 'commitments',
  app: () => { t: TestApp; f: RegistryFactory },
  body: (j: JointCommittee) => object,
): void {
  const zones = zonesAroundMidnight();

  describe.each([
    ['local time just after midnight', zones.justAfter],
    ['local time just before midnight', zones.justBefore],
  ])('a committee where it is %s (%s)', (_what, timeZone) => {
    let j: JointCommittee;
    let committee: Ref;
    let today: string;

    beforeAll(async () => {
      const { t, f } = app();
      j = await jointCommittee(t, f, { timeZone });
      committee = j.committee;
      expect(committee.timeZone).toBe(timeZone);
      today = todayIn(timeZone);
    });

    const post = async (title: string, dueOn: string | null) => {
      const res = await app()
        .t.http()
        .post(`/api/v1/committees/${committee.id}/${kind}`)
        .set(j.secretary.headers)
        .send({ title, dueOn, ...body(j) });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const list = (overdue: boolean) =>
      app().t.http().get(`/api/v1/committees/${committee.id}/${kind}`).query({ overdue }).set(j.secretary.headers);
    const titles = (items: { title: string; overdue: boolean }[]) => items.map((i) => [i.title, i.overdue]);

    it(`${kind} due yesterday (local) are overdue; due today or tomorrow (local) are not`, async () => {
      await post('due yesterday', shift(today, -1));
      await post('due today', today);
      await post('due tomorrow', shift(today, 1));
      await post('no due date', null);

      const overdue = await list(true);
      expect(overdue.status).toBe(200);
      expect(titles(overdue.body.items)).toEqual([['due yesterday', true]]);
      const notOverdue = await list(false);
      expect(titles(notOverdue.body.items)).toEqual([
        ['due today', false],
        ['due tomorrow', false],
        ['no due date', false],
      ]);
      // The date cannot have turned meanwhile (see zonesAroundMidnight).
      expect(todayIn(timeZone)).toBe(today);
    });
  });
}
