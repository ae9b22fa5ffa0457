import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { ids, uniqueWord } from '../support/helpers.js';

/**
 * Contact details (e-mail, phone) of people go only to admins and to the secretaries of the
 * person's committees (README, "Committee registry"). Seeing a person is not seeing how to
 * reach them: a liaison officer, an analyst, and a secretary of another committee see the
 * record without them.
 */
describe('who sees contact details', () => {
  let t: TestApp;
  let admin: Actor;
  let lb: Ref, sy: Ref;
  /** The secretary is X's secretary and only an observer on Y. */
  let x: Ref, y: Ref;
  let secretary: Actor;
  let liaison: Actor;
  let analyst: Actor;
  let memberX: Ref, memberY: Ref;
  let word: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    const f = new RegistryFactory(t, admin);
    [lb, sy] = [await f.party(), await f.party()];
    x = await f.committee([lb.id, sy.id]);
    y = await f.committee([lb.id, sy.id]);
    const secretaryPerson = await f.person(lb.id);
    await f.member(x.id, secretaryPerson.id, 'secretary');
    await f.member(y.id, secretaryPerson.id, 'observer');
    secretary = await createUser(t, 'secretary', { personId: secretaryPerson.id });
    const liaisonPerson = await f.person(lb.id);
    await f.member(x.id, liaisonPerson.id, 'liaison_officer');
    await f.member(y.id, liaisonPerson.id, 'liaison_officer');
    liaison = await createUser(t, 'liaison_officer', { personId: liaisonPerson.id });
    analyst = await createUser(t, 'analyst');
    word = uniqueWord();
    memberX = await f.person(sy.id, {
      nameEn: `Adel ${word}`,
      email: 'adel.contact@example.org',
      phone: '+963 11 555 0303',
    });
    await f.member(x.id, memberX.id, 'member');
    memberY = await f.person(sy.id, {
      nameEn: `Basel ${word}`,
      email: 'basel.contact@example.org',
      phone: '+963 11 555 0404',
    });
    await f.member(y.id, memberY.id, 'member');
  });
  afterAll(() => t.close());

  const get = (caller: Actor, id: string) => t.http().get(`/api/v1/people/${id}`).set(caller.headers);
  const list = (caller: Actor, query: Record<string, string | number>) =>
    t.http().get('/api/v1/people').query(query).set(caller.headers);
  const itemOf = (body: { items: { id: string }[] }, id: string) => body.items.find((i) => i.id === id);

  it('an admin sees both members’ contact details', async () => {
    expect((await get(admin, memberX.id)).body).toMatchObject({
      email: 'adel.contact@example.org',
      phone: '+963 11 555 0303',
    });
    expect((await get(admin, memberY.id)).body).toMatchObject({
      email: 'basel.contact@example.org',
      phone: '+963 11 555 0404',
    });
  });

  it("a secretary sees them for their own committee's member, not for a member of a committee they only observe", async () => {
    const own = await get(secretary, memberX.id);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ email: 'adel.contact@example.org', phone: '+963 11 555 0303' });

    const observed = await get(secretary, memberY.id);
    expect(observed.status).toBe(200);
    expect(observed.body).toMatchObject({ id: memberY.id, nameEn: `Basel ${word}` });
    expect(observed.body).not.toHaveProperty('email');
    expect(observed.body).not.toHaveProperty('phone');

    // The same in one list holding both.
    const page = await list(secretary, { q: word });
    expect(ids(page).sort()).toEqual([memberX.id, memberY.id].sort());
    expect(itemOf(page.body, memberX.id)).toMatchObject({ email: 'adel.contact@example.org' });
    expect(itemOf(page.body, memberY.id)).not.toHaveProperty('email');
    expect(itemOf(page.body, memberY.id)).not.toHaveProperty('phone');
    expect(JSON.stringify(page.body)).not.toContain('basel.contact@example.org');
  });

  it.each([
    ['a liaison officer of both committees', () => liaison],
    ['an analyst', () => analyst],
  ])('%s sees both people without contact details', async (_who, callerOf) => {
    const caller = callerOf();
    for (const person of [memberX, memberY]) {
      const res = await get(caller, person.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: person.id, nameEn: person.nameEn });
      expect(res.body).not.toHaveProperty('email');
      expect(res.body).not.toHaveProperty('phone');
    }
    const page = await list(caller, { q: word });
    expect(ids(page).sort()).toEqual([memberX.id, memberY.id].sort());
    for (const item of page.body.items as object[]) {
      expect(item).not.toHaveProperty('email');
      expect(item).not.toHaveProperty('phone');
    }
    const byParty = await list(caller, { partyId: sy.id, limit: 200 });
    expect(ids(byParty)).toEqual(expect.arrayContaining([memberX.id, memberY.id]));
    const text = JSON.stringify([page.body, byParty.body]);
    expect(text).not.toContain('contact@example.org');
    expect(text).not.toContain('555 0');
  });
});
