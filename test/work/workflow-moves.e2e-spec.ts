import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/*
 * Every (from, to) pair of both workflows, and for each legal move who may make it, written
 * out here from the README ("Work tracking", "Roles and access") rather than read from the
 * tables in src/workflows/workflows.ts: a wrong row in those tables must fail this file.
 */

type AssignmentStatus = 'open' | 'in_progress' | 'blocked' | 'done' | 'cancelled';
type AssignmentActor = 'secretary' | 'coChair' | 'assignee' | 'otherLiaison' | 'analyst' | 'admin';

const ASSIGNMENT_STATUSES: AssignmentStatus[] = ['open', 'in_progress', 'blocked', 'done', 'cancelled'];
const ASSIGNMENT_ACTORS: AssignmentActor[] = ['secretary', 'coChair', 'assignee', 'otherLiaison', 'analyst', 'admin'];

/** Legal assignment moves and the actors who get 200; every other actor gets 403. */
const ASSIGNMENT_MOVES: { from: AssignmentStatus; to: AssignmentStatus; allowed: AssignmentActor[] }[] = [
  { from: 'open', to: 'in_progress', allowed: ['secretary', 'coChair', 'assignee'] },
  { from: 'open', to: 'cancelled', allowed: ['secretary', 'coChair'] },
  { from: 'in_progress', to: 'blocked', allowed: ['secretary', 'coChair', 'assignee'] },
  { from: 'in_progress', to: 'done', allowed: ['secretary', 'coChair', 'assignee'] },
  { from: 'in_progress', to: 'cancelled', allowed: ['secretary', 'coChair'] },
  { from: 'blocked', to: 'in_progress', allowed: ['secretary', 'coChair', 'assignee'] },
  { from: 'blocked', to: 'done', allowed: ['secretary', 'coChair', 'assignee'] },
  { from: 'blocked', to: 'cancelled', allowed: ['secretary', 'coChair'] },
  { from: 'done', to: 'in_progress', allowed: ['secretary', 'coChair'] },
];

/** What a 409 names as the moves allowed from each state. */
const ASSIGNMENT_ALLOWED_FROM: Record<AssignmentStatus, AssignmentStatus[]> = {
  open: ['in_progress', 'cancelled'],
  in_progress: ['blocked', 'done', 'cancelled'],
  blocked: ['in_progress', 'done', 'cancelled'],
  done: ['in_progress'],
  cancelled: [],
};

type CommitmentStatus = 'pending' | 'in_progress' | 'fulfilment_claimed' | 'fulfilled' | 'withdrawn';
type CommitmentActor =
  'ownerSecretary' | 'ownerCoChair' | 'otherSecretary' | 'otherCoChair' | 'liaison' | 'admin' | 'analyst';

const COMMITMENT_STATUSES: CommitmentStatus[] = [
  'pending',
  'in_progress',
  'fulfilment_claimed',
  'fulfilled',
  'withdrawn',
];
const COMMITMENT_ACTORS: CommitmentActor[] = [
  'ownerSecretary',
  'ownerCoChair',
  'otherSecretary',
  'otherCoChair',
  'liaison',
  'admin',
  'analyst',
];
const OWNER_SIDE: CommitmentActor[] = ['ownerSecretary', 'ownerCoChair'];
const OTHER_SIDE: CommitmentActor[] = ['otherSecretary', 'otherCoChair'];

/** Legal commitment moves, the actors who get 200 (every other actor gets 403), and whether a note is required. */
const COMMITMENT_MOVES: {
  from: CommitmentStatus;
  to: CommitmentStatus;
  allowed: CommitmentActor[];
  noteRequired: boolean;
}[] = [
  { from: 'pending', to: 'in_progress', allowed: OWNER_SIDE, noteRequired: false },
  { from: 'pending', to: 'withdrawn', allowed: OWNER_SIDE, noteRequired: true },
  { from: 'in_progress', to: 'fulfilment_claimed', allowed: OWNER_SIDE, noteRequired: false },
  { from: 'in_progress', to: 'withdrawn', allowed: OWNER_SIDE, noteRequired: true },
  { from: 'fulfilment_claimed', to: 'fulfilled', allowed: OTHER_SIDE, noteRequired: false },
  { from: 'fulfilment_claimed', to: 'in_progress', allowed: OTHER_SIDE, noteRequired: true },
];

