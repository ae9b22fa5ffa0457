import { createUser, type Actor } from '../support/actors.js';
import { expectProblem } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import type { WorkFactory } from '../support/work-factory.js';
import { jointCommittee } from '../support/work-fixtures.js';

/** A 403 names the permission the table refused, so a client can tell which rule it hit. */
describe('403 problems name the refused permission', () => {
  let t: TestApp;
  let committee: Ref;
  let lb: Ref;
  let work: WorkFactory;
  let liaison: Actor;
  let secretarySY: Actor;
  let secretarySYPerson: Ref;
  let memberAccount: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    const f = new RegistryFactory(t, await createUser(t, 'admin'));
    const j = await jointCommittee(t, f);
    ({ committee, lb, w: work, officer: liaison, coChairSY: secretarySY, coChairPerson: secretarySYPerson } = j);
    const memberPerson = await f.person(lb.id);
    await f.member(committee.id, memberPerson.id, 'member');
    memberAccount = await createUser(t, 'secretary', { personId: memberPerson.id });
  });
  afterAll(() => t.close());

  it('a secretary account on a plain member seat filing a commitment: committee.file', async () => {
    const res = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(memberAccount.headers)
      .send({ title: 'x', ownerPartyId: lb.id });
    expectProblem(res, 403, 'FORBIDDEN');
    expect(res.body.permission).toBe('committee.file');
  });

  it('a liaison officer is stopped by the route rule before any record rule', async () => {
    const res = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(liaison.headers)
      .send({ title: 'x', ownerPartyId: lb.id });
    expectProblem(res, 403, 'FORBIDDEN');
    expect(res.body.permission).toBeUndefined();
  });

  it('the owner side confirming its own claim: commitment.confirm, for the other side', async () => {
    const commitment = await work.commitment(committee.id, lb.id);
    for (const to of ['in_progress', 'fulfilment_claimed'])
      expect(
        (
          await t
            .http()
            .post(`/api/v1/commitments/${commitment.id}/transitions`)
            .set(work.secretary.headers)
            .send({ to })
        ).status,
      ).toBe(200);
    const res = await t
      .http()
      .post(`/api/v1/commitments/${commitment.id}/transitions`)
      .set(work.secretary.headers)
      .send({ to: 'fulfilled' });
    expectProblem(res, 403, 'FORBIDDEN');
    expect(res.body.permission).toBe('commitment.confirm');
    expect(res.body.allowedActors).toEqual(['other_side']);
  });

  it('a move either of two actors may make names both actors and no single permission', async () => {
    const assignment = await work.assignment(committee.id, [secretarySYPerson.id]);
    const res = await t
      .http()
      .post(`/api/v1/assignments/${assignment.id}/transitions`)
      .set(memberAccount.headers)
      .send({ to: 'in_progress' });
    expectProblem(res, 403, 'FORBIDDEN');
    expect(res.body.allowedActors).toEqual(['secretary', 'assignee']);
    expect(res.body).not.toHaveProperty('permission');
  });

  it('the other side reporting progress: commitment.progress', async () => {
    const commitment = await work.commitment(committee.id, lb.id);
    const res = await t
      .http()
      .post(`/api/v1/commitments/${commitment.id}/updates`)
      .set(secretarySY.headers)
      .send({ body: 'done on our side', progress: 50 });
    expectProblem(res, 403, 'FORBIDDEN');
    expect(res.body.permission).toBe('commitment.progress');
  });

  it("a secretary ending the other party's seat: seat.manage", async () => {
    const seats = await t.http().get(`/api/v1/committees/${committee.id}/members`).set(work.secretary.headers);
    const syPersonSeat = (seats.body.items as { id: string; personId: string }[]).find(
      (s) => s.personId === secretarySYPerson.id,
    )!;
    const res = await t
      .http()
      .delete(`/api/v1/committees/${committee.id}/members/${syPersonSeat.id}`)
      .set(work.secretary.headers);
    expectProblem(res, 403, 'FORBIDDEN');
    expect(res.body.permission).toBe('seat.manage');
    expect(res.body.detail).toBe(
      "A secretary manages the seats of their own party's delegation; an admin manages the others.",
    );
  });
});
