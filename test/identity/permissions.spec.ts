import { canSee, decide, type Caller, type Permission, type Target } from '../../src/identity/access/permissions.js';

/**
 * The permission table, written out: who may do what on committee C1 (parties LB and SY).
 * Expected values are literal; change them only when the rule itself changes.
 */
const C1 = 'c1';
const C2 = 'c2';
const LB = 'lb';
const SY = 'sy';
const seat = (committeeId: string, partyId: string, role: Caller['seats'][number]['role']) => ({
  committeeId,
  partyId,
  role,
  committeePartyIds: committeeId === C1 ? [LB, SY] : ['xx'],
});
const user = (role: 'admin' | 'secretary' | 'liaison_officer' | 'analyst', personId: string | null) =>
  ({ kind: 'user', userId: `u-${personId ?? role}`, role, personId }) as const;

const CALLERS: Record<string, Caller> = {
  admin: { principal: user('admin', null), seats: [] },
  analyst: { principal: user('analyst', null), seats: [] },
  apiClient: {
    principal: { kind: 'api_client', apiClientId: 'k', allCommittees: true, committeeIds: [] },
    seats: [],
  },
  secretaryLB: { principal: user('secretary', 'p-sec-lb'), seats: [seat(C1, LB, 'secretary')] },
  cochairSY: { principal: user('secretary', 'p-cochair-sy'), seats: [seat(C1, SY, 'co_chair')] },
  liaisonSY: { principal: user('liaison_officer', 'p-liaison-sy'), seats: [seat(C1, SY, 'liaison_officer')] },
  // A secretary seat held by a liaison account files nothing: the account role counts too.
  liaisonAccountOnSecretarySeat: { principal: user('liaison_officer', 'p-odd'), seats: [seat(C1, LB, 'secretary')] },
  outsiderSecretary: { principal: user('secretary', 'p-out'), seats: [seat(C2, LB, 'secretary')] },
};

type Row = [Permission, Target, string[]];
/** For each permission and target: exactly the callers allowed (everyone else is refused). */
const TABLE: Row[] = [
  [
    'committee.read',
    { committeeId: C1 },
    ['admin', 'analyst', 'apiClient', 'secretaryLB', 'cochairSY', 'liaisonSY', 'liaisonAccountOnSecretarySeat'],
  ],
  ['committee.file', { committeeId: C1 }, ['admin', 'secretaryLB', 'cochairSY']],
  ['seat.manage', { committeeId: C1 }, ['admin', 'secretaryLB', 'cochairSY']],
  ['seat.manage', { committeeId: C1, partyId: LB, personId: 'p-new' }, ['admin', 'secretaryLB']],
  ['seat.manage', { committeeId: C1, partyId: SY, personId: 'p-new' }, ['admin', 'cochairSY']],
  ['seat.manage', { committeeId: C1, partyId: LB, personId: 'p-sec-lb' }, ['admin']],
  ['person.create', { partyId: SY }, ['admin', 'secretaryLB', 'cochairSY']],
  ['person.create', { partyId: 'xx' }, ['admin', 'outsiderSecretary']],
  ['person.edit', { personCommitteeIds: [C1] }, ['admin', 'secretaryLB', 'cochairSY']],
  ['person.contact.read', { personCommitteeIds: [C1] }, ['admin', 'secretaryLB', 'cochairSY']],
  ['person.contact.read', { personCommitteeIds: [C2] }, ['admin', 'outsiderSecretary']],
  ['person.contact.read', { personCommitteeIds: [] }, ['admin']],
  ['assignment.manage', { committeeId: C1 }, ['secretaryLB', 'cochairSY']],
  ['assignment.act', { committeeId: C1, assigneeIds: ['p-liaison-sy'] }, ['liaisonSY']],
  ['assignment.act', { committeeId: C1, assigneeIds: [] }, []],
  ['commitment.claim', { committeeId: C1, partyId: LB }, ['secretaryLB']],
  ['commitment.claim', { committeeId: C1, partyId: SY }, ['cochairSY']],
  ['commitment.progress', { committeeId: C1, partyId: LB }, ['secretaryLB']],
  ['commitment.confirm', { committeeId: C1, partyId: LB }, ['cochairSY']],
  ['commitment.confirm', { committeeId: C1, partyId: SY }, ['secretaryLB']],
  ['timeline.post', { committeeId: C1 }, ['secretaryLB', 'cochairSY']],
  ['timeline.post', { committeeId: C1, assigneeIds: ['p-liaison-sy'] }, ['secretaryLB', 'cochairSY', 'liaisonSY']],
];

describe('permission table', () => {
  it.each(TABLE.map(([permission, target, allowed]) => [permission, JSON.stringify(target), allowed, target] as const))(
    '%s on %s: only %j',
    (permission, _label, allowed, target) => {
      const actual = Object.entries(CALLERS)
        .filter(([, caller]) => decide(caller, permission, target).allowed)
        .map(([name]) => name);
      expect(actual.sort()).toEqual([...allowed].sort());
    },
  );

  it('names the reason of every refusal', () => {
    const refusal = decide(CALLERS.liaisonSY!, 'commitment.confirm', { committeeId: C1, partyId: LB });
    expect(refusal).toEqual({
      allowed: false,
      reason: "Only another party's secretary or co-chair signs off a commitment.",
    });
  });

  it('hides committees the caller does not sit on (404, not 403)', () => {
    expect(canSee(CALLERS.outsiderSecretary!, C1)).toBe(false);
    expect(canSee(CALLERS.liaisonSY!, C1)).toBe(true);
    expect(
      canSee(
        { principal: { kind: 'api_client', apiClientId: 'k', allCommittees: false, committeeIds: [C2] }, seats: [] },
        C1,
      ),
    ).toBe(false);
  });
});
