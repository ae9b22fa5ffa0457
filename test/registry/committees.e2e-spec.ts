import { randomBytes } from 'node:crypto';
import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { WorkFactory } from '../support/work-factory.js';
import { expectInvalid, expectProblem } from '../support/problems.js';
import { errorFields, ids, seatedUser, todayIn, uniqueWord } from '../support/helpers.js';
import { expectPaged, type PagedRow } from '../support/paging.js';

const NOWHERE = '00000000-0000-4000-8000-000000000000';

describe('committees', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let lb: Ref, sy: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    [lb, sy] = [await f.party(), await f.party()];
  });
  afterAll(() => t.close());

  const newCode = () => `C-${randomBytes(3).toString('hex').toUpperCase()}`;
  const create = (body: object) => t.http().post('/api/v1/committees').set(admin.headers).send(body);
  const get = (caller: Actor, id: string) => t.http().get(`/api/v1/committees/${id}`).set(caller.headers);
  const list = (caller: Actor, query: Record<string, string | number> = {}) =>
    t.http().get('/api/v1/committees').query(query).set(caller.headers);
  const patch = (id: string, body: object, ifMatch?: string) => {
    const req = t.http().patch(`/api/v1/committees/${id}`).set(admin.headers);
    return ifMatch === undefined ? req.send(body) : req.set('if-match', ifMatch).send(body);
  };

  describe('create', () => {
    it('creates a committee of two parties (201), proposed by default, served with an ETag', async () => {
      const area = await f.issueArea();
      const body = {
        code: newCode(),
        nameEn: 'Joint Committee on Narcotics',
        nameAr: 'اللجنة المشتركة لمكافحة المخدرات',
        mandate: 'Dismantle trafficking networks',
        partyIds: [lb.id, sy.id],
        issueAreaIds: [area.id],
      };
      const res = await create(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        code: body.code,
        nameEn: body.nameEn,
        nameAr: body.nameAr,
        mandate: body.mandate,
        status: 'proposed',
        establishedOn: null,
        dissolvedOn: null,
        timeZone: 'Asia/Beirut',
        version: 1,
      });
      expect((res.body.parties as Ref[]).map((p) => p.id).sort()).toEqual([lb.id, sy.id].sort());
      expect(res.body.issueAreas).toEqual([{ id: area.id, code: area.code, nameEn: area.nameEn, nameAr: area.nameAr }]);

      const read = await get(admin, res.body.id);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
      expect(read.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      expect((await get(admin, res.body.id).set('if-none-match', read.headers.etag as string)).status).toBe(304);
    });

    it('sets establishedOn to today when created active', async () => {
      const res = await create({
        code: newCode(),
        nameEn: 'Active',
        nameAr: 'نشطة',
        partyIds: [lb.id, sy.id],
        status: 'active',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'active', establishedOn: todayIn('Asia/Beirut') });
    });

    it.each([
      ['one party', () => [lb.id]],
      ['the same party twice', () => [lb.id, lb.id]],
      ['an unknown party', () => [lb.id, NOWHERE]],
      ['no parties', () => []],
    ])('refuses %s (400 naming partyIds)', async (_case, partyIds) => {
      const code = newCode();
      const res = await create({ code, nameEn: 'Lonely', nameAr: 'وحيدة', partyIds: partyIds() });
      expectProblem(res, 400);
      expect(errorFields(res)).toContain('partyIds');
      expect(ids(await list(admin, { q: code }))).toEqual([]);
    });

    it('refuses an unknown issue area, an unknown field and a created-dissolved status (400), and a duplicate code (409)', async () => {
      const base = { code: newCode(), nameEn: 'Checks', nameAr: 'فحوص', partyIds: [lb.id, sy.id] };
      const area = await create({ ...base, issueAreaIds: [NOWHERE] });
      expectProblem(area, 400);
      expect(errorFields(area)).toEqual(['issueAreaIds']);
      const unknown = await create({ ...base, chair: 'someone' });
      expectProblem(unknown, 400);
      expect(errorFields(unknown)).toEqual(['chair']);
      const dissolved = await create({ ...base, status: 'dissolved' });
      expectProblem(dissolved, 400);
      expect(errorFields(dissolved)).toEqual(['status']);

      expect((await create(base)).status).toBe(201);
      const again = await create({ ...base, nameEn: 'Twin' });
      expectProblem(again, 409);
      expect(errorFields(again)).toEqual(['code']);
    });

    it('is for admins only (403)', async () => {
      const { user } = await seatedUser(t, f, 'secretary', lb.id, (await f.committee([lb.id, sy.id])).id);
      for (const caller of [user, await createUser(t, 'analyst'), await createUser(t, 'liaison_officer')]) {
        expectProblem(
          await t
            .http()
            .post('/api/v1/committees')
            .set(caller.headers)
            .send({ code: newCode(), nameEn: 'No', nameAr: 'لا', partyIds: [lb.id, sy.id] }),
          403,
        );
      }
    });
  });

  it('filters the list by status, partyId, issueAreaId, q and updatedSince', async () => {
    const [p1, p2, p3] = [await f.party(), await f.party(), await f.party()];
    const area = await f.issueArea();
    const word = uniqueWord();
    const c1 = await f.committee([p1.id, p2.id], {
      status: 'proposed',
      issueAreaIds: [area.id],
      mandate: `Watch ${word}`,
    });
    const c2 = await f.committee([p2.id, p3.id]);
    const c3 = await f.committee([p1.id, p3.id]);
    expect((await patch(c3.id, { status: 'suspended' })).status).toBe(200);

    expect(ids(await list(admin, { partyId: p1.id })).sort()).toEqual([c1.id, c3.id].sort());
    expect(ids(await list(admin, { partyId: p3.id })).sort()).toEqual([c2.id, c3.id].sort());
    expect(ids(await list(admin, { issueAreaId: area.id }))).toEqual([c1.id]);
    expect(ids(await list(admin, { partyId: p1.id, status: 'suspended' }))).toEqual([c3.id]);
    expect(ids(await list(admin, { partyId: p1.id, status: 'proposed' }))).toEqual([c1.id]);
    expect(ids(await list(admin, { partyId: p2.id, status: 'active' }))).toEqual([c2.id]);
    const suspended = await list(admin, { status: 'suspended', limit: 200 });
    expect(ids(suspended)).toContain(c3.id);
    expect((suspended.body.items as { status: string }[]).every((c) => c.status === 'suspended')).toBe(true);
    expect(ids(await list(admin, { q: word }))).toEqual([c1.id]);

    const since = ids(await list(admin, { partyId: p1.id, updatedSince: c2.updatedAt as string }));
    expect(since).toEqual([c3.id]);

    for (const [name, value] of [
      ['status', 'closed'],
      ['partyId', 'LB'],
      ['issueAreaId', '42'],
      ['updatedSince', 'last week'],
    ]) {
      const bad = await list(admin, { [name!]: value! });
      expectProblem(bad, 400);
      expect(errorFields(bad)).toEqual([name]);
    }
    const badSort = await list(admin, { sort: 'status' });
    expectProblem(badSort, 400);
    expect(errorFields(badSort)).toEqual(['sort']);
  });

  it('walks all committees page by page without duplicates', async () => {
    const word = uniqueWord();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await f.committee([lb.id, sy.id], { nameEn: `Paged ${word}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(admin, { q: word, limit: 2, sort: '-createdAt', ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...ids(res));
      cursor = res.body.nextCursor as string | null;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([...made].reverse());
  });

  describe('status workflow', () => {
    it('proposed → active (sets establishedOn) → suspended → active → dissolved (sets dissolvedOn)', async () => {
      const c = await f.committee([lb.id, sy.id], { status: 'proposed' });
      expect(c.establishedOn).toBeNull();
      const today = todayIn('Asia/Beirut');

      const active = await patch(c.id, { status: 'active' });
      expect(active.status).toBe(200);
      expect(active.body).toMatchObject({ status: 'active', establishedOn: today, dissolvedOn: null, version: 2 });

      const suspended = await patch(c.id, { status: 'suspended' });
      expect(suspended.body).toMatchObject({ status: 'suspended', establishedOn: today, version: 3 });

      const resumed = await patch(c.id, { status: 'active' });
      expect(resumed.body).toMatchObject({ status: 'active', establishedOn: today, version: 4 });

      const dissolved = await patch(c.id, { status: 'dissolved' });
      expect(dissolved.status).toBe(200);
      expect(dissolved.body).toMatchObject({
        status: 'dissolved',
        establishedOn: today,
        dissolvedOn: today,
        version: 5,
      });
    });

    it("dates the moves in the committee's time zone", async () => {
      // A zone whose date differs from UTC's right now (Kiritimati is UTC+14, Pago Pago UTC−11).
      const zone = todayIn('Pacific/Kiritimati') !== todayIn('UTC') ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
      expect(todayIn(zone)).not.toBe(todayIn('UTC'));
      const c = await f.committee([lb.id, sy.id], { status: 'proposed', timeZone: zone });
      expect(c.timeZone).toBe(zone);
      expect((await patch(c.id, { status: 'active' })).body).toMatchObject({ establishedOn: todayIn(zone) });
      expect((await patch(c.id, { status: 'dissolved' })).body).toMatchObject({ dissolvedOn: todayIn(zone) });
      const born = await f.committee([lb.id, sy.id], { status: 'active', timeZone: zone });
      expect(born.establishedOn).toBe(todayIn(zone));
    });

    it('keeps an establishedOn given at creation when the committee becomes active', async () => {
      const c = await f.committee([lb.id, sy.id], { status: 'proposed', establishedOn: '2025-10-20' });
      const active = await patch(c.id, { status: 'active' });
      expect(active.body).toMatchObject({ status: 'active', establishedOn: '2025-10-20' });
    });

    it('a dissolved committee cannot become active again (409 with currentState and allowedTransitions)', async () => {
      const c = await f.committee([lb.id, sy.id]);
      expect((await patch(c.id, { status: 'dissolved' })).status).toBe(200);
      const res = await patch(c.id, { status: 'active' });
      expectProblem(res, 409);
      expect(res.body).toMatchObject({ currentState: 'dissolved', allowedTransitions: [] });
      expect((await get(admin, c.id)).body).toMatchObject({ status: 'dissolved', version: 2 });
    });

    it('a proposed committee cannot be suspended (409 with currentState and allowedTransitions)', async () => {
      const c = await f.committee([lb.id, sy.id], { status: 'proposed' });
      const res = await patch(c.id, { status: 'suspended' });
      expectProblem(res, 409);
      expect(res.body.currentState).toBe('proposed');
      expect([...(res.body.allowedTransitions as string[])].sort()).toEqual(['active', 'dissolved']);
      expect((await get(admin, c.id)).body).toMatchObject({ status: 'proposed', version: 1 });
    });

    it('refuses an unknown status (400)', async () => {
      const c = await f.committee([lb.id, sy.id]);
      const res = await patch(c.id, { status: 'paused' });
      expectProblem(res, 400);
      expect(errorFields(res)).toEqual(['status']);
    });

    it('takes no new work in a dissolved committee', async () => {
      const w = new WorkFactory(t, await createUser(t, 'secretary'), f);
      const officer = await f.person(lb.id);
      const closing = await f.committee([lb.id, sy.id]);
      await w.seatSecretary(closing.id, lb.id);
      expect(
        (await t.http().patch(`/api/v1/committees/${closing.id}`).set(admin.headers).send({ status: 'dissolved' }))
          .status,
      ).toBe(200);
      for (const [path, body] of [
        ['meetings', { startsAt: '2025-10-31T10:00:00+02:00', place: 'Beirut' }],
        ['commitments', { title: 'x', ownerPartyId: lb.id }],
        ['assignments', { title: 'x', assigneeIds: [officer.id] }],
      ] as const) {
        const res = await t.http().post(`/api/v1/committees/${closing.id}/${path}`).set(w.secretary.headers).send(body);
        expectProblem(res, 409);
        expect(res.body.currentState).toBe('dissolved');
      }
    });
  });

  it('updates with the current If-Match (200) and refuses a stale one (412 with the current ETag)', async () => {
    const c = await f.committee([lb.id, sy.id]);
    const first = (await get(admin, c.id)).headers.etag as string;
    const ok = await patch(c.id, { mandate: 'Revised mandate' }, first);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ mandate: 'Revised mandate', version: 2 });
    const second = (await get(admin, c.id)).headers.etag as string;
    expect(ok.headers.etag).toBe(second);
    expect(second).not.toBe(first);

    const stale = await patch(c.id, { mandate: 'Lost update' }, first);
    expectProblem(stale, 412);
    expect(stale.headers.etag).toBe(second);
    expect((await get(admin, c.id)).body).toMatchObject({ mandate: 'Revised mandate', version: 2 });

    const oneParty = await patch(c.id, { partyIds: [lb.id] }, second);
    expectProblem(oneParty, 400);
    expect(errorFields(oneParty)).toEqual(['partyIds']);
  });

  it('a party with active members cannot leave the committee (409) until their memberships end', async () => {
    const third = await f.party();
    const c = await f.committee([lb.id, sy.id, third.id]);
    const seat = await f.member(c.id, (await f.person(third.id)).id, 'member');
    const res = await patch(c.id, { partyIds: [lb.id, sy.id] });
    expectProblem(res, 409);
    expect(res.body.detail).toContain(third.code as string);
    expect(((await get(admin, c.id)).body.parties as Ref[]).map((p) => p.id)).toContain(third.id);

    expect((await t.http().delete(`/api/v1/committees/${c.id}/members/${seat.id}`).set(admin.headers)).status).toBe(
      204,
    );
    const ok = await patch(c.id, { partyIds: [lb.id, sy.id] });
    expect(ok.status).toBe(200);
    expect((ok.body.parties as Ref[]).map((p) => p.id).sort()).toEqual([lb.id, sy.id].sort());
  });

  describe('scope', () => {
    let x: Ref, y: Ref, ended: Ref;
    let secretary: Actor;

    beforeAll(async () => {
      x = await f.committee([lb.id, sy.id]);
      y = await f.committee([lb.id, sy.id]);
      ended = await f.committee([lb.id, sy.id]);
      const seated = await seatedUser(t, f, 'secretary', lb.id, x.id);
      secretary = seated.user;
      // The same person once sat on `ended`; that seat is over.
      const past = await f.member(ended.id, seated.person.id, 'secretary');
      expect(
        (await t.http().delete(`/api/v1/committees/${ended.id}/members/${past.id}`).set(admin.headers)).status,
      ).toBe(204);
    });

    it('a secretary lists only the committees where they hold an active membership, and gets 404 on others', async () => {
      const res = await list(secretary, { limit: 200 });
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([x.id]);
      expect(ids(await list(secretary, { partyId: lb.id, limit: 200 }))).toEqual([x.id]);
      expect((await get(secretary, x.id)).status).toBe(200);
      expectProblem(await get(secretary, y.id), 404);
      expectProblem(await get(secretary, ended.id), 404);
      expectProblem(
        await t.http().patch(`/api/v1/committees/${x.id}`).set(secretary.headers).send({ mandate: 'x' }),
        403,
      );
    });

    it('a liaison officer sees only their committee; a user with no person sees none; an analyst sees all', async () => {
      const { user: liaison } = await seatedUser(t, f, 'liaison_officer', sy.id, y.id);
      expect(ids(await list(liaison, { limit: 200 }))).toEqual([y.id]);
      expectProblem(await get(liaison, x.id), 404);

      const unlinked = await createUser(t, 'secretary');
      expect(ids(await list(unlinked, { limit: 200 }))).toEqual([]);
      expectProblem(await get(unlinked, x.id), 404);

      const analyst = await createUser(t, 'analyst');
      expect(ids(await list(analyst, { limit: 200 }))).toEqual(expect.arrayContaining([x.id, y.id, ended.id]));
      expect((await get(analyst, y.id)).status).toBe(200);
    });

    it('an API client scoped to one committee lists only that one and gets 404 on another', async () => {
      const created = await t
        .http()
        .post('/api/v1/api-clients')
        .set(admin.headers)
        .send({ name: 'X reporting', committeeIds: [x.id] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ allCommittees: false, committeeIds: [x.id], key: expect.any(String) });
      const client: Actor = {
        id: created.body.id as string,
        email: '',
        headers: { 'x-api-key': created.body.key as string },
      };

      const res = await t.http().get('/api/v1/committees').query({ limit: 200 }).set(client.headers);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([x.id]);
      expect((await get(client, x.id)).status).toBe(200);
      expectProblem(await get(client, y.id), 404);
      expectProblem(
        await t
          .http()
          .post('/api/v1/committees')
          .set(client.headers)
          .send({ code: newCode(), nameEn: 'No', nameAr: 'لا', partyIds: [lb.id, sy.id] }),
        403,
      );
      expectProblem(await t.http().patch(`/api/v1/committees/${x.id}`).set(client.headers).send({ mandate: 'x' }), 403);
    });
  });

  describe('paging and bad list queries', () => {
    it('committees: five with the same name, between two others, by nameEn and -nameEn', async () => {
      const [p, q] = [await f.party(), await f.party()];
      const rows: PagedRow[] = [];
      for (const nameEn of ['Alpha Committee', 'Tied Committee', 'Tied Committee', 'Tied Committee']) {
        rows.push({ id: (await f.committee([p.id, q.id], { nameEn })).id, key: nameEn });
      }
      for (const nameEn of ['Tied Committee', 'Tied Committee', 'Zulu Committee']) {
        rows.push({ id: (await f.committee([p.id, q.id], { nameEn })).id, key: nameEn });
      }
      expect(rows.filter((r) => r.key === 'Tied Committee')).toHaveLength(5);
      await expectPaged(t, admin, '/committees', { partyId: p.id }, 'nameEn', rows);
    });

    it('refuses the malformed query /api/v1/committees?updatedSince=2025-W44', async () => {
      expectInvalid(await t.http().get('/api/v1/committees?updatedSince=2025-W44').set(admin.headers), 'updatedSince');
    });

    it('answers tampered cursors with 400', async () => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const id = '7d7a1e0e-6f1c-4a39-9e0b-0c6f6a0f7f11';
      for (const cursor of [
        b64({ s: '-createdAt', v: 'garbage', id }),
        b64({ s: '-createdAt', v: '2025-02-30 10:00:00+00', id }),
        b64({ s: '-createdAt', v: '2025-10-01 10:00:00+00', id: '------------------------------------' }),
        b64({ s: 'code', v: 'a\u0000', id }),
      ]) {
        expectInvalid(
          await t.http().get(`/api/v1/committees?sort=-createdAt&cursor=${cursor}`).set(admin.headers),
          'cursor',
        );
      }
      expectInvalid(await t.http().get('/api/v1/audit?cursor=9999999999999999999').set(admin.headers), 'cursor');
    });
  });

  describe('time zone', () => {
    it('stores zones under the canonical name both Node and PostgreSQL know, and refuses the rest', async () => {
      const c = await f.committee([lb.id, sy.id]);
      const { user: secretary } = await seatedUser(t, f, 'secretary', lb.id, c.id);
      const patch = (timeZone: string) =>
        t.http().patch(`/api/v1/committees/${c.id}`).set(admin.headers).send({ timeZone });
      expectInvalid(await patch('Mars/Olympus'), 'timeZone');
      expectInvalid(await patch('Beirut'), 'timeZone');
      // Node alone knows this old alias; it is stored as the zone it stands for.
      expect((await patch('US/Pacific-New')).body.timeZone).toBe('America/Los_Angeles');
      expect((await patch('asia/beirut')).body.timeZone).toBe('Asia/Beirut');
      expect((await t.http().get('/api/v1/me').set(secretary.headers)).status).toBe(200);
      expect(
        (await t.http().get(`/api/v1/committees/${c.id}/commitments?overdue=true`).set(secretary.headers)).status,
      ).toBe(200);
    });
  });
});