const COMMITMENT_ALLOWED_FROM: Record<CommitmentStatus, CommitmentStatus[]> = {
  pending: ['in_progress', 'withdrawn'],
  in_progress: ['fulfilment_claimed', 'withdrawn'],
  fulfilment_claimed: ['fulfilled', 'in_progress'],
  fulfilled: [],
  withdrawn: [],
};

function pairs<S extends string>(statuses: S[]): [S, S][] {
  return statuses.flatMap((from) => statuses.map((to) => [from, to] as [S, S]));
}

const isAssignmentMove = (from: string, to: string) => ASSIGNMENT_MOVES.some((m) => m.from === from && m.to === to);
const isCommitmentMove = (from: string, to: string) => COMMITMENT_MOVES.some((m) => m.from === from && m.to === to);

const ASSIGNMENT_ILLEGAL = pairs(ASSIGNMENT_STATUSES).filter(([from, to]) => !isAssignmentMove(from, to));
const COMMITMENT_ILLEGAL = pairs(COMMITMENT_STATUSES).filter(([from, to]) => !isCommitmentMove(from, to));

const ASSIGNMENT_CASES = ASSIGNMENT_MOVES.flatMap((m) =>
  ASSIGNMENT_ACTORS.map((actor) => [m.from, m.to, actor, m.allowed.includes(actor) ? 200 : 403] as const),
);
const COMMITMENT_CASES = COMMITMENT_MOVES.flatMap((m) =>
  COMMITMENT_ACTORS.map((actor) => [m.from, m.to, actor, m.allowed.includes(actor) ? 200 : 403] as const),
);

