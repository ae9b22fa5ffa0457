import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Dual sign-off (README, "Work tracking"): only the owner party's secretary or co-chair
 * claims, and only a secretary or co-chair of another party of the committee confirms or
 * rejects; the other side never withdraws what the owner side committed to. Every move
 * here goes through the API, from `pending`.
 */
describe('dual sign-off of commitments', () => {
  let t: TestApp;
  let committee: Ref;
  let lb: Ref, sy: Ref, jo: Ref;
  const u = {} as Record<'secretaryLB' | 'coChairLB' | 'secretarySY' | 'coChairSY' | 'secretaryJO', Actor>;

  beforeAll(async () => {
    t = await createTestApp();
    const f = new RegistryFactory(t, await createUser(t, 'admin'));
    [lb, sy, jo] = [await f.party(), await f.party(), await f.party()];
    committee = await f.committee([lb.id, sy.id, jo.id]);
    const seats: [keyof typeof u, Ref, 'secretary' | 'co_chair'][] = [
      ['secretaryLB', lb, 'secretary'],
      ['coChairLB', lb, 'co_chair'],
      ['secretarySY', sy, 'secretary'],
      ['coChairSY', sy, 'co_chair'],
      ['secretaryJO', jo, 'secretary'],
    ];
    for (const [key, party, seat] of seats) {
      const person = await f.person(party.id);
      await f.member(committee.id, person.id, seat);
      u[key] = await createUser(t, 'secretary', { personId: person.id });
    }
  });
  afterAll(() => t.close());

  const move = (who: Actor, id: string, to: string, note?: string) =>
    t
      .http()
      .post(`/api/v1/commitments/${id}/transitions`)
      .set(who.headers)
      .send(note === undefined ? { to } : { to, note });
  const statusOf = async (id: string) =>
    (await t.http().get(`/api/v1/commitments/${id}`).set(u.secretaryLB.headers)).body.status as string;

  /** An LB commitment, claimed by the LB side. */
  async function claimed(): Promise<string> {
    const created = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(u.secretaryLB.headers)
      .send({ title: 'Close the illegal crossings', ownerPartyId: lb.id });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await move(u.coChairLB, id, 'in_progress')).status).toBe(200);
    expect((await move(u.secretaryLB, id, 'fulfilment_claimed')).status).toBe(200);
    return id;
  }

  it("the owner side's secretary and co-chair cannot confirm their own claim (403); another party's secretary does (200)", async () => {
    const id = await claimed();
    for (const owner of [u.secretaryLB, u.coChairLB]) {
      const res = await move(owner, id, 'fulfilled');
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await statusOf(id)).toBe('fulfilment_claimed');
    const confirmed = await move(u.secretarySY, id, 'fulfilled');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'fulfilled', progress: 100 });
  });

  it('a secretary of a third party of the committee is another side too, and confirms (200)', async () => {
    const id = await claimed();
    expect((await move(u.coChairLB, id, 'fulfilled')).status).toBe(403);
    expect((await move(u.secretaryJO, id, 'fulfilled')).status).toBe(200);
    expect(await statusOf(id)).toBe('fulfilled');
  });

  it('the owner side cannot reject its own claim, even with a reason (403); the other side can (200)', async () => {
    const id = await claimed();
    for (const owner of [u.secretaryLB, u.coChairLB]) {
      expect((await move(owner, id, 'in_progress', 'We are not done after all')).status).toBe(403);
    }
    expect(await statusOf(id)).toBe('fulfilment_claimed');
    const rejected = await move(u.coChairSY, id, 'in_progress', 'Two crossings are still open');
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('in_progress');
  });

  it("the other side cannot withdraw the owner's commitment, pending or in progress (403); the owner side can (200)", async () => {
    const created = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(u.secretarySY.headers)
      .send({ title: 'Hand over the crossing maps', ownerPartyId: lb.id });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const other of [u.secretarySY, u.coChairSY, u.secretaryJO]) {
      expect((await move(other, id, 'withdrawn', 'We no longer need it')).status).toBe(403);
    }
    expect(await statusOf(id)).toBe('pending');
    expect((await move(u.secretaryLB, id, 'in_progress')).status).toBe(200);
    for (const other of [u.secretarySY, u.coChairSY, u.secretaryJO]) {
      expect((await move(other, id, 'withdrawn', 'We no longer need it')).status).toBe(403);
    }
    expect(await statusOf(id)).toBe('in_progress');
    const withdrawn = await move(u.coChairLB, id, 'withdrawn', 'Superseded by the monitoring plan');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
  });
});
