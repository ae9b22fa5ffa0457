import { createUser, type Actor } from './actors.js';
import type { Ref, RegistryFactory } from './registry-factory.js';
import type { TestApp } from './test-app.js';
import { WorkFactory } from './work-factory.js';

/** A committee of two parties with the seats work tracking needs, and a user in each seat. */
export interface JointCommittee {
  /** The secretary's party, and the other party. */
  lb: Ref;
  sy: Ref;
  committee: Ref;
  /** lb's secretary (secretary seat), who records the work items `w` makes. */
  secretary: Actor;
  w: WorkFactory;
  /** A secretary-role user holding sy's co-chair seat: the other side of a commitment of lb. */
  coChairSY: Actor;
  coChairPerson: Ref;
  /** An sy liaison officer (liaison_officer seat), and their person for assigneeIds. */
  officer: Actor;
  officerPerson: Ref;
}

/**
 * Builds a JointCommittee through the API (`committee` adds to or overrides the committee's
 * create body, e.g. its timeZone). Each call makes new parties and a new committee, so a
 * describe block can list "exactly" what it created.
 */
export async function jointCommittee(t: TestApp, f: RegistryFactory, committee: object = {}): Promise<JointCommittee> {
  const [lb, sy] = [await f.party(), await f.party()];
  const created = await f.committee([lb.id, sy.id], committee);
  const w = new WorkFactory(t, await createUser(t, 'secretary'), f);
  await w.seatSecretary(created.id, lb.id);
  const coChairPerson = await f.person(sy.id);
  await f.member(created.id, coChairPerson.id, 'co_chair');
  const coChairSY = await createUser(t, 'secretary', { personId: coChairPerson.id });
  const officerPerson = await f.person(sy.id);
  await f.member(created.id, officerPerson.id, 'liaison_officer');
  const officer = await createUser(t, 'liaison_officer', { personId: officerPerson.id });
  return { lb, sy, committee: created, secretary: w.secretary, w, coChairSY, coChairPerson, officer, officerPerson };
}

/**
 * The dueBefore fixture: per title, a due date around the bound 2030-01-15 (the day before,
 * the bound itself, the day after…) or none.
 */
export const DUES: Record<string, string | null> = {
  early: '2030-01-10',
  dayBefore: '2030-01-14',
  onTheBound: '2030-01-15',
  dayAfter: '2030-01-16',
  late: '2030-02-01',
  undated: null,
};

/**
 * `dueBefore` on work-item lists: "Due strictly before this date" (the OpenAPI description of
 * the filter), so the bound itself is excluded, and an item without a due date is never due
 * before anything. dueBefore → the titles of DUES listed, in due-date order.
 */
export const DUE_BEFORE_CASES: [string, string[]][] = [
  ['2030-01-15', ['early', 'dayBefore']],
  ['2030-01-16', ['early', 'dayBefore', 'onTheBound']],
  ['2030-01-11', ['early']],
  ['2031-01-01', ['early', 'dayBefore', 'onTheBound', 'dayAfter', 'late']],
];

/**
 * Records, in DUES order, one assignment to the officer and one commitment of lb per entry of
 * DUES on the committee; returns title → id for each kind.
 */
export async function datedWork(
  t: TestApp,
  jc: JointCommittee,
): Promise<{ assignments: Record<string, string>; commitments: Record<string, string> }> {
  const assignments: Record<string, string> = {};
  const commitments: Record<string, string> = {};
  for (const [title, dueOn] of Object.entries(DUES)) {
    const a = await t
      .http()
      .post(`/api/v1/committees/${jc.committee.id}/assignments`)
      .set(jc.secretary.headers)
      .send({ title, dueOn, assigneeIds: [jc.officerPerson.id] });
    expect(a.status).toBe(201);
    assignments[title] = a.body.id as string;
    const c = await t
      .http()
      .post(`/api/v1/committees/${jc.committee.id}/commitments`)
      .set(jc.secretary.headers)
      .send({ title, dueOn, ownerPartyId: jc.lb.id });
    expect(c.status).toBe(201);
    commitments[title] = c.body.id as string;
  }
  return { assignments, commitments };
}
