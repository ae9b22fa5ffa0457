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
  ({ kind: 'user', userId: `u-${personId ?? role}`, role, personId, sessionId: 's', authenticatedAt: null }) as const;

// Every user here signed in recently (sudo mode); the sudo rules have their own callers below.
const CALLERS: Record<string, Caller> = {
  admin: { principal: user('admin', null), seats: [], recentSignIn: true },
  analyst: { principal: user('analyst', null), seats: [], recentSignIn: true },
  apiClient: {
    principal: { kind: 'api_client', apiClientId: 'k', allCommittees: true, committeeIds: [] },
    seats: [],
    recentSignIn: false,
  },
  secretaryLB: { principal: user('secretary', 'p-sec-lb'), seats: [seat(C1, LB, 'secretary')], recentSignIn: true },
  cochairSY: { principal: user('secretary', 'p-cochair-sy'), seats: [seat(C1, SY, 'co_chair')], recentSignIn: true },
  liaisonSY: {
    principal: user('liaison_officer', 'p-liaison-sy'),
    seats: [seat(C1, SY, 'liaison_officer')],
    recentSignIn: true,
  },
  // A secretary seat held by a liaison account files nothing: the account role counts too.
  liaisonAccountOnSecretarySeat: {
    principal: user('liaison_officer', 'p-odd'),
    seats: [seat(C1, LB, 'secretary')],
    recentSignIn: true,
  },
  outsiderSecretary: { principal: user('secretary', 'p-out'), seats: [seat(C2, LB, 'secretary')], recentSignIn: true },
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
  ['account.administer', {}, ['admin']],
  ['account.password.set', { userId: 'u-someone' }, ['admin']],
  // One's own password only through /me/password: the admin's own account is 'u-admin'.
  ['account.password.set', { userId: 'u-admin' }, []],
  ['api-client.administer', {}, ['admin']],
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
        {
          principal: { kind: 'api_client', apiClientId: 'k', allCommittees: false, committeeIds: [C2] },
          seats: [],
          recentSignIn: false,
        },
        C1,
      ),
    ).toBe(false);
  });
});

/**
 * Sudo mode: account and API-client administration needs a sign-in (or password
 * confirmation) within the window, on top of the admin role; nothing else does.
 */
describe('permission table: sensitive operations need a recent sign-in', () => {
  const admin = (recentSignIn: boolean): Caller => ({ principal: user('admin', null), seats: [], recentSignIn });
  const SUDO_CALLERS: Record<string, Caller> = {
    adminRecent: admin(true),
    adminLongAgo: admin(false),
    secretaryRecent: {
      principal: user('secretary', 'p-sec-lb'),
      seats: [seat(C1, LB, 'secretary')],
      recentSignIn: true,
    },
  };
  const SUDO_TABLE: Row[] = [
    ['account.administer', {}, ['adminRecent']],
    ['account.password.set', { userId: 'u-someone' }, ['adminRecent']],
    ['account.password.set', { userId: 'u-admin' }, []],
    ['api-client.administer', {}, ['adminRecent']],
    // Everything else an admin does stays open without a recent sign-in.
    ['committee.file', { committeeId: C1 }, ['adminRecent', 'adminLongAgo', 'secretaryRecent']],
    ['seat.manage', { committeeId: C1 }, ['adminRecent', 'adminLongAgo', 'secretaryRecent']],
    ['person.create', { partyId: SY }, ['adminRecent', 'adminLongAgo', 'secretaryRecent']],
    ['person.edit', { personCommitteeIds: [C1] }, ['adminRecent', 'adminLongAgo', 'secretaryRecent']],
  ];

  it.each(
    SUDO_TABLE.map(([permission, target, allowed]) => [permission, JSON.stringify(target), allowed, target] as const),
  )('%s on %s: only %j', (permission, _label, allowed, target) => {
    const actual = Object.entries(SUDO_CALLERS)
      .filter(([, caller]) => decide(caller, permission, target).allowed)
      .map(([name]) => name);
    expect(actual.sort()).toEqual([...allowed].sort());
  });

  it('refuses an admin without a recent sign-in with a code a client can act on', () => {
    for (const [permission, target] of [
      ['account.administer', {}],
      ['account.password.set', { userId: 'u-someone' }],
      ['api-client.administer', {}],
    ] as const) {
      expect(decide(SUDO_CALLERS.adminLongAgo!, permission, target)).toEqual({
        allowed: false,
        reason: 'This action needs a recent sign-in: confirm your password with POST /api/v1/auth/sudo, then retry.',
        code: 'REAUTHENTICATION_REQUIRED',
      });
    }
  });

  it("refuses an admin's own password reset, signed in recently or not, naming /me/password", () => {
    for (const caller of [SUDO_CALLERS.adminRecent!, SUDO_CALLERS.adminLongAgo!]) {
      expect(decide(caller, 'account.password.set', { userId: 'u-admin' })).toEqual({
        allowed: false,
        reason: 'Change your own password with POST /api/v1/me/password and your current password.',
        code: 'OWN_PASSWORD_REQUIRES_CURRENT',
      });
    }
  });

  it('refuses other roles as before, signed in recently or not', () => {
    expect(decide(SUDO_CALLERS.secretaryRecent!, 'api-client.administer', {})).toEqual({
      allowed: false,
      reason: 'Only an admin administers API clients.',
    });
  });
});
