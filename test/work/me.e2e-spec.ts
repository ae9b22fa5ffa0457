import { todayIn } from '../../src/platform/time/dates.js';
import { DemoSeedService } from '../../src/demo/demo-seed.service.js';
import { DEMO_PASSWORD } from '../../src/demo/demo-accounts.js';
import { createUser, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { expectInvalid, expectProblem } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { datedWork, DUE_BEFORE_CASES, jointCommittee } from '../support/work-fixtures.js';
import { shift } from '../support/zones.js';

/** /me: the caller's own account, password and assignments. */
describe('me', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('GET /me', () => {
    let admin: Actor;
    let f: RegistryFactory;
    let lb: Ref;
    let x: Ref, y: Ref;

    beforeAll(async () => {
      admin = await createUser(t, 'admin');
      f = new RegistryFactory(t, admin);
      const sy = await f.party();
      lb = await f.party();
      [x, y] = [await f.committee([lb.id, sy.id]), await f.committee([lb.id, sy.id])];
    });

    it('GET /me of a user linked to a person lists that person’s active memberships', async () => {
      const person = await f.person(lb.id);
      const seat = await f.member(x.id, person.id, 'member');
      const past = await f.member(y.id, person.id, 'observer');
      expect((await t.http().delete(`/api/v1/committees/${y.id}/members/${past.id}`).set(admin.headers)).status).toBe(
        204,
      );
      const user = await createUser(t, 'secretary');
      const before = await t.http().get('/api/v1/me').set(user.headers);
      expect(before.body).toMatchObject({ person: null, memberships: [] });

      const linked = await t.http().patch(`/api/v1/users/${user.id}`).set(admin.headers).send({ personId: person.id });
      expect(linked.status).toBe(200);
      const me = await t.http().get('/api/v1/me').set(user.headers);
      expect(me.status).toBe(200);
      expect(me.body.person).toMatchObject({ id: person.id, nameEn: person.nameEn });
      expect(me.body.memberships).toEqual([
        expect.objectContaining({ id: seat.id, committeeId: x.id, committeeCode: x.code, role: 'member' }),
      ]);
    });
  });

  describe('PATCH /me', () => {
    it('blocks mass assignment: nobody sets their own role through any body', async () => {
      const user = await createUser(t, 'liaison_officer');
      const me = await t.http().patch('/api/v1/me').set(user.headers).send({ displayName: 'New name', role: 'admin' });
      expectProblem(me, 400);
      expect(me.body.errors).toEqual([{ field: 'role', message: 'is not a known field' }]);
      for (const extra of [
        { active: true },
        { personId: '00000000-0000-4000-8000-000000000000' },
        { tokenGeneration: 0 },
        { email: 'x@y.z' },
      ]) {
        expect(
          (
            await t
              .http()
              .patch('/api/v1/me')
              .set(user.headers)
              .send({ displayName: 'x', ...extra })
          ).status,
        ).toBe(400);
      }
      expect((await t.http().patch(`/api/v1/users/${user.id}`).set(user.headers).send({ role: 'admin' })).status).toBe(
        403,
      );
      expect(
        (
          await t
            .http()
            .post('/api/v1/me/password')
            .set(user.headers)
            .send({ currentPassword: TEST_PASSWORD, newPassword: 'yet-another-passphrase', role: 'admin' })
        ).status,
      ).toBe(400);
      const [row] = await sql<{ role: string }>(t.db.url, `SELECT role FROM users WHERE id = $1`, [user.id]);
      expect(row!.role).toBe('liaison_officer');
      const ok = await t.http().patch('/api/v1/me').set(user.headers).send({ displayName: 'Only the name' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ displayName: 'Only the name', role: 'liaison_officer' });
    });
  });

  describe('POST /me/password', () => {
    it('lets users change their own password with the current one', async () => {
      const user = await createUser(t, 'liaison_officer');
      const wrong = await t
        .http()
        .post('/api/v1/me/password')
        .set(user.headers)
        .send({ currentPassword: 'nope', newPassword: 'another-long-passphrase' });
      expectProblem(wrong, 400);
      expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: 'is wrong' }]);
      const ok = await t
        .http()
        .post('/api/v1/me/password')
        .set(user.headers)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'another-long-passphrase' });
      expect(ok.status).toBe(200);
      expect((await t.http().get('/api/v1/me').set(user.headers)).status).toBe(401);
      expect((await t.http().get('/api/v1/me').set('authorization', `Bearer ${ok.body.accessToken}`)).status).toBe(200);
    });

    it('counts wrong current passwords against the sign-in lock', async () => {
      const user = await createUser(t, 'analyst');
      for (let i = 0; i < 5; i++) {
        expect(
          (
            await t
              .http()
              .post('/api/v1/me/password')
              .set(user.headers)
              .send({ currentPassword: 'guess-guess', newPassword: 'a-new-long-passphrase' })
          ).status,
        ).toBe(400);
      }
      const locked = await t
        .http()
        .post('/api/v1/me/password')
        .set(user.headers)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-passphrase' });
      expectProblem(locked, 429);
      expect(locked.headers['retry-after']).toBeDefined();
      await sql(t.db.url, `DELETE FROM rate_limit_buckets`);
    });
  });

  describe('GET /me/assignments', () => {
    it("returns exactly the overdue items, reading 'today' in each committee's time zone", async () => {
      const f = new RegistryFactory(t, await createUser(t, 'admin'));
      const [a, b] = [await f.party(), await f.party()];
      // UTC+14 and UTC−11: at every instant their dates differ by one or two days.
      const east = await f.committee([a.id, b.id], { timeZone: 'Pacific/Kiritimati' });
      const west = await f.committee([a.id, b.id], { timeZone: 'Pacific/Pago_Pago' });
      const officer = await f.person(a.id);
      const secretary = await f.person(a.id);
      for (const c of [east, west]) {
        await f.member(c.id, officer.id, 'liaison_officer');
        await f.member(c.id, secretary.id, 'secretary');
      }
      const me = await createUser(t, 'liaison_officer', { personId: officer.id });
      const sec = await createUser(t, 'secretary', { personId: secretary.id });
      const other = await f.person(b.id);
      await f.member(east.id, other.id, 'liaison_officer');

      const eastToday = todayIn('Pacific/Kiritimati');
      const westToday = todayIn('Pacific/Pago_Pago');
      expect(eastToday > westToday).toBe(true);

      const make = async (
        committee: Ref,
        title: string,
        dueOn: string | null,
        status = 'open',
        assignees = [officer.id],
      ) => {
        const res = await t
          .http()
          .post(`/api/v1/committees/${committee.id}/assignments`)
          .set(sec.headers)
          .send({ title, dueOn, assigneeIds: assignees });
        expect(res.status).toBe(201);
        if (status !== 'open')
          await sql(t.db.url, `UPDATE assignments SET status = $2 WHERE id = $1`, [res.body.id, status]);
        return res.body.id as string;
      };
      // The same calendar date, westToday, is past in the east and today in the west.
      const expected = [
        await make(east, 'east: due west-today (already yesterday or earlier there)', westToday),
        await make(east, 'east: due yesterday', shift(eastToday, -1), 'in_progress'),
        await make(west, 'west: due yesterday, blocked', shift(westToday, -1), 'blocked'),
      ];
      await make(west, 'west: due today', westToday);
      await make(east, 'east: due today', eastToday);
      await make(east, 'east: due tomorrow', shift(eastToday, 1));
      await make(east, 'east: past but done', shift(eastToday, -5), 'done');
      await make(west, 'west: past but cancelled', shift(westToday, -5), 'cancelled');
      await make(east, 'east: no due date', null);
      await make(east, 'east: overdue but someone else', shift(eastToday, -3), 'open', [other.id]);

      const overdue = await t.http().get('/api/v1/me/assignments?overdue=true').set(me.headers);
      expect(overdue.status).toBe(200);
      expect((overdue.body.items as { id: string }[]).map((i) => i.id).sort()).toEqual([...expected].sort());
      expect((overdue.body.items as { overdue: boolean }[]).every((i) => i.overdue)).toBe(true);

      const all = await t.http().get('/api/v1/me/assignments').set(me.headers);
      expect(all.body.items).toHaveLength(9);
      const dues = (all.body.items as { dueOn: string | null }[]).map((i) => i.dueOn);
      expect(dues.at(-1)).toBeNull();
      const dated = dues.filter((d): d is string => d !== null);
      expect(dated).toEqual([...dated].sort());
      expect((all.body.items as { overdue: boolean }[]).filter((i) => i.overdue)).toHaveLength(3);

      const notOverdue = await t.http().get('/api/v1/me/assignments?overdue=false').set(me.headers);
      expect(notOverdue.body.items).toHaveLength(6);
      const blocked = await t.http().get('/api/v1/me/assignments?status=blocked').set(me.headers);
      expect(blocked.body.items).toHaveLength(1);
      const dueBefore = await t.http().get(`/api/v1/me/assignments?dueBefore=${westToday}`).set(me.headers);
      expect((dueBefore.body.items as { dueOn: string }[]).every((i) => i.dueOn < westToday)).toBe(true);
      // Strictly before west-today, whatever the status: three of the caller's items.
      expect((dueBefore.body.items as { title: string }[]).map((i) => i.title).sort()).toEqual(
        ['east: past but done', 'west: due yesterday, blocked', 'west: past but cancelled'].sort(),
      );
      const bad = await t.http().get('/api/v1/me/assignments?overdue=maybe').set(me.headers);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('overdue');
    });

    it('refuses the malformed query /api/v1/me/assignments?dueBefore=2025-02-30', async () => {
      const user = await createUser(t, 'secretary');
      expectInvalid(await t.http().get(`/api/v1/me/assignments?dueBefore=2025-02-30`).set(user.headers), 'dueBefore');
    });

    /** Exact results of dueBefore (see DUE_BEFORE_CASES), in due-date order. */
    describe('the dueBefore filter', () => {
      let officer: Actor;
      let assignments: Record<string, string>;

      beforeAll(async () => {
        const jc = await jointCommittee(t, new RegistryFactory(t, await createUser(t, 'admin')));
        officer = jc.officer;
        ({ assignments } = await datedWork(t, jc));
      });

      const titles = (items: { title: string }[]) => items.map((i) => i.title);

      it.each(DUE_BEFORE_CASES)('GET /me/assignments?dueBefore=%s lists exactly %j', async (dueBefore, expected) => {
        const res = await t.http().get('/api/v1/me/assignments').query({ dueBefore }).set(officer.headers);
        expect(res.status).toBe(200);
        expect(titles(res.body.items)).toEqual(expected);
        expect((res.body.items as { id: string }[]).map((i) => i.id)).toEqual(expected.map((x) => assignments[x]));
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

    // Last: it loads the demo data into this file's database.
    it('shows a demo liaison officer exactly their overdue items from the demo data', async () => {
      await t.app.get(DemoSeedService).seed();
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'liaison.lb@tansiq.demo', password: DEMO_PASSWORD });
      const headers: Actor['headers'] = { authorization: `Bearer ${login.body.accessToken}` };
      const expected = await sql<{ id: string }>(
        t.db.url,
        `SELECT a.id FROM assignments a JOIN committees c ON c.id = a.committee_id JOIN assignment_assignees aa ON aa.assignment_id = a.id
           JOIN users u ON u.person_id = aa.person_id
          WHERE u.email = 'liaison.lb@tansiq.demo' AND a.status NOT IN ('done', 'cancelled') AND a.due_on < $1::date`,
        [todayIn('Asia/Beirut')],
      );
      expect(expected.length).toBeGreaterThan(0);
      const res = await t.http().get('/api/v1/me/assignments?overdue=true').set(headers);
      expect((res.body.items as { id: string }[]).map((i) => i.id).sort()).toEqual(expected.map((e) => e.id).sort());
      const all = await t.http().get('/api/v1/me/assignments').set(headers);
      expect(all.body.items.length).toBeGreaterThan(res.body.items.length);
    });
  });
});
