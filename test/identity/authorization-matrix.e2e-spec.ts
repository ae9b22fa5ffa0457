import { registeredRoutes } from '../../src/app.factory.js';
import { SIG_COSIGNATURE_V1, generateKey } from '../../src/audit/log/signed-note.js';
import { USER_ROLES, type UserRole } from '../../src/identity/users/entities/user.entity.js';
import { ACCESS_TABLE, type AccessRow } from '../support/access-table.js';
import { createApiClient, createUser, forgedTokens, type Actor } from '../support/actors.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { WorkFactory } from '../support/work-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Caller =
  | UserRole
  | 'staleAdmin'
  | 'apiClient'
  | 'anonymous'
  | 'deactivated'
  | 'expired'
  | 'otherSecret'
  | 'otherAudience'
  | 'algNone';

interface Case {
  row: AccessRow;
  caller: Caller;
  expected: number;
}

function expectedFor(row: AccessRow, caller: Caller): number {
  if (row.public) return row.ok;
  // An admin whose sign-in is older than the sudo window.
  if (caller === 'staleAdmin') return row.sudo ? 403 : expectedFor(row, 'admin');
  if (caller === 'apiClient') return row.apiClient ?? 403;
  if (!(USER_ROLES as readonly string[]).includes(caller)) return 401;
  const role = caller as UserRole;
  if (row.byRole?.[role] !== undefined) return row.byRole[role]!;
  return row.roles === 'any' || row.roles?.includes(role) ? row.ok : (row.denied ?? 403);
}

const CALLERS: Caller[] = [
  ...USER_ROLES,
  'staleAdmin',
  'apiClient',
  'anonymous',
  'deactivated',
  'expired',
  'otherSecret',
  'otherAudience',
  'algNone',
];
const CASES: Case[] = ACCESS_TABLE.filter((row) => !row.prefixMatch).flatMap((row) =>
  CALLERS.map((caller) => ({ row, caller, expected: expectedFor(row, caller) })),
);