describe('workflow moves: who may make which move (literal tables)', () => {
  let t: TestApp;
  let committee: Ref;
  let lb: Ref;
  let creator: Actor;
  let assigneePerson: Ref;
  const assignmentActors = {} as Record<AssignmentActor, Actor>;
  const commitmentActors = {} as Record<CommitmentActor, Actor>;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await createUser(t, 'admin');
    const f = new RegistryFactory(t, admin);
    lb = await f.party();
    const sy = await f.party();
    committee = await f.committee([lb.id, sy.id]);
    const seat = async (party: Ref, role: 'secretary' | 'co_chair' | 'liaison_officer') => {
      const person = await f.person(party.id);
      await f.member(committee.id, person.id, role);
      const user = await createUser(t, role === 'liaison_officer' ? 'liaison_officer' : 'secretary', {
        personId: person.id,
      });
      return { person, user };
    };
    const secretaryLB = await seat(lb, 'secretary');
    const coChairLB = await seat(lb, 'co_chair');
    const secretarySY = await seat(sy, 'secretary');
    const coChairSY = await seat(sy, 'co_chair');
    const liaisonSY = await seat(sy, 'liaison_officer');
    const liaisonLB = await seat(lb, 'liaison_officer');
    const analyst = await createUser(t, 'analyst');
    creator = secretaryLB.user;
    assigneePerson = liaisonSY.person;

    Object.assign(assignmentActors, {
      secretary: secretaryLB.user,
      coChair: coChairSY.user,
      assignee: liaisonSY.user,
      otherLiaison: liaisonLB.user,
      analyst,
      admin,
    });
    // Commitments are made by LB: LB is the owner side, SY the other side.
    Object.assign(commitmentActors, {
      ownerSecretary: secretaryLB.user,
      ownerCoChair: coChairLB.user,
      otherSecretary: secretarySY.user,
      otherCoChair: coChairSY.user,
      liaison: liaisonSY.user,
      admin,
      analyst,
    });
  });
  afterAll(() => t.close());

  async function assignmentIn(status: AssignmentStatus): Promise<string> {
    const res = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/assignments`)
      .set(creator.headers)
      .send({ title: 'Patrol the Hermel sector', assigneeIds: [assigneePerson.id] });
    expect(res.status).toBe(201);
    await sql(t.db.url, `UPDATE assignments SET status = $2 WHERE id = $1`, [res.body.id, status]);
    return res.body.id as string;
  }

  async function commitmentIn(status: CommitmentStatus): Promise<string> {
    const res = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(creator.headers)
      .send({ title: 'Exchange intelligence', ownerPartyId: lb.id });
    expect(res.status).toBe(201);
    await sql(t.db.url, `UPDATE commitments SET status = $2 WHERE id = $1`, [res.body.id, status]);
    return res.body.id as string;
  }

  const statusOf = async (table: 'assignments' | 'commitments', id: string) =>
    (await sql<{ status: string }>(t.db.url, `SELECT status FROM ${table} WHERE id = $1`, [id]))[0]!.status;

  describe('assignments', () => {
    it('the literal table covers every pair of the five statuses', () => {
      expect(ASSIGNMENT_MOVES).toHaveLength(9);
      expect(ASSIGNMENT_ILLEGAL).toHaveLength(16);
    });

    it.each(ASSIGNMENT_CASES)('%s → %s by %s: %i', async (from, to, actor, expected) => {
      const id = await assignmentIn(from);
      const res = await t
        .http()
        .post(`/api/v1/assignments/${id}/transitions`)
        .set(assignmentActors[actor].headers)
        .send({ to, note: 'Reason for the move' });
      expect(res.status).toBe(expected);
      if (expected === 200) {
        expect(res.body.status).toBe(to);
        expect(await statusOf('assignments', id)).toBe(to);
      } else {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(await statusOf('assignments', id)).toBe(from);
      }
    });

    it.each(ASSIGNMENT_MOVES.map((m) => [m.from, m.to] as const))(
      '%s → %s needs no note (secretary, no note: 200)',
      async (from, to) => {
        const id = await assignmentIn(from);
        const res = await t
          .http()
          .post(`/api/v1/assignments/${id}/transitions`)
          .set(assignmentActors.secretary.headers)
          .send({ to });
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(to);
      },
    );

    it.each(ASSIGNMENT_ILLEGAL)('%s → %s is 409 with the allowed moves', async (from, to) => {
      const id = await assignmentIn(from);
      // Both a secretary and the assignee try, so the refusal is about the move, not the actor.
      for (const actor of [assignmentActors.secretary, assignmentActors.assignee]) {
        const res = await t
          .http()
          .post(`/api/v1/assignments/${id}/transitions`)
          .set(actor.headers)
          .send({ to, note: 'Reason for the move' });
        expect(res.status).toBe(409);
        expect(res.body.currentState).toBe(from);
        expect([...(res.body.allowedTransitions as string[])].sort()).toEqual(
          [...ASSIGNMENT_ALLOWED_FROM[from]].sort(),
        );
      }
      expect(await statusOf('assignments', id)).toBe(from);
    });
  });

  describe('commitments', () => {
    it('the literal table covers every pair of the five statuses', () => {
      expect(COMMITMENT_MOVES).toHaveLength(6);
      expect(COMMITMENT_ILLEGAL).toHaveLength(19);
    });

    it.each(COMMITMENT_CASES)('%s → %s by %s: %i', async (from, to, actor, expected) => {
      const id = await commitmentIn(from);
      const res = await t
        .http()
        .post(`/api/v1/commitments/${id}/transitions`)
        .set(commitmentActors[actor].headers)
        .send({ to, note: 'Reason for the move' });
      expect(res.status).toBe(expected);
      if (expected === 200) {
        expect(res.body.status).toBe(to);
        expect(await statusOf('commitments', id)).toBe(to);
      } else {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(await statusOf('commitments', id)).toBe(from);
      }
    });

    it.each(COMMITMENT_MOVES.map((m) => [m.from, m.to, m.noteRequired ? 400 : 200, m.allowed[0]!] as const))(
      '%s → %s without a note: %i (by %s)',
      async (from, to, expected, actor) => {
        const id = await commitmentIn(from);
        const res = await t
          .http()
          .post(`/api/v1/commitments/${id}/transitions`)
          .set(commitmentActors[actor].headers)
          .send({ to });
        expect(res.status).toBe(expected);
        if (expected === 400) {
          expect(res.body.errors).toEqual([{ field: 'note', message: expect.any(String) }]);
          expect(await statusOf('commitments', id)).toBe(from);
        } else {
          expect(await statusOf('commitments', id)).toBe(to);
        }
      },
    );

    it.each(COMMITMENT_ILLEGAL)('%s → %s is 409 with the allowed moves', async (from, to) => {
      const id = await commitmentIn(from);
      // Both sides try, so the refusal is about the move, not the actor.
      for (const actor of [commitmentActors.ownerSecretary, commitmentActors.otherCoChair]) {
        const res = await t
          .http()
          .post(`/api/v1/commitments/${id}/transitions`)
          .set(actor.headers)
          .send({ to, note: 'Reason for the move' });
        expect(res.status).toBe(409);
        expect(res.body.currentState).toBe(from);
        expect([...(res.body.allowedTransitions as string[])].sort()).toEqual(
          [...COMMITMENT_ALLOWED_FROM[from]].sort(),
        );
      }
      expect(await statusOf('commitments', id)).toBe(from);
    });
  });
});
