import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createTestDatabase, sql } from '../support/test-database.js';
import { expectProblem } from '../support/problems.js';
import { errorFields, ids, seatedUser, todayIn } from '../support/helpers.js';
import { expectPaged, type PagedRow } from '../support/paging.js';

describe('memberships', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let lb: Ref, sy: Ref, other: Ref;
  /** The secretary and the liaison officer sit on X, not on Y. */
  let x: Ref, y: Ref;
  let secretary: Actor;
  let liaison: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    [lb, sy, other] = [await f.party(), await f.party(), await f.party()];
    x = await f.committee([lb.id, sy.id]);
    y = await f.committee([lb.id, sy.id]);
    ({ user: secretary } = await seatedUser(t, f, 'secretary', lb.id, x.id));
    ({ user: liaison } = await seatedUser(t, f, 'liaison_officer', sy.id, x.id));
  });
  afterAll(() => t.close());

  const members = (committee: Ref) => `/api/v1/committees/${committee.id}/members`;
  const add = (committee: Ref, body: object, caller: Actor = admin) =>
    t
      .http()
      .post(members(committee))
      .set(caller.headers)
      .send({ startOn: '2025-10-01', ...body });
  const end = (committee: Ref, membershipId: string, caller: Actor = admin) =>
    t
      .http()
      .delete(`${members(committee)}/${membershipId}`)
      .set(caller.headers);
  const getOne = (committee: Ref, membershipId: string, caller: Actor = admin) =>
    t
      .http()
      .get(`${members(committee)}/${membershipId}`)
      .set(caller.headers);
  const list = (committee: Ref, query: Record<string, string | number | boolean> = {}, caller: Actor = admin) =>
    t.http().get(members(committee)).query(query).set(caller.headers);

  it('adds a member (201) and serves the membership with an ETag', async () => {
    const person = await f.person(sy.id);
    const res = await add(x, { personId: person.id, role: 'member' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      committeeId: x.id,
      personId: person.id,
      partyId: sy.id,
      role: 'member',
      startOn: '2025-10-01',
      endOn: null,
      active: true,
      person: { id: person.id, nameEn: person.nameEn, nameAr: person.nameAr },
      version: 1,
    });
    const read = await getOne(x, res.body.id);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(ids(await list(x, { limit: 200 }))).toContain(res.body.id);
    // The membership belongs to X: it is not found under Y.
    expectProblem(await getOne(y, res.body.id), 404);
  });

  it("refuses a member whose party is not one of the committee's parties (409)", async () => {
    const outsider = await f.person(other.id);
    const res = await add(x, { personId: outsider.id, role: 'observer' });
    expectProblem(res, 409);
    expect(errorFields(res)).toEqual(['personId']);
    expect(ids(await list(x, { limit: 200, role: 'observer' }))).toEqual([]);

    const unknown = await add(x, { personId: '00000000-0000-4000-8000-000000000000', role: 'member' });
    expectProblem(unknown, 400);
    expect(errorFields(unknown)).toEqual(['personId']);
  });

  it('allows one active co-chair per party: a second of the same party is 409, one of the other party 201, and a new one after the first ends 201', async () => {
    const c = await f.committee([lb.id, sy.id]);
    const [lb1, lb2, lb3, sy1] = [
      await f.person(lb.id),
      await f.person(lb.id),
      await f.person(lb.id),
      await f.person(sy.id),
    ];

    const first = await add(c, { personId: lb1.id, role: 'co_chair' });
    expect(first.status).toBe(201);
    const second = await add(c, { personId: lb2.id, role: 'co_chair' });
    expectProblem(second, 409);
    const otherSide = await add(c, { personId: sy1.id, role: 'co_chair' });
    expect(otherSide.status).toBe(201);

    // Promoting a member of the same party is the same conflict.
    const member = await add(c, { personId: lb3.id, role: 'member' });
    expect(member.status).toBe(201);
    expectProblem(
      await t
        .http()
        .patch(`${members(c)}/${member.body.id}`)
        .set(admin.headers)
        .send({ role: 'co_chair' }),
      409,
    );

    expect((await end(c, first.body.id)).status).toBe(204);
    const replacement = await add(c, { personId: lb2.id, role: 'co_chair' });
    expect(replacement.status).toBe(201);
    expectProblem(await add(c, { personId: lb3.id, role: 'co_chair' }), 409);

    const coChairs = await list(c, { role: 'co_chair', active: true });
    expect(ids(coChairs).sort()).toEqual([replacement.body.id, otherSide.body.id].sort());
  });

  it('an ended co-chair cannot be reopened while the party has another active co-chair (409)', async () => {
    const c = await f.committee([lb.id, sy.id]);
    const first = await add(c, { personId: (await f.person(lb.id)).id, role: 'co_chair' });
    expect((await end(c, first.body.id)).status).toBe(204);
    const second = await add(c, { personId: (await f.person(lb.id)).id, role: 'co_chair' });
    expect(second.status).toBe(201);
    const reopen = (body: object) =>
      t
        .http()
        .patch(`${members(c)}/${first.body.id}`)
        .set(admin.headers)
        .send(body);
    expectProblem(await reopen({ endOn: null }), 409);
    expectProblem(await reopen({ endOn: '2099-12-31' }), 409);
    const active = await list(c, { role: 'co_chair', active: true });
    expect(ids(active)).toEqual([second.body.id]);
  });

  it('a dissolved committee accepts no new members (409)', async () => {
    const c = await f.committee([lb.id, sy.id]);
    const before = await add(c, { personId: (await f.person(lb.id)).id, role: 'member' });
    expect(before.status).toBe(201);
    const dissolved = await t
      .http()
      .patch(`/api/v1/committees/${c.id}`)
      .set(admin.headers)
      .send({ status: 'dissolved' });
    expect(dissolved.status).toBe(200);
    const res = await add(c, { personId: (await f.person(lb.id)).id, role: 'member' });
    expectProblem(res, 409);
    expect(ids(await list(c, { limit: 200 }))).toEqual([before.body.id]);
  });

  it('the same person cannot hold the same role twice (409), but may hold another role', async () => {
    const person = await f.person(lb.id);
    expect((await add(x, { personId: person.id, role: 'member' })).status).toBe(201);
    expectProblem(await add(x, { personId: person.id, role: 'member', startOn: '2025-11-01' }), 409);
    const observer = await add(x, { personId: person.id, role: 'observer' });
    expect(observer.status).toBe(201);
    const rows = await sql(t.db.url, `SELECT role FROM memberships WHERE person_id = $1 ORDER BY role`, [person.id]);
    expect(rows.map((r) => r.role as string)).toEqual(['member', 'observer']);
  });

  it('changing a seat into a role the person already holds is the same conflict (409)', async () => {
    const person = await f.person(lb.id);
    expect((await add(x, { personId: person.id, role: 'member' })).status).toBe(201);
    const observer = await add(x, { personId: person.id, role: 'observer' });
    expect(observer.status).toBe(201);
    const res = await t
      .http()
      .patch(`${members(x)}/${observer.body.id}`)
      .set(admin.headers)
      .send({ role: 'member' });
    expectProblem(res, 409);
    const rows = await sql(t.db.url, `SELECT role FROM memberships WHERE person_id = $1 ORDER BY role`, [person.id]);
    expect(rows.map((r) => r.role as string)).toEqual(['member', 'observer']);
  });

  describe('endOn before startOn is 400 naming endOn', () => {
    it('on create (and a malformed date is 400 naming the field)', async () => {
      const person = await f.person(sy.id);
      const res = await add(x, { personId: person.id, role: 'member', startOn: '2025-10-10', endOn: '2025-10-09' });
      expectProblem(res, 400);
      expect(errorFields(res)).toEqual(['endOn']);
      const badDate = await add(x, { personId: person.id, role: 'member', startOn: '10/10/2025' });
      expectProblem(badDate, 400);
      expect(errorFields(badDate)).toEqual(['startOn']);
      const rows = await sql(t.db.url, `SELECT 1 FROM memberships WHERE person_id = $1`, [person.id]);
      expect(rows).toEqual([]);
    });

    it('on update of endOn alone', async () => {
      const ok = await add(x, { personId: (await f.person(sy.id)).id, role: 'member', startOn: '2025-10-10' });
      expect(ok.status).toBe(201);
      const patched = await t
        .http()
        .patch(`${members(x)}/${ok.body.id}`)
        .set(admin.headers)
        .send({ endOn: '2025-01-01' });
      expectProblem(patched, 400);
      expect(errorFields(patched)).toEqual(['endOn']);
      expect((await getOne(x, ok.body.id)).body).toMatchObject({ endOn: null, version: 1 });
    });

    it('on update of startOn alone, past the end', async () => {
      const bounded = await add(x, {
        personId: (await f.person(sy.id)).id,
        role: 'observer',
        startOn: '2025-10-10',
        endOn: '2025-10-20',
      });
      expect(bounded.status).toBe(201);
      const late = await t
        .http()
        .patch(`${members(x)}/${bounded.body.id}`)
        .set(admin.headers)
        .send({ startOn: '2025-10-21' });
      expectProblem(late, 400);
      expect(errorFields(late)).toEqual(['endOn']);
      expect((await getOne(x, bounded.body.id)).body).toMatchObject({ startOn: '2025-10-10', endOn: '2025-10-20' });
    });
  });

  describe("who manages a committee's members", () => {
    it("the committee's secretary adds (201) and ends (204) members of their own party's delegation", async () => {
      const person = await f.person(lb.id);
      const res = await add(x, { personId: person.id, role: 'liaison_officer' }, secretary);
      expect(res.status).toBe(201);
      expect((await end(x, res.body.id, secretary)).status).toBe(204);
      expect((await getOne(x, res.body.id, secretary)).body.active).toBe(false);
    });

    it("a secretary cannot seat, change or end the other party's members, nor their own seat (403)", async () => {
      const syPerson = await f.person(sy.id);
      expectProblem(await add(x, { personId: syPerson.id, role: 'co_chair' }, secretary), 403);
      const seated = await add(x, { personId: syPerson.id, role: 'member' });
      expect(seated.status).toBe(201);
      expectProblem(await end(x, seated.body.id, secretary), 403);
      const promote = await t
        .http()
        .patch(`${members(x)}/${seated.body.id}`)
        .set(secretary.headers)
        .send({ role: 'co_chair' });
      expectProblem(promote, 403);
      expect((await getOne(x, seated.body.id)).body).toMatchObject({ active: true, role: 'member' });
      const mine = (await list(x, { role: 'secretary' })).body.items as { id: string; partyId: string }[];
      const own = mine.find((m) => m.partyId === lb.id)!;
      expectProblem(
        await t
          .http()
          .patch(`${members(x)}/${own.id}`)
          .set(secretary.headers)
          .send({ endOn: null }),
        403,
      );
      expectProblem(await end(x, own.id, secretary), 403);
    });

    it("the secretary of X gets 404 on Y's members", async () => {
      const inY = await add(y, { personId: (await f.person(lb.id)).id, role: 'member' });
      expect(inY.status).toBe(201);
      expectProblem(await add(y, { personId: (await f.person(lb.id)).id, role: 'member' }, secretary), 404);
      expectProblem(await list(y, {}, secretary), 404);
      expectProblem(await getOne(y, inY.body.id, secretary), 404);
      expectProblem(await end(y, inY.body.id, secretary), 404);
      expectProblem(
        await t
          .http()
          .patch(`${members(y)}/${inY.body.id}`)
          .set(secretary.headers)
          .send({ role: 'observer' }),
        404,
      );
      expect((await getOne(y, inY.body.id)).body).toMatchObject({ active: true, role: 'member' });
    });

    it('a liaison officer of X sees its members but may not change them (403)', async () => {
      expect((await list(x, {}, liaison)).status).toBe(200);
      expectProblem(await add(x, { personId: (await f.person(sy.id)).id, role: 'member' }, liaison), 403);
      const target = await add(x, { personId: (await f.person(sy.id)).id, role: 'member' });
      expectProblem(await end(x, target.body.id, liaison), 403);
      expect((await getOne(x, target.body.id)).body.active).toBe(true);
      expectProblem(await list(y, {}, liaison), 404);
    });
  });

  /**
   * "Each side seats its own delegation" (README, "Committee registry"): a secretary or a
   * co-chair manages the seats of their own party only, never their own seat; admins manage
   * every seat. Here from a co-chair's side, on a committee of three parties.
   */
  describe('each side seats its own delegation (a co-chair)', () => {
    let lb: Ref, sy: Ref, jo: Ref;
    let committee: Ref;
    let coChairSY: Actor;
    let coChairSeat: Ref;
    let secretarySY: Actor;

    beforeAll(async () => {
      [lb, sy, jo] = [await f.party(), await f.party(), await f.party()];
      committee = await f.committee([lb.id, sy.id, jo.id]);
      const coChairPerson = await f.person(sy.id);
      coChairSeat = await f.member(committee.id, coChairPerson.id, 'co_chair');
      coChairSY = await createUser(t, 'secretary', { personId: coChairPerson.id });
      const secretaryPerson = await f.person(sy.id);
      await f.member(committee.id, secretaryPerson.id, 'secretary');
      secretarySY = await createUser(t, 'secretary', { personId: secretaryPerson.id });
    });

    const path = () => `/api/v1/committees/${committee.id}/members`;
    // Unlike the file's add and end, these take the caller first.
    const addAs = (caller: Actor, personId: string, role = 'member') =>
      t.http().post(path()).set(caller.headers).send({ personId, role, startOn: '2025-10-01' });
    const patchAs = (caller: Actor, id: string, body: object) =>
      t.http().patch(`${path()}/${id}`).set(caller.headers).send(body);
    const endAs = (caller: Actor, id: string) => t.http().delete(`${path()}/${id}`).set(caller.headers);
    const read = async (id: string) => (await t.http().get(`${path()}/${id}`).set(admin.headers)).body;

    it("seats, changes and ends a member of the co-chair's own party (201, 200, 204)", async () => {
      const person = await f.person(sy.id);
      const seated = await addAs(coChairSY, person.id, 'liaison_officer');
      expect(seated.status).toBe(201);
      expect(seated.body).toMatchObject({ partyId: sy.id, role: 'liaison_officer', active: true });
      const changed = await patchAs(coChairSY, seated.body.id, { role: 'observer' });
      expect(changed.status).toBe(200);
      expect(changed.body.role).toBe('observer');
      expect((await endAs(coChairSY, seated.body.id)).status).toBe(204);
      expect((await read(seated.body.id)).active).toBe(false);
    });

    it.each([
      ['the other party', () => lb],
      ['a third party of the committee', () => jo],
    ])('cannot seat, change or end a member of %s (403)', async (_what, partyOf) => {
      const party = partyOf();
      expect((await addAs(coChairSY, (await f.person(party.id)).id)).status).toBe(403);
      const seated = await addAs(admin, (await f.person(party.id)).id);
      expect(seated.status).toBe(201);
      const promote = await patchAs(coChairSY, seated.body.id, { role: 'co_chair' });
      expectProblem(promote, 403);
      expect((await endAs(coChairSY, seated.body.id)).status).toBe(403);
      expect(await read(seated.body.id)).toMatchObject({ role: 'member', active: true, endOn: null });
      // Their own side's secretary is not the other side's either.
      expect((await endAs(secretarySY, seated.body.id)).status).toBe(403);
      // The admin manages every seat.
      expect((await endAs(admin, seated.body.id)).status).toBe(204);
    });

    it('cannot change or end their own seat (403); their party’s secretary can (200)', async () => {
      expect((await patchAs(coChairSY, coChairSeat.id, { startOn: '2025-09-01' })).status).toBe(403);
      expect((await endAs(coChairSY, coChairSeat.id)).status).toBe(403);
      expect(await read(coChairSeat.id)).toMatchObject({ role: 'co_chair', startOn: '2025-10-01', active: true });
      const bySecretary = await patchAs(secretarySY, coChairSeat.id, { startOn: '2025-09-01' });
      expect(bySecretary.status).toBe(200);
      expect(bySecretary.body).toMatchObject({ role: 'co_chair', startOn: '2025-09-01', active: true });
    });
  });

  it('DELETE ends the membership today and keeps it as history; a second DELETE changes nothing', async () => {
    const person = await f.person(lb.id);
    const created = await add(x, { personId: person.id, role: 'observer' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(ids(await list(x, { active: true, limit: 200 }))).toContain(id);

    expect((await end(x, id)).status).toBe(204);
    const ended = await getOne(x, id);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ active: false, endOn: todayIn('Asia/Beirut'), startOn: '2025-10-01' });
    expect(ids(await list(x, { active: false, limit: 200 }))).toContain(id);
    expect(ids(await list(x, { active: true, limit: 200 }))).not.toContain(id);
    expect(ids(await list(x, { active: true, limit: 200 })).length).toBeGreaterThan(0);
    expect(ids(await list(x, { limit: 200 }))).toContain(id);

    expect((await end(x, id)).status).toBe(204);
    const again = await getOne(x, id);
    expect(again.body).toMatchObject({ active: false, endOn: ended.body.endOn, version: ended.body.version });

    expectProblem(await end(x, '00000000-0000-4000-8000-000000000000'), 404);
  });

  describe('the database enforces the rules too', () => {
    async function insert(committeeId: string, personId: string, partyId: string, role = 'member') {
      return sql(
        t.db.url,
        `INSERT INTO memberships (version, committee_id, person_id, party_id, role, start_on)
         VALUES (1, $1, $2, $3, $4, DATE '2025-10-01') RETURNING id`,
        [committeeId, personId, partyId, role],
      );
    }

    it("a member's party must be a party of the committee", async () => {
      const c = await f.committee([lb.id, sy.id]);
      const outsider = await f.person(other.id);
      await expect(insert(c.id, outsider.id, other.id)).rejects.toThrow(/party/);
      // Claiming a committee party does not help: the party is taken from the person.
      await expect(insert(c.id, outsider.id, lb.id)).rejects.toThrow(/party/);
      // The same statement with a person of a committee party goes through.
      const insider = await f.person(lb.id);
      expect(await insert(c.id, insider.id, lb.id)).toHaveLength(1);
      const count = await sql(t.db.url, `SELECT count(*)::int AS n FROM memberships WHERE committee_id = $1`, [c.id]);
      expect(count).toEqual([{ n: 1 }]);
    });

    it('a dissolved committee takes no new members', async () => {
      const c = await f.committee([lb.id, sy.id]);
      const member = await f.person(lb.id);
      await sql(t.db.url, `UPDATE committees SET status = 'dissolved' WHERE id = $1`, [c.id]);
      await expect(insert(c.id, member.id, lb.id)).rejects.toThrow(/dissolved/);
    });

    it('at most one open co-chair per party', async () => {
      const c = await f.committee([lb.id, sy.id]);
      const [a, b] = [await f.person(lb.id), await f.person(lb.id)];
      expect(await insert(c.id, a.id, lb.id, 'co_chair')).toHaveLength(1);
      await expect(insert(c.id, b.id, lb.id, 'co_chair')).rejects.toThrow(/memberships_one_open_co_chair_per_party/);
    });
  });

  describe('with the database server in another time zone than the committee', () => {
    // "Today" for a committee is a date in its time zone; the PostgreSQL server's TimeZone
    // setting (a deployment detail) must not change what is active. Pago Pago (UTC−11) is
    // always on an earlier date than Kiritimati (UTC+14).
    let t2: TestApp;
    let admin2: Actor;
    let f2: RegistryFactory;

    beforeAll(async () => {
      const db = await createTestDatabase();
      await sql(db.url, `ALTER DATABASE "${db.name}" SET timezone TO 'Pacific/Pago_Pago'`);
      t2 = await createTestApp({ database: db });
      admin2 = await createUser(t2, 'admin');
      f2 = new RegistryFactory(t2, admin2);
    });
    afterAll(() => t2?.close());

    it('an ended co-chair is no longer active, and a new co-chair of that party can be appointed', async () => {
      const [p1, p2] = [await f2.party(), await f2.party()];
      const c = await f2.committee([p1.id, p2.id], { timeZone: 'Pacific/Kiritimati' });
      const first = await f2.member(c.id, (await f2.person(p1.id)).id, 'co_chair');
      const path = `/api/v1/committees/${c.id}/members`;
      expect((await t2.http().delete(`${path}/${first.id}`).set(admin2.headers)).status).toBe(204);

      const ended = await t2.http().get(`${path}/${first.id}`).set(admin2.headers);
      expect(ended.body).toMatchObject({ endOn: todayIn('Pacific/Kiritimati'), active: false });
      const current = await t2.http().get(path).query({ active: true }).set(admin2.headers);
      expect(ids(current)).not.toContain(first.id);
      const next = await t2
        .http()
        .post(path)
        .set(admin2.headers)
        .send({ personId: (await f2.person(p1.id)).id, role: 'co_chair', startOn: '2025-10-01' });
      expect(next.status).toBe(201);
      expect(ids(await t2.http().get(path).query({ active: true }).set(admin2.headers))).toEqual([next.body.id]);
    });
  });

  describe('paging', () => {
    it('memberships: six seats starting the same day, by startOn and -startOn', async () => {
      const [p, q] = [await f.party(), await f.party()];
      const committee = await f.committee([p.id, q.id]);
      const rows: PagedRow[] = [];
      for (let i = 0; i < 6; i++) {
        const person = await f.person(i % 2 === 0 ? p.id : q.id);
        rows.push({ id: (await f.member(committee.id, person.id, 'member')).id, key: '2025-10-01' });
      }
      const early = await f.person(p.id);
      rows.push({
        id: (await f.member(committee.id, early.id, 'observer', { startOn: '2025-09-01' })).id,
        key: '2025-09-01',
      });
      await expectPaged(t, admin, `/committees/${committee.id}/members`, {}, 'startOn', rows);
    });
  });
});
