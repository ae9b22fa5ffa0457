import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * `dueBefore` on work-item lists: "Due strictly before this date" (the OpenAPI description of
 * the filter), so the bound itself is excluded, and an item without a due date is never
 * due before anything. Exact results, in due-date order.
 */
describe('the dueBefore filter', () => {
  let t: TestApp;
  let committee: Ref;
  let owner: Ref;
  let secretary: Actor;
  let officer: Actor;
  let officerPerson: Ref;
  /** Title → id, for the assignments and the commitments. */
  const assignments: Record<string, string> = {};
  const commitments: Record<string, string> = {};

  const DUES: Record<string, string | null> = {
    early: '2030-01-10',
    dayBefore: '2030-01-14',
    onTheBound: '2030-01-15',
    dayAfter: '2030-01-16',
    late: '2030-02-01',
    undated: null,
  };

  beforeAll(async () => {
    t = await createTestApp();
    const f = new RegistryFactory(t, await createUser(t, 'admin'));
    owner = await f.party();
    const other = await f.party();
    committee = await f.committee([owner.id, other.id]);
    const secretaryPerson = await f.person(owner.id);
    officerPerson = await f.person(other.id);
    await f.member(committee.id, secretaryPerson.id, 'secretary');
    await f.member(committee.id, officerPerson.id, 'liaison_officer');
    secretary = await createUser(t, 'secretary', { personId: secretaryPerson.id });
    officer = await createUser(t, 'liaison_officer', { personId: officerPerson.id });
    for (const [title, dueOn] of Object.entries(DUES)) {
      const a = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/assignments`)
        .set(secretary.headers)
        .send({ title, dueOn, assigneeIds: [officerPerson.id] });
      expect(a.status).toBe(201);
      assignments[title] = a.body.id as string;
      const c = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(secretary.headers)
        .send({ title, dueOn, ownerPartyId: owner.id });
      expect(c.status).toBe(201);
      commitments[title] = c.body.id as string;
    }
  });
  afterAll(() => t.close());

  const titles = (items: { title: string }[]) => items.map((i) => i.title);

  /** dueBefore → the titles listed, in due-date order. */
  const CASES: [string, string[]][] = [
    ['2030-01-15', ['early', 'dayBefore']],
    ['2030-01-16', ['early', 'dayBefore', 'onTheBound']],
    ['2030-01-11', ['early']],
    ['2031-01-01', ['early', 'dayBefore', 'onTheBound', 'dayAfter', 'late']],
  ];

  it.each(CASES)('GET /me/assignments?dueBefore=%s lists exactly %j', async (dueBefore, expected) => {
    const res = await t.http().get('/api/v1/me/assignments').query({ dueBefore }).set(officer.headers);
    expect(res.status).toBe(200);
    expect(titles(res.body.items)).toEqual(expected);
    expect((res.body.items as { id: string }[]).map((i) => i.id)).toEqual(expected.map((x) => assignments[x]));
  });

  it.each(CASES)('GET /committees/{id}/assignments?dueBefore=%s lists exactly %j', async (dueBefore, expected) => {
    const res = await t
      .http()
      .get(`/api/v1/committees/${committee.id}/assignments`)
      .query({ dueBefore })
      .set(secretary.headers);
    expect(res.status).toBe(200);
    expect((res.body.items as { id: string }[]).map((i) => i.id)).toEqual(expected.map((x) => assignments[x]));
  });

  it.each(CASES)('GET /committees/{id}/commitments?dueBefore=%s lists exactly %j', async (dueBefore, expected) => {
    const res = await t
      .http()
      .get(`/api/v1/committees/${committee.id}/commitments`)
      .query({ dueBefore })
      .set(secretary.headers);
    expect(res.status).toBe(200);
    expect(titles(res.body.items)).toEqual(expected);
    expect((res.body.items as { id: string }[]).map((i) => i.id)).toEqual(expected.map((x) => commitments[x]));
  });

  it('without dueBefore every item is listed, the undated one last', async () => {
    const all = ['early', 'dayBefore', 'onTheBound', 'dayAfter', 'late', 'undated'];
    expect(titles((await t.http().get('/api/v1/me/assignments').set(officer.headers)).body.items)).toEqual(all);
    expect(
      titles((await t.http().get(`/api/v1/committees/${committee.id}/assignments`).set(secretary.headers)).body.items),
    ).toEqual(all);
    expect(
      titles((await t.http().get(`/api/v1/committees/${committee.id}/commitments`).set(secretary.headers)).body.items),
    ).toEqual(all);
  });

  it('combines with the other filters: dueBefore with status', async () => {
    const moved = await t
      .http()
      .post(`/api/v1/assignments/${assignments.dayBefore}/transitions`)
      .set(officer.headers)
      .send({ to: 'in_progress' });
    expect(moved.status).toBe(200);
    const res = await t
      .http()
      .get('/api/v1/me/assignments')
      .query({ dueBefore: '2030-01-16', status: 'open' })
      .set(officer.headers);
    expect(titles(res.body.items)).toEqual(['early', 'onTheBound']);
    const inProgress = await t
      .http()
      .get('/api/v1/me/assignments')
      .query({ dueBefore: '2030-01-16', status: 'in_progress' })
      .set(officer.headers);
    expect(titles(inProgress.body.items)).toEqual(['dayBefore']);
  });
});
