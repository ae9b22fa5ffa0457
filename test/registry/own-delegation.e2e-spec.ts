import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * "Each side seats its own delegation" (README, "Committee registry"): a secretary or a
 * co-chair manages the seats of their own party only, never their own seat; admins manage
 * every seat. Here from a co-chair's side, on a committee of three parties.
 */
describe('each side seats its own delegation (a co-chair)', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let lb: Ref, sy: Ref, jo: Ref;
  let committee: Ref;
  let coChairSY: Actor;
  let coChairSeat: Ref;
  let secretarySY: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    [lb, sy, jo] = [await f.party(), await f.party(), await f.party()];
    committee = await f.committee([lb.id, sy.id, jo.id]);
    const coChairPerson = await f.person(sy.id);
    coChairSeat = await f.member(committee.id, coChairPerson.id, 'co_chair');
    coChairSY = await createUser(t, 'secretary', { personId: coChairPerson.id });
    const secretaryPerson = await f.person(sy.id);
    await f.member(committee.id, secretaryPerson.id, 'secretary');
    secretarySY = await createUser(t, 'secretary', { personId: secretaryPerson.id });
  });
  afterAll(() => t.close());

  const path = () => `/api/v1/committees/${committee.id}/members`;
  const add = (caller: Actor, personId: string, role = 'member') =>
    t.http().post(path()).set(caller.headers).send({ personId, role, startOn: '2025-10-01' });
  const patch = (caller: Actor, id: string, body: object) =>
    t.http().patch(`${path()}/${id}`).set(caller.headers).send(body);
  const end = (caller: Actor, id: string) => t.http().delete(`${path()}/${id}`).set(caller.headers);
  const read = async (id: string) => (await t.http().get(`${path()}/${id}`).set(admin.headers)).body;

  it("seats, changes and ends a member of the co-chair's own party (201, 200, 204)", async () => {
    const person = await f.person(sy.id);
    const seated = await add(coChairSY, person.id, 'liaison_officer');
    expect(seated.status).toBe(201);
    expect(seated.body).toMatchObject({ partyId: sy.id, role: 'liaison_officer', active: true });
    const changed = await patch(coChairSY, seated.body.id, { role: 'observer' });
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe('observer');
    expect((await end(coChairSY, seated.body.id)).status).toBe(204);
    expect((await read(seated.body.id)).active).toBe(false);
  });

  it.each([
    ['the other party', () => lb],
    ['a third party of the committee', () => jo],
  ])('cannot seat, change or end a member of %s (403)', async (_what, partyOf) => {
    const party = partyOf();
    expect((await add(coChairSY, (await f.person(party.id)).id)).status).toBe(403);
    const seated = await add(admin, (await f.person(party.id)).id);
    expect(seated.status).toBe(201);
    const promote = await patch(coChairSY, seated.body.id, { role: 'co_chair' });
    expect(promote.status).toBe(403);
    expect(promote.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await end(coChairSY, seated.body.id)).status).toBe(403);
    expect(await read(seated.body.id)).toMatchObject({ role: 'member', active: true, endOn: null });
    // Their own side's secretary is not the other side's either.
    expect((await end(secretarySY, seated.body.id)).status).toBe(403);
    // The admin manages every seat.
    expect((await end(admin, seated.body.id)).status).toBe(204);
  });

  it('cannot change or end their own seat (403); their party’s secretary can (200)', async () => {
    expect((await patch(coChairSY, coChairSeat.id, { startOn: '2025-09-01' })).status).toBe(403);
    expect((await end(coChairSY, coChairSeat.id)).status).toBe(403);
    expect(await read(coChairSeat.id)).toMatchObject({ role: 'co_chair', startOn: '2025-10-01', active: true });
    const bySecretary = await patch(secretarySY, coChairSeat.id, { startOn: '2025-09-01' });
    expect(bySecretary.status).toBe(200);
    expect(bySecretary.body).toMatchObject({ role: 'co_chair', startOn: '2025-09-01', active: true });
  });
});
