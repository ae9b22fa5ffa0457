import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Keyset paging when many rows share a sort value (README, "Lists"): rows are ordered by the
 * sort value, then by `id` in the same direction, and the cursor resumes after the last
 * (value, id), so a page boundary inside a run of equal values neither skips nor repeats a
 * row. The expected orders are computed here from the ids the API returned at creation.
 */

/** Ascending by (key, id); descending by both when `descending`. UUIDs order as their lowercase hex. */
function expectedOrder(rows: { id: string; key: string }[], descending: boolean): string[] {
  const sorted = [...rows].sort((a, b) =>
    a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1,
  );
  if (descending) sorted.reverse();
  return sorted.map((r) => r.id);
}

describe('paging through equal sort values', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
  });
  afterAll(() => t.close());

  /** Every page of a list, following `nextCursor`; returns the ids in the order served and the page count. */
  async function walk(
    caller: Actor,
    path: string,
    query: Record<string, string | number>,
  ): Promise<{ ids: string[]; pages: number }> {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t
        .http()
        .get(`/api/v1${path}`)
        .query(cursor ? { ...query, cursor } : query)
        .set(caller.headers);
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as { id: string }[]).map((i) => i.id));
      cursor = res.body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 50);
    return { ids: seen, pages };
  }

  async function expectPaged(
    caller: Actor,
    path: string,
    filter: Record<string, string>,
    sort: string,
    rows: { id: string; key: string }[],
  ): Promise<void> {
    for (const descending of [false, true]) {
      const { ids, pages } = await walk(caller, path, { ...filter, sort: `${descending ? '-' : ''}${sort}`, limit: 2 });
      const expected = expectedOrder(rows, descending);
      expect(expected.length).toBeGreaterThan(4);
      expect(ids).toEqual(expected);
      expect(new Set(ids).size).toBe(rows.length);
      expect(pages).toBe(Math.ceil(rows.length / 2));
    }
  }

  describe('work items with equal due dates', () => {
    let committee: Ref;
    let owner: Ref;
    let secretary: Actor;
    let officer: Actor;
    let officerPerson: Ref;

    beforeAll(async () => {
      owner = await f.party();
      const other = await f.party();
      committee = await f.committee([owner.id, other.id]);
      const secretaryPerson = await f.person(owner.id);
      officerPerson = await f.person(other.id);
      await f.member(committee.id, secretaryPerson.id, 'secretary');
      await f.member(committee.id, officerPerson.id, 'liaison_officer');
      secretary = await createUser(t, 'secretary', { personId: secretaryPerson.id });
      officer = await createUser(t, 'liaison_officer', { personId: officerPerson.id });
    });

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

    it('assignments, on the committee list and on GET /me/assignments, by dueOn and -dueOn', async () => {
      const rows: { id: string; key: string }[] = [];
      for (const dueOn of DUES) {
        const res = await t
          .http()
          .post(`/api/v1/committees/${committee.id}/assignments`)
          .set(secretary.headers)
          .send({ title: `Due ${dueOn}`, dueOn, assigneeIds: [officerPerson.id] });
        expect(res.status).toBe(201);
        rows.push({ id: res.body.id as string, key: keyOf(dueOn) });
      }
      await expectPaged(secretary, `/committees/${committee.id}/assignments`, {}, 'dueOn', rows);
      await expectPaged(officer, '/me/assignments', {}, 'dueOn', rows);
    });

    it('commitments, by dueOn and -dueOn', async () => {
      const rows: { id: string; key: string }[] = [];
      for (const dueOn of DUES) {
        const res = await t
          .http()
          .post(`/api/v1/committees/${committee.id}/commitments`)
          .set(secretary.headers)
          .send({ title: `Due ${dueOn}`, dueOn, ownerPartyId: owner.id });
        expect(res.status).toBe(201);
        rows.push({ id: res.body.id as string, key: keyOf(dueOn) });
      }
      await expectPaged(secretary, `/committees/${committee.id}/commitments`, {}, 'dueOn', rows);
    });
  });
});
