import { COMMITMENT_STATUSES } from '../../src/work/commitments/entities/commitment.entity.js';
import { COMMITMENT_WORKFLOW } from '../../src/work/kernel/workflows.js';
import { createUser, type Actor } from '../support/actors.js';
import { expectInvalid, expectProblem } from '../support/problems.js';
import { todayIn } from '../support/helpers.js';
import { expectPaged, type PagedRow } from '../support/paging.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import type { WorkFactory } from '../support/work-factory.js';
import { datedWork, DUE_BEFORE_CASES, jointCommittee } from '../support/work-fixtures.js';
import { describeOverdueAroundMidnight } from '../support/overdue-around-midnight.js';
import { dateIn, shift, zonesAroundMidnight } from '../support/zones.js';

/**
 * Commitments: what a party of a committee commits to. Recorded by a secretary, moved and
 * reported on by the owner side, confirmed by another side (dual sign-off); listed per
 * committee with filters, due-date order and overdue in the committee's time zone.
 */
describe('commitments', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  /** lb owns the commitments; `w` is lb's secretary; sy's co-chair is the other side. */
  let committee: Ref;
  let lb: Ref;
  let w: WorkFactory;
  let cochairSY: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    ({ committee, lb, w, coChairSY: cochairSY } = await jointCommittee(t, f));
  });
  afterAll(() => t.close());

  const secretary = () => w.secretary.headers;

  describe('create and edit: bad input is a 400 naming the field, never a 500', () => {
    it.each([
      ['dueOn', '2025-02-30'],
      ['dueOn', '0000-01-01'],
      ['dueOn', '2025-13-01'],
    ])('refuses the impossible date %s=%s', async (field, value) => {
      expectInvalid(
        await t
          .http()
          .post(`/api/v1/committees/${committee.id}/commitments`)
          .set(secretary())
          .send({ title: 'x', ownerPartyId: lb.id, [field]: value }),
        field,
      );
    });

    it('refuses null for required fields on PATCH, and takes it where a field is nullable', async () => {
      const commitment = await w.commitment(committee.id, lb.id);
      const { etag } = (await t.http().get(`/api/v1/commitments/${commitment.id}`).set(secretary())).headers as {
        etag: string;
      };
      const patch = (body: object) =>
        t.http().patch(`/api/v1/commitments/${commitment.id}`).set(secretary()).set('if-match', etag).send(body);
      for (const field of ['title', 'progress', 'description']) expectInvalid(await patch({ [field]: null }), field);
      const cleared = await patch({ dueOn: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ dueOn: null, overdue: false });
      expectInvalid(await t.http().patch(`/api/v1/parties/${lb.id}`).set(admin.headers).send({ code: null }), 'code');
      expectInvalid(
        await t.http().patch(`/api/v1/committees/${committee.id}`).set(admin.headers).send({ timeZone: null }),
        'timeZone',
      );
    });

    it('refuses input nested deeper than any request needs, with 400 not a crash', async () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 5000; i++) deep = [deep];
      const res = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(secretary())
        .send({ title: 'x', ownerPartyId: lb.id, extra: deep });
      expectProblem(res, 400);
    });

    it('refuses characters PostgreSQL cannot store, in bodies and queries', async () => {
      expectInvalid(
        await t
          .http()
          .post(`/api/v1/committees/${committee.id}/commitments`)
          .set(secretary())
          .send({ title: 'a\u0000b', ownerPartyId: lb.id }),
        'title',
      );
      expectInvalid(
        await t
          .http()
          .post(`/api/v1/committees/${committee.id}/commitments`)
          .set(secretary())
          .send({ title: 'a\ud800b', ownerPartyId: lb.id }),
        'title',
      );
      expectInvalid(await t.http().get('/api/v1/committees?q=a%00b').set(admin.headers), 'q');
    });

    it('takes * where If-Match is required: it matches the existing commitment (RFC 9110 §13.1.1)', async () => {
      const commitment = await w.commitment(committee.id, lb.id);
      const res = await t
        .http()
        .patch(`/api/v1/commitments/${commitment.id}`)
        .set(secretary())
        .set('if-match', '*')
        .send({ title: 'x' });
      expect(res.status).toBe(200);
      expect(res.body.title).toBe('x');
    });
  });

  describe('progress: only the owner side reports it', () => {
    it('lets only the owner side set progress, also when recording the commitment', async () => {
      const bySY = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(cochairSY.headers)
        .send({ title: 'x', ownerPartyId: lb.id, progress: 95 });
      expectProblem(bySY, 403);
      const byLB = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(secretary())
        .send({ title: 'x', ownerPartyId: lb.id, progress: 20 });
      expect(byLB.status).toBe(201);
      expect(byLB.body.progress).toBe(20);
    });

    it('freezes a claimed commitment, and lets only the owner side report progress', async () => {
      const commitment = await w.commitment(committee.id, lb.id);
      const progressBySY = await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/updates`)
        .set(cochairSY.headers)
        .send({ body: 'They are at 90%', progress: 90 });
      expectProblem(progressBySY, 403);
      const commentBySY = await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/updates`)
        .set(cochairSY.headers)
        .send({ body: 'We see progress' });
      expect(commentBySY.status).toBe(201);
      const patchBySY = await t
        .http()
        .patch(`/api/v1/commitments/${commitment.id}`)
        .set(cochairSY.headers)
        .set('if-match', '"1"')
        .send({ progress: 0 });
      expectProblem(patchBySY, 403);

      await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/transitions`)
        .set(secretary())
        .send({ to: 'in_progress' });
      await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/transitions`)
        .set(secretary())
        .send({ to: 'fulfilment_claimed' });
      const current = async () =>
        (await t.http().get(`/api/v1/commitments/${commitment.id}`).set(secretary())).headers.etag as string;
      const edit = await t
        .http()
        .patch(`/api/v1/commitments/${commitment.id}`)
        .set(secretary())
        .set('if-match', await current())
        .send({ title: 'Quietly changed' });
      expectProblem(edit, 409);
      expect(edit.body.currentState).toBe('fulfilment_claimed');
      const progress = await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/updates`)
        .set(secretary())
        .send({ body: 'x', progress: 10 });
      expectProblem(progress, 409);
      await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/transitions`)
        .set(cochairSY.headers)
        .send({ to: 'fulfilled' });
      const after = await t
        .http()
        .patch(`/api/v1/commitments/${commitment.id}`)
        .set(secretary())
        .set('if-match', await current())
        .send({ dueOn: '2031-01-01' });
      expectProblem(after, 409);
    });
  });

  /** Every move the workflow table does not list is refused with 409, naming the state and its allowed moves. */
  describe('workflow', () => {
    const illegal = <S extends string>(statuses: readonly S[], table: readonly { from: S; to: S }[]) =>
      statuses.flatMap((from) =>
        statuses.filter((to) => !table.some((m) => m.from === from && m.to === to)).map((to) => [from, to] as const),
      );

    it.each(illegal(COMMITMENT_STATUSES, COMMITMENT_WORKFLOW))('commitment %s → %s is 409', async (from, to) => {
      const created = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(secretary())
        .send({ title: 'x', ownerPartyId: lb.id });
      await sql(t.db.url, `UPDATE commitments SET status = $2 WHERE id = $1`, [created.body.id, from]);
      // Both sides try, so the refusal cannot be about the actor.
      for (const actor of [w.secretary, cochairSY]) {
        const res = await t
          .http()
          .post(`/api/v1/commitments/${created.body.id}/transitions`)
          .set(actor.headers)
          .send({ to, note: 'n' });
        expectProblem(res, 409);
        expect(res.body.currentState).toBe(from);
        expect(res.body.allowedTransitions).toEqual(
          COMMITMENT_WORKFLOW.filter((m) => m.from === from).map((m) => m.to),
        );
      }
    });

    it('rejects an unknown target state with 400 naming the field', async () => {
      const created = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(secretary())
        .send({ title: 'z', ownerPartyId: lb.id });
      const res = await t
        .http()
        .post(`/api/v1/commitments/${created.body.id}/transitions`)
        .set(secretary())
        .send({ to: 'approved' });
      expectProblem(res, 400);
      expect(res.body.errors[0].field).toBe('to');
    });
  });

  /**
   * Dual sign-off (README, "Work tracking"): only the owner party's secretary or co-chair
   * claims, and only a secretary or co-chair of another party of the committee confirms or
   * rejects; the other side never withdraws what the owner side committed to. Every move
   * here goes through the API, from `pending`, on a committee of three parties.
   */
  describe('dual sign-off', () => {
    let committee: Ref;
    let lb: Ref, sy: Ref, jo: Ref;
    const u = {} as Record<'secretaryLB' | 'coChairLB' | 'secretarySY' | 'coChairSY' | 'secretaryJO', Actor>;

    beforeAll(async () => {
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
        expectProblem(res, 403);
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

  describe('the committee list', () => {
    it('refuses the malformed query /api/v1/committees/:c/commitments?dueBefore=2025-02-30', async () => {
      expectInvalid(
        await t.http().get(`/api/v1/committees/${committee.id}/commitments?dueBefore=2025-02-30`).set(secretary()),
        'dueBefore',
      );
    });

    /** Exact results of dueBefore (see DUE_BEFORE_CASES), in due-date order. */
    describe('the dueBefore filter', () => {
      let dated: Ref;
      let datedSecretary: Actor;
      let commitments: Record<string, string>;

      beforeAll(async () => {
        const jc = await jointCommittee(t, f);
        ({ committee: dated, secretary: datedSecretary } = jc);
        ({ commitments } = await datedWork(t, jc));
      });

      const titles = (items: { title: string }[]) => items.map((i) => i.title);

      it.each(DUE_BEFORE_CASES)(
        'GET /committees/{id}/commitments?dueBefore=%s lists exactly %j',
        async (dueBefore, expected) => {
          const res = await t
            .http()
            .get(`/api/v1/committees/${dated.id}/commitments`)
            .query({ dueBefore })
            .set(datedSecretary.headers);
          expect(res.status).toBe(200);
          expect(titles(res.body.items)).toEqual(expected);
          expect((res.body.items as { id: string }[]).map((i) => i.id)).toEqual(expected.map((x) => commitments[x]));
        },
      );
    });

    describe('paging through equal due dates', () => {
      it('commitments, by dueOn and -dueOn', async () => {
        const { committee, lb: owner, secretary } = await jointCommittee(t, f);
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
        const rows: PagedRow[] = [];
        for (const dueOn of DUES) {
          const res = await t
            .http()
            .post(`/api/v1/committees/${committee.id}/commitments`)
            .set(secretary.headers)
            .send({ title: `Due ${dueOn}`, dueOn, ownerPartyId: owner.id });
          expect(res.status).toBe(201);
          rows.push({ id: res.body.id as string, key: keyOf(dueOn) });
        }
        await expectPaged(t, secretary, `/committees/${committee.id}/commitments`, {}, 'dueOn', rows);
      });
    });

    /**
     * Overdue is "due before today in the committee's time zone, and not closed" (README, "Work
     * tracking"), for committees whose local time is just after and just before midnight.
     */
    describe("overdue in the committee's time zone, around midnight", () => {
      const zones = zonesAroundMidnight();

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

      describeOverdueAroundMidnight(
        'commitments',
        () => ({ t, f }),
        (j) => ({ ownerPartyId: j.lb.id }),
      );
    });
  });
});
