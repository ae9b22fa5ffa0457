import { registeredRoutes } from '../../src/app.factory.js';
import { USER_ROLES, type UserRole } from '../../src/users/entities/user.entity.js';
import { ACCESS_TABLE, type AccessRow, type Fixtures } from '../support/access-table.js';
import { createApiClient, createUser, forgedTokens, type Actor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Caller =
  UserRole | 'apiClient' | 'anonymous' | 'deactivated' | 'expired' | 'otherSecret' | 'otherAudience' | 'algNone';

interface Case {
  row: AccessRow;
  caller: Caller;
  expected: number;
}

function expectedFor(row: AccessRow, caller: Caller): number {
  if (row.public) return row.ok;
  if (caller === 'apiClient') return row.apiClient ?? 403;
  if (!(USER_ROLES as readonly string[]).includes(caller)) return 401;
  const role = caller as UserRole;
  if (row.byRole?.[role] !== undefined) return row.byRole[role]!;
  return row.roles === 'any' || row.roles?.includes(role) ? row.ok : (row.denied ?? 403);
}

const CALLERS: Caller[] = [
  ...USER_ROLES,
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
  const fixtures: Fixtures = {};

  beforeAll(async () => {
    t = await createTestApp();
    const actors: Partial<Record<UserRole, Actor>> = {};
    for (const role of USER_ROLES) {
      actors[role] = await createUser(t, role);
      headers.set(role, actors[role].headers);
    }
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
    const forged = forgedTokens(t, actors.admin!.id);
    for (const [name, value] of Object.entries(forged)) headers.set(name as Caller, value);

    fixtures['/api/v1/users/:id'] = (await createUser(t, 'analyst')).id;
    fixtures['/api/v1/api-clients/:id'] = (await createApiClient(t)).id;
  });
  afterAll(() => t.close());

  function resolve(path: string): string {
    return path.replace(/:(\w+)/g, (_m, _name, offset: number) => {
      const template = path.slice(0, offset) + path.slice(offset).replace(/^:\w+/, ':id');
      const key = Object.keys(fixtures).find(
        (k) => template.startsWith(k.slice(0, k.indexOf(':'))) && k.split('/').length <= template.split('/').length,
      );
      if (!key) throw new Error(`no fixture for ${path}`);
      return fixtures[key]!;
    });
  }

  it.each(CASES.map((c) => [c.row.method, c.row.path, c.caller, c.expected, c] as const))(
    '%s %s as %s → %i',
    async (method, path, _caller, expected, c) => {
      const req = t.http()[method.toLowerCase() as 'get'](resolve(path)).set(headers.get(c.caller)!);
      const res = c.row.body !== undefined ? await req.send(c.row.body as object) : await req;
      expect({ status: res.status, body: res.status >= 400 ? res.body : undefined }).toMatchObject({
        status: expected,
      });
      if (res.status === 401 || res.status === 403 || res.status === 404) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    },
  );

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
