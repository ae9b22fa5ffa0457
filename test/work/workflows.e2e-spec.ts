import { ASSIGNMENT_STATUSES } from '../../src/work/assignments/entities/assignment.entity.js';
import { COMMITMENT_STATUSES } from '../../src/work/commitments/entities/commitment.entity.js';
import { ASSIGNMENT_WORKFLOW, COMMITMENT_WORKFLOW } from '../../src/work/kernel/workflows.js';
import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Every move a workflow table does not list is refused with 409, naming the state and its allowed moves. */
describe('workflow tables', () => {
  let t: TestApp;
  let committee: Ref;
  let secretaryLB: Actor;
  let cochairSY: Actor;
  let assignee: Ref;
  let lb: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    const f = new RegistryFactory(t, await createUser(t, 'admin'));
    lb = await f.party();
    const sy = await f.party();
    committee = await f.committee([lb.id, sy.id]);
    const secretaryPerson = await f.person(lb.id);
    const cochairPerson = await f.person(sy.id);
    assignee = await f.person(sy.id);
    await f.member(committee.id, secretaryPerson.id, 'secretary');
    await f.member(committee.id, cochairPerson.id, 'co_chair');
    await f.member(committee.id, assignee.id, 'liaison_officer');
    secretaryLB = await createUser(t, 'secretary', { personId: secretaryPerson.id });
    cochairSY = await createUser(t, 'secretary', { personId: cochairPerson.id });
  });
  afterAll(() => t.close());

  const illegal = <S extends string>(statuses: readonly S[], table: readonly { from: S; to: S }[]) =>
    statuses.flatMap((from) =>
      statuses.filter((to) => !table.some((m) => m.from === from && m.to === to)).map((to) => [from, to] as const),
    );

  it.each(illegal(ASSIGNMENT_STATUSES, ASSIGNMENT_WORKFLOW))('assignment %s → %s is 409', async (from, to) => {
    const created = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/assignments`)
      .set(secretaryLB.headers)
      .send({ title: 'x', assigneeIds: [assignee.id] });
    await sql(t.db.url, `UPDATE assignments SET status = $2 WHERE id = $1`, [created.body.id, from]);
    const res = await t
      .http()
      .post(`/api/v1/assignments/${created.body.id}/transitions`)
      .set(secretaryLB.headers)
      .send({ to, note: 'n' });
    expect(res.status).toBe(409);
    expect(res.body.currentState).toBe(from);
    expect(res.body.allowedTransitions).toEqual(ASSIGNMENT_WORKFLOW.filter((m) => m.from === from).map((m) => m.to));
    expect(res.body.detail).toContain(from);
  });

  it.each(illegal(COMMITMENT_STATUSES, COMMITMENT_WORKFLOW))('commitment %s → %s is 409', async (from, to) => {
    const created = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(secretaryLB.headers)
      .send({ title: 'x', ownerPartyId: lb.id });
    await sql(t.db.url, `UPDATE commitments SET status = $2 WHERE id = $1`, [created.body.id, from]);
    // Both sides try, so the refusal cannot be about the actor.
    for (const actor of [secretaryLB, cochairSY]) {
      const res = await t
        .http()
        .post(`/api/v1/commitments/${created.body.id}/transitions`)
        .set(actor.headers)
        .send({ to, note: 'n' });
      expect(res.status).toBe(409);
      expect(res.body.currentState).toBe(from);
      expect(res.body.allowedTransitions).toEqual(COMMITMENT_WORKFLOW.filter((m) => m.from === from).map((m) => m.to));
    }
  });

  it('writes one update entry per transition, and none for a refused move', async () => {
    const created = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(secretaryLB.headers)
      .send({ title: 'y', ownerPartyId: lb.id });
    const id = created.body.id as string;
    await t.http().post(`/api/v1/commitments/${id}/transitions`).set(secretaryLB.headers).send({ to: 'in_progress' });
    await t.http().post(`/api/v1/commitments/${id}/transitions`).set(secretaryLB.headers).send({ to: 'fulfilled' });
    const rows = await sql<{ to_status: string }>(t.db.url, `SELECT to_status FROM updates WHERE commitment_id = $1`, [
      id,
    ]);
    expect(rows).toEqual([{ to_status: 'in_progress' }]);
  });

  it('rejects an unknown target state with 400 naming the field', async () => {
    const created = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(secretaryLB.headers)
      .send({ title: 'z', ownerPartyId: lb.id });
    const res = await t
      .http()
      .post(`/api/v1/commitments/${created.body.id}/transitions`)
      .set(secretaryLB.headers)
      .send({ to: 'approved' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('to');
  });
});