describe('authorization matrix', () => {
  let t: TestApp;
  const headers = new Map<Caller, Record<string, string>>();
  const fixtures: Record<string, string> = {};
  const bodies: Record<string, object> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const actors: Partial<Record<UserRole, Actor>> = {};
    for (const role of USER_ROLES) {
      actors[role] = await createUser(t, role);
      headers.set(role, actors[role].headers);
    }
    headers.set('staleAdmin', (await createUser(t, 'admin', { signedInMinutesAgo: 60 })).headers);
    headers.set('apiClient', (await createApiClient(t)).headers);
    headers.set('anonymous', {});
    const deactivated = await createUser(t, 'secretary');
    const res = await t
      .http()
      .patch(`/api/v1/users/${deactivated.id}`)
      .set(actors.admin!.headers)
      .send({ active: false });
    expect(res.status).toBe(200);
    headers.set('deactivated', deactivated.headers);
    for (const [name, value] of Object.entries(forgedTokens(t, actors.admin!.id))) headers.set(name as Caller, value);

    fixtures.user = (await createUser(t, 'analyst')).id;
    fixtures.adminSelf = actors.admin!.id;
    bodies.newUser = {
      email: 'matrix.new@test.tansiq',
      displayName: 'Matrix',
      role: 'analyst',
      password: 'a-long-orchard-passphrase',
    };
    fixtures.apiClient = (await createApiClient(t)).id;
    fixtures.apiClientToRevoke = (await createApiClient(t)).id;

    // The secretary and the liaison officer sit on ownCommittee, not on otherCommittee.
    const f = new RegistryFactory(t, actors.admin!);
    const [lb, sy, third] = [await f.party(), await f.party(), await f.party()];
    fixtures.partyLB = lb.id;
    fixtures.agency = (await f.agency(lb.id)).id;
    const area = await f.issueArea();
    fixtures.issueArea = area.id;
    const own = await f.committee([lb.id, sy.id], { issueAreaIds: [area.id] });
    const other = await f.committee([lb.id, sy.id]);
    fixtures.ownCommittee = own.id;
    fixtures.otherCommittee = other.id;
    const secretaryPerson = await f.person(lb.id, { agencyId: fixtures.agency });
    const liaisonPerson = await f.person(sy.id);
    await f.member(own.id, secretaryPerson.id, 'secretary');
    await f.member(own.id, liaisonPerson.id, 'liaison_officer');
    await f.linkUser(actors.secretary!, secretaryPerson.id);
    await f.linkUser(actors.liaison_officer!, liaisonPerson.id);
    const ownMember = await f.person(sy.id);
    const otherMember = await f.person(sy.id);
    fixtures.ownMember = ownMember.id;
    fixtures.otherMember = otherMember.id;
    await f.member(own.id, ownMember.id, 'member');
    // A seat of the secretary's own party: each side manages its own delegation's seats.
    fixtures.ownMembership = (await f.member(own.id, (await f.person(lb.id)).id, 'member')).id;
    fixtures.otherMembership = (await f.member(other.id, otherMember.id, 'member')).id;
    fixtures.ownObserver = (await f.member(own.id, (await f.person(lb.id)).id, 'observer')).id;
    fixtures.otherObserver = (await f.member(other.id, (await f.person(lb.id)).id, 'observer')).id;
    const stranger = await f.person(third.id);
    bodies.thirdPartyMember = { personId: stranger.id, role: 'member' };
    bodies.meetingWithStranger = { startsAt: '2025-10-31T10:00:00+02:00', place: 'Beirut', attendeeIds: [stranger.id] };
    bodies.assignmentToStranger = { title: 'Matrix', assigneeIds: [stranger.id] };
    bodies.commitmentOfStranger = { title: 'Matrix', ownerPartyId: third.id };

    // Work items in both committees, created by an admin-made secretary of each.
    const w = new WorkFactory(t, await createUser(t, 'secretary'), f);
    for (const [name, committee] of [
      ['own', own],
      ['other', other],
    ] as const) {
      const assignee = name === 'own' ? liaisonPerson.id : otherMember.id;
      await w.seatSecretary(committee.id, lb.id);
      fixtures[`${name}Meeting`] = (await w.meeting(committee.id)).id;
      fixtures[`${name}Assignment`] = (await w.assignment(committee.id, [assignee])).id;
      fixtures[`${name}Commitment`] = (await w.commitment(committee.id, sy.id)).id;
    }
    bodies.witnessKey = { verifierKey: generateKey('matrix.test/witness', SIG_COSIGNATURE_V1).vkey };
    // GET /log/checkpoint answers 200 once the log has signed one.
    await t.sequenceLog();
  });
  afterAll(() => t.close());

  function resolve(row: AccessRow): string {
    const fixture = (name: string, ref: string | undefined) => {
      const value = fixtures[ref ?? ''];
      if (!value) throw new Error(`no fixture for ${name} in ${row.method} ${row.path}`);
      return value;
    };
    const path = row.path.replace(/:(\w+)/g, (_m, name: string) => fixture(`:${name}`, row.params?.[name]));
    const query = Object.entries(row.query ?? {}).map(([name, ref]) => `${name}=${fixture(name, ref)}`);
    return query.length ? `${path}?${query.join('&')}` : path;
  }

  it.each(
    CASES.map(
      (c) =>
        [
          c.row.method,
          c.row.path,
          [
            ...Object.values(c.row.params ?? {}),
            ...Object.entries(c.row.query ?? {}).map(([k, v]) => `${k}=${v}`),
          ].join(','),
          c.caller,
          c.expected,
          c,
        ] as const,
    ),
  )('%s %s (%s) as %s → %i', async (method, _path, _params, _caller, expected, c) => {
    const req = t
      .http()
      [method.toLowerCase() as 'get'](resolve(c.row))
      .set({ ...headers.get(c.caller)!, ...c.row.headers });
    const body = typeof c.row.body === 'string' ? bodies[c.row.body] : c.row.body;
    const res = body !== undefined ? await req.send(body as object) : await req;
    expect({ status: res.status, body: res.status >= 400 ? res.body : undefined }).toMatchObject({ status: expected });
    if (res.status === 401 || res.status === 403 || res.status === 404) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    if (c.caller === 'staleAdmin' && c.row.sudo) {
      expect(res.body).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', sudoUrl: '/api/v1/auth/sudo' });
    }
  });

  it('mentions every route the app serves', () => {
    const served = registeredRoutes(t.app).filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(served.length).toBeGreaterThan(10);
    const missing = served.filter(
      (r) =>
        !ACCESS_TABLE.some(
          (row) =>
            row.method === r.method &&
            (row.prefixMatch ? r.url.startsWith(row.path.replace(/\*$/, '')) : row.path === r.url),
        ),
    );
    expect(missing).toEqual([]);
  });

  it('lists no route the app does not serve', () => {
    const served = registeredRoutes(t.app);
    const stale = ACCESS_TABLE.filter(
      (row) => !row.prefixMatch && !served.some((r) => r.method === row.method && r.url === row.path),
    );
    expect(stale).toEqual([]);
  });
});
