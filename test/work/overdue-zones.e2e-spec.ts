import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { todayIn } from '../support/helpers.js';

/** The date `days` after `date` (YYYY-MM-DD). */
function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A fixed-offset IANA zone, UTC+offset hours (the Etc/GMT names have the sign reversed). */
function zoneAt(offset: number): string {
  if (offset === 0) return 'UTC';
  return `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/**
 * Two zones picked from the current UTC time: one where the day has just begun (local time
 * 00:xx) and one where it is about to end (23:xx, or 22:xx in the last minutes of the hour so
 * the date cannot turn during the test). Their dates differ by one day, so no single
 * "today" (the server's, UTC, or a default zone) gives both committees the right answer.
 */
function zonesAroundMidnight(now = new Date()): { justAfter: string; justBefore: string } {
  // Offsets -10…+13 for "just after", so "just before" (one or two hours less) stays within UTC−12.
  let after = (24 - now.getUTCHours()) % 24;
  if (after > 13) after -= 24;
  const before = after - (now.getUTCMinutes() >= 58 ? 2 : 1);
  return { justAfter: zoneAt(after), justBefore: zoneAt(before) };
}

/** The date in `timeZone` at the instant `now`. */
function dateIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Overdue is "due before today in the committee's time zone, and not closed" (README, "Work
 * tracking"), here on the committee lists of commitments and assignments, for committees
 * whose local time is just after and just before midnight.
 */
describe("overdue in the committee's time zone, around midnight", () => {
  let t: TestApp;
  let f: RegistryFactory;
  const zones = zonesAroundMidnight();

  beforeAll(async () => {
    t = await createTestApp();
    f = new RegistryFactory(t, await createUser(t, 'admin'));
  });
  afterAll(() => t.close());

  it('the two zones are one calendar day apart', () => {
    expect(todayIn(zones.justAfter)).toBe(shift(todayIn(zones.justBefore), 1));
  });

  it('the zone picker works at every minute of a day (zones that exist, a day apart, not turning soon)', async () => {
    const zoneNames = new Set<string>();
    for (let minute = 0; minute < 24 * 60; minute++) {
      const now = new Date(Date.UTC(2026, 0, 15, 0, minute, 30));
      const picked = zonesAroundMidnight(now);
      zoneNames.add(picked.justAfter).add(picked.justBefore);
      expect(dateIn(picked.justAfter, now)).toBe(shift(dateIn(picked.justBefore, now), 1));
      // Ninety seconds later both dates are unchanged.
      const later = new Date(now.getTime() + 90_000);
      expect([dateIn(picked.justAfter, later), dateIn(picked.justBefore, later)]).toEqual([
        dateIn(picked.justAfter, now),
        dateIn(picked.justBefore, now),
      ]);
    }
    // UTC−12 … UTC+14 are the Etc/GMT zones that exist (Etc/GMT+12 … Etc/GMT-14).
    expect(zoneNames.size).toBe(26);
    for (const zone of zoneNames) expect(zone).toMatch(/^(UTC|Etc\/GMT-([1-9]|1[0-3])|Etc\/GMT\+([1-9]|1[0-2]))$/);
    // Whatever the hour the suite runs at, the committee takes the zone.
    const [p, q] = [await f.party(), await f.party()];
    for (const timeZone of zoneNames) {
      expect((await f.committee([p.id, q.id], { timeZone })).timeZone).toBe(timeZone);
    }
  });

  describe.each([
    ['local time just after midnight', zones.justAfter],
    ['local time just before midnight', zones.justBefore],
  ])('a committee where it is %s (%s)', (_what, timeZone) => {
    let committee: Ref;
    let owner: Ref;
    let secretary: Actor;
    let officerPerson: Ref;
    let today: string;

    beforeAll(async () => {
      owner = await f.party();
      const other = await f.party();
      committee = await f.committee([owner.id, other.id], { timeZone });
      expect(committee.timeZone).toBe(timeZone);
      const secretaryPerson = await f.person(owner.id);
      officerPerson = await f.person(other.id);
      await f.member(committee.id, secretaryPerson.id, 'secretary');
      await f.member(committee.id, officerPerson.id, 'liaison_officer');
      secretary = await createUser(t, 'secretary', { personId: secretaryPerson.id });
      today = todayIn(timeZone);
    });

    const post = async (kind: 'commitments' | 'assignments', title: string, dueOn: string | null) => {
      const extra = kind === 'commitments' ? { ownerPartyId: owner.id } : { assigneeIds: [officerPerson.id] };
      const res = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/${kind}`)
        .set(secretary.headers)
        .send({ title, dueOn, ...extra });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const list = (kind: 'commitments' | 'assignments', overdue: boolean) =>
      t.http().get(`/api/v1/committees/${committee.id}/${kind}`).query({ overdue }).set(secretary.headers);
    const titles = (items: { title: string; overdue: boolean }[]) => items.map((i) => [i.title, i.overdue]);

    it.each(['commitments', 'assignments'] as const)(
      '%s due yesterday (local) are overdue; due today or tomorrow (local) are not',
      async (kind) => {
        await post(kind, 'due yesterday', shift(today, -1));
        await post(kind, 'due today', today);
        await post(kind, 'due tomorrow', shift(today, 1));
        await post(kind, 'no due date', null);

        const overdue = await list(kind, true);
        expect(overdue.status).toBe(200);
        expect(titles(overdue.body.items)).toEqual([['due yesterday', true]]);
        const notOverdue = await list(kind, false);
        expect(titles(notOverdue.body.items)).toEqual([
          ['due today', false],
          ['due tomorrow', false],
          ['no due date', false],
        ]);
        // The date cannot have turned meanwhile (see zonesAroundMidnight).
        expect(todayIn(timeZone)).toBe(today);
      },
    );
  });
});
