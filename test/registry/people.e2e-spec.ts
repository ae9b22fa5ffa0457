import { createApiClient, createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem } from '../support/problems.js';
import { errorFields, ids, seatedUser, uniqueWord } from '../support/helpers.js';
import { expectPaged, type PagedRow } from '../support/paging.js';

describe('people', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let lb: Ref, sy: Ref, other: Ref;
  let agencyLb: Ref, agencySy: Ref;
  /** Committee X (LB, SY): the secretary and the liaison officer sit here. Y (LB, SY): they do not. */
  let x: Ref, y: Ref;
  let secretary: Actor;
  let secretaryPerson: Ref;
  let liaison: Actor;
  let analyst: Actor;
  let apiClient: Actor;
  /** A member of X only, and a member of Y only. */
  let memberX: Ref, memberY: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    [lb, sy, other] = [await f.party(), await f.party(), await f.party()];
    agencyLb = await f.agency(lb.id);
    agencySy = await f.agency(sy.id);
    x = await f.committee([lb.id, sy.id]);
    y = await f.committee([lb.id, sy.id]);
    ({ user: secretary, person: secretaryPerson } = await seatedUser(t, f, 'secretary', lb.id, x.id));
    ({ user: liaison } = await seatedUser(t, f, 'liaison_officer', sy.id, x.id));
    analyst = await createUser(t, 'analyst');
    apiClient = await createApiClient(t);
    memberX = await f.person(sy.id, { email: 'member.x@example.org', phone: '+963 11 555 0101' });
    await f.member(x.id, memberX.id, 'member');
    memberY = await f.person(lb.id, { email: 'member.y@example.org', phone: '+961 1 555 0202' });
    await f.member(y.id, memberY.id, 'member');
  });
  afterAll(() => t.close());

  const get = (caller: Actor, id: string) => t.http().get(`/api/v1/people/${id}`).set(caller.headers);
  const list = (caller: Actor, query: Record<string, string | number | boolean>) =>
    t.http().get('/api/v1/people').query(query).set(caller.headers);

  it('creates a person (201) with an agency of their party, and serves them with an ETag', async () => {
    const body = {
      partyId: lb.id,
      agencyId: agencyLb.id,
      nameEn: 'Brig. Gen. Karim Nassar',
      nameAr: 'العميد كريم نصار',
      rankTitle: 'Brigadier General',
      email: 'karim.nassar@example.org',
      phone: '+961 1 234 567',
    };
    const created = await t.http().post('/api/v1/people').set(admin.headers).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, id: expect.any(String), active: true, version: 1 });

    const read = await get(admin, created.body.id);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect((await get(admin, created.body.id).set('if-none-match', read.headers.etag as string)).status).toBe(304);

    const unknownParty = await t
      .http()
      .post('/api/v1/people')
      .set(admin.headers)
      .send({ ...body, partyId: '00000000-0000-4000-8000-000000000000', agencyId: null });
    expectProblem(unknownParty, 400);
    expect(errorFields(unknownParty)).toEqual(['partyId']);

    const unknownField = await t
      .http()
      .post('/api/v1/people')
      .set(admin.headers)
      .send({ ...body, nickname: 'K' });
    expectProblem(unknownField, 400);
    expect(errorFields(unknownField)).toEqual(['nickname']);
  });

  it("refuses an agency that is not of the person's party (400 naming agencyId), on create and on update", async () => {
    const created = await t
      .http()
      .post('/api/v1/people')
      .set(admin.headers)
      .send({ partyId: lb.id, agencyId: agencySy.id, nameEn: 'Wrong Agency', nameAr: 'جهاز خطأ' });
    expectProblem(created, 400);
    expect(errorFields(created)).toEqual(['agencyId']);

    const person = await f.person(lb.id, { agencyId: agencyLb.id });
    const patched = await t
      .http()
      .patch(`/api/v1/people/${person.id}`)
      .set(admin.headers)
      .send({ agencyId: agencySy.id });
    expectProblem(patched, 400);
    expect(errorFields(patched)).toEqual(['agencyId']);
    expect((await get(admin, person.id)).body.agencyId).toBe(agencyLb.id);

    const moved = await t.http().patch(`/api/v1/people/${person.id}`).set(admin.headers).send({ partyId: sy.id });
    expectProblem(moved, 400);
    expect(errorFields(moved)).toEqual(['partyId']);
  });

  it('filters the list by partyId, agencyId, committeeId, q and active', async () => {
    const [p, q] = [await f.party(), await f.party()];
    const agency = await f.agency(p.id);
    const word = uniqueWord();
    const withAgency = await f.person(p.id, { agencyId: agency.id, nameEn: `Adel ${word}` });
    const plain = await f.person(p.id);
    const inactive = await f.person(p.id, { active: false, nameEn: `Basel ${word}` });
    const ofQ = await f.person(q.id);
    const w = await f.committee([p.id, q.id]);
    await f.member(w.id, plain.id, 'member');
    await f.member(w.id, ofQ.id, 'observer');

    const byParty = await list(admin, { partyId: p.id });
    expect(byParty.status).toBe(200);
    expect(ids(byParty).sort()).toEqual([withAgency.id, plain.id, inactive.id].sort());
    expect(ids(await list(admin, { agencyId: agency.id }))).toEqual([withAgency.id]);
    expect(ids(await list(admin, { committeeId: w.id })).sort()).toEqual([plain.id, ofQ.id].sort());
    expect(ids(await list(admin, { q: word })).sort()).toEqual([withAgency.id, inactive.id].sort());
    expect(ids(await list(admin, { partyId: p.id, active: false }))).toEqual([inactive.id]);
    expect(ids(await list(admin, { partyId: p.id, active: true })).sort()).toEqual([withAgency.id, plain.id].sort());

    const byCommitteeX = ids(await list(admin, { committeeId: x.id, limit: 200 }));
    expect(byCommitteeX).toContain(memberX.id);
    expect(byCommitteeX).not.toContain(memberY.id);

    const bad = await list(admin, { committeeId: 'x' });
    expectProblem(bad, 400);
    expect(errorFields(bad)).toEqual(['committeeId']);
  });

  describe('contact details (e-mail, phone)', () => {
    it('are shown to admins', async () => {
      const res = await get(admin, memberX.id);
      expect(res.body).toMatchObject({ email: 'member.x@example.org', phone: '+963 11 555 0101' });
    });

    it('are shown to the secretary of a committee the person sits on, in the record and in lists', async () => {
      const res = await get(secretary, memberX.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ email: 'member.x@example.org', phone: '+963 11 555 0101' });
      const page = await list(secretary, { committeeId: x.id });
      const item = (page.body.items as { id: string }[]).find((i) => i.id === memberX.id);
      expect(item).toMatchObject({ email: 'member.x@example.org', phone: '+963 11 555 0101' });
    });

    it.each([
      ['a liaison officer of the committee', () => liaison],
      ['an analyst', () => analyst],
      ['an API client', () => apiClient],
    ])('are absent for %s', async (_who, callerOf) => {
      const caller = callerOf();
      const res = await get(caller, memberX.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: memberX.id, nameEn: memberX.nameEn });
      expect(res.body).not.toHaveProperty('email');
      expect(res.body).not.toHaveProperty('phone');
      const page = await list(caller, { committeeId: x.id });
      expect(ids(page)).toContain(memberX.id);
      for (const item of page.body.items as object[]) {
        expect(item).not.toHaveProperty('email');
        expect(item).not.toHaveProperty('phone');
      }
      expect(JSON.stringify(page.body)).not.toContain('member.x@example.org');
    });

    it('are absent for a secretary who only shares another kind of seat with the person', async () => {
      // A secretary-role user who sits on Y only as an observer is not Y's secretary.
      const { user } = await seatedUser(t, f, 'secretary', sy.id, y.id, 'observer');
      const res = await get(user, memberY.id);
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('email');
      expect(res.body).not.toHaveProperty('phone');
      // Seeing is not editing.
      expectProblem(
        await t.http().patch(`/api/v1/people/${memberY.id}`).set(user.headers).send({ rankTitle: 'Colonel' }),
        403,
      );
    });
  });

  /**
   * Contact details (e-mail, phone) of people go only to admins and to the secretaries of the
   * person's committees (README, "Committee registry"). Seeing a person is not seeing how to
   * reach them: a liaison officer, an analyst, and a secretary of another committee see the
   * record without them.
   */
  describe('who sees contact details, with two committees', () => {
    let lb: Ref, sy: Ref;
    /** The secretary is X's secretary and only an observer on Y. */
    let x: Ref, y: Ref;
    let secretary: Actor;
    let liaison: Actor;
    let analyst: Actor;
    let memberX: Ref, memberY: Ref;
    let word: string;

    beforeAll(async () => {
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

  it("lets a secretary create people of their committee's parties (201) but not of another party (403)", async () => {
    const body = { nameEn: 'New Delegate', nameAr: 'مندوب جديد', email: 'new.delegate@example.org' };
    const own = await t
      .http()
      .post('/api/v1/people')
      .set(secretary.headers)
      .send({ ...body, partyId: sy.id });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ partyId: sy.id, nameEn: 'New Delegate' });

    const foreign = await t
      .http()
      .post('/api/v1/people')
      .set(secretary.headers)
      .send({ ...body, partyId: other.id });
    expectProblem(foreign, 403);
    expect(ids(await list(admin, { partyId: other.id }))).toEqual([]);

    for (const caller of [liaison, analyst, apiClient]) {
      expectProblem(
        await t
          .http()
          .post('/api/v1/people')
          .set(caller.headers)
          .send({ ...body, partyId: lb.id }),
        403,
      );
    }
  });

  it('lets a secretary edit a member of their committee, and answers 404 for a person outside it', async () => {
    const ok = await t
      .http()
      .patch(`/api/v1/people/${memberX.id}`)
      .set(secretary.headers)
      .send({ rankTitle: 'Colonel' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: memberX.id, rankTitle: 'Colonel', version: (memberX.version as number) + 1 });

    const outside = await t
      .http()
      .patch(`/api/v1/people/${memberY.id}`)
      .set(secretary.headers)
      .send({ rankTitle: 'Colonel' });
    expectProblem(outside, 404);
    expectProblem(await get(secretary, memberY.id), 404);
    expect((await get(admin, memberY.id)).body.rankTitle).toBe(memberY.rankTitle ?? null);
    expect(ids(await list(secretary, { limit: 200 }))).not.toContain(memberY.id);
    expect(ids(await list(secretary, { limit: 200 }))).toContain(memberX.id);

    // The liaison officer sees the member but may not edit (the role may not write people).
    expectProblem(
      await t.http().patch(`/api/v1/people/${memberX.id}`).set(liaison.headers).send({ rankTitle: 'Major' }),
      403,
    );
  });

  it('answers 404 to the liaison officer of X for a person only in Y, and lists only what they may see', async () => {
    expect((await get(liaison, memberX.id)).status).toBe(200);
    expect((await get(liaison, secretaryPerson.id)).status).toBe(200);
    expectProblem(await get(liaison, memberY.id), 404);
    const page = await list(liaison, { limit: 200 });
    expect(ids(page)).toContain(memberX.id);
    expect(ids(page)).not.toContain(memberY.id);
    expect(ids(await list(liaison, { committeeId: y.id }))).toEqual([]);
    // Y has members; the liaison officer of X just may not see them.
    expect(ids(await list(admin, { committeeId: y.id }))).toContain(memberY.id);
  });

  it('refuses to delete a person with memberships (409 naming them) and deletes one without (204)', async () => {
    const res = await t.http().delete(`/api/v1/people/${memberY.id}`).set(admin.headers);
    expectProblem(res, 409);
    expect(res.body.detail).toMatch(/membership/i);
    expect((await get(admin, memberY.id)).status).toBe(200);

    const loose = await f.person(other.id);
    expect((await t.http().delete(`/api/v1/people/${loose.id}`).set(admin.headers)).status).toBe(204);
    expectProblem(await get(admin, loose.id), 404);

    expectProblem(await t.http().delete(`/api/v1/people/${memberX.id}`).set(secretary.headers), 403);
  });

  describe('a co-chair is a secretary seat', () => {
    it('sees contact details, adds people of its committee’s parties and edits its committee’s members', async () => {
      const { user: coChair } = await seatedUser(t, f, 'secretary', sy.id, x.id, 'co_chair');
      const seen = await t.http().get(`/api/v1/people/${memberX.id}`).set(coChair.headers);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ email: 'member.x@example.org', phone: '+963 11 555 0101' });
      const added = await t
        .http()
        .post('/api/v1/people')
        .set(coChair.headers)
        .send({ partyId: lb.id, nameEn: 'Added By Co-chair', nameAr: 'أضافه رئيس مشارك' });
      expect(added.status).toBe(201);
      const edited = await t
        .http()
        .patch(`/api/v1/people/${memberX.id}`)
        .set(coChair.headers)
        .send({ rankTitle: 'Colonel' });
      expect(edited.status).toBe(200);
      expect(edited.body.rankTitle).toBe('Colonel');
    });

    it('a liaison officer of the same committee does none of it', async () => {
      const seen = await t.http().get(`/api/v1/people/${memberX.id}`).set(liaison.headers);
      expect(seen.status).toBe(200);
      expect(seen.body).not.toHaveProperty('email');
      const edited = await t
        .http()
        .patch(`/api/v1/people/${memberX.id}`)
        .set(liaison.headers)
        .send({ rankTitle: 'General' });
      expectProblem(edited, 403, 'FORBIDDEN');
    });
  });

  describe('paging', () => {
    it('people: six with the same name, by nameEn and -nameEn', async () => {
      const p = await f.party();
      const rows: PagedRow[] = [];
      for (let i = 0; i < 6; i++)
        rows.push({ id: (await f.person(p.id, { nameEn: 'Same Name' })).id, key: 'Same Name' });
      rows.push({ id: (await f.person(p.id, { nameEn: 'Another Name' })).id, key: 'Another Name' });
      await expectPaged(t, admin, '/people', { partyId: p.id }, 'nameEn', rows);
    });
  });
});
