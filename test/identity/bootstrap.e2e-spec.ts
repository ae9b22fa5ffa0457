import { BootstrapService } from '../../src/identity/auth/bootstrap.service.js';
import { DemoSeedService } from '../../src/demo/demo-seed.service.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/demo-accounts.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('bootstrap admin and demo accounts', () => {
  let a: TestApp;
  let b: TestApp;
  const env = {
    BOOTSTRAP_ADMIN_EMAIL: 'First.Admin@Example.org',
    BOOTSTRAP_ADMIN_PASSWORD: 'a-very-long-bootstrap-passphrase',
  };

  beforeAll(async () => {
    a = await createTestApp({ env });
    b = await createTestApp({ env, database: a.db });
  });
  afterAll(async () => {
    await b.close({ keepDatabase: true });
    await a.close();
  });

  it('creates exactly one admin when two instances start at once, and nothing on restart', async () => {
    const results = await Promise.all([
      a.app.get(BootstrapService).ensureAdmin(),
      b.app.get(BootstrapService).ensureAdmin(),
    ]);
    expect(results.sort()).toEqual(['created', 'exists']);
    expect(await a.app.get(BootstrapService).ensureAdmin()).toBe('exists');
    const admins = await sql<{ email: string }>(a.db.url, `SELECT email FROM users WHERE role = 'admin'`);
    expect(admins).toEqual([{ email: 'first.admin@example.org' }]);
    const login = await a
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'first.admin@example.org', password: env.BOOTSTRAP_ADMIN_PASSWORD });
    expect(login.status).toBe(200);
  });

  it('loads one demo login per role, idempotently, even from two instances at once', async () => {
    const [first, second] = await Promise.all([a.app.get(DemoSeedService).seed(), b.app.get(DemoSeedService).seed()]);
    const created = [...first.accounts, ...second.accounts]
      .filter((x) => x.created)
      .map((x) => x.email)
      .sort();
    expect(created).toEqual(DEMO_ACCOUNTS.map((x) => x.email).sort());
    const roles = await sql<{ role: string }>(
      a.db.url,
      `SELECT DISTINCT role::text AS role FROM users WHERE email LIKE '%@tansiq.demo' ORDER BY 1`,
    );
    expect(roles.map((r) => r.role)).toEqual(['admin', 'analyst', 'liaison_officer', 'secretary']);
    const tokens: Record<string, string> = {};
    for (const account of DEMO_ACCOUNTS) {
      const res = await a.http().post('/api/v1/auth/login').send({ email: account.email, password: DEMO_PASSWORD });
      expect(res.status).toBe(200);
      tokens[account.email] = res.body.accessToken;
    }
    const committees = async (email: string) =>
      (
        (await a.http().get('/api/v1/committees').set('authorization', `Bearer ${tokens[email]}`)).body.items as {
          code: string;
        }[]
      ).map((c) => c.code);
    expect(await committees('admin@tansiq.demo')).toEqual([
      'LB-SY-ARMS',
      'LB-SY-BORD',
      'LB-SY-CT',
      'LB-SY-MIGR',
      'LB-SY-NARC',
    ]);
    expect(await committees('liaison.sy@tansiq.demo')).toEqual(['LB-SY-ARMS', 'LB-SY-MIGR', 'LB-SY-NARC']);
    expect(await committees('secretary.lb@tansiq.demo')).toEqual([
      'LB-SY-ARMS',
      'LB-SY-CT',
      'LB-SY-MIGR',
      'LB-SY-NARC',
    ]);
    const me = await a.http().get('/api/v1/me').set('authorization', `Bearer ${tokens['cochair.sy@tansiq.demo']}`);
    expect(me.body.person.nameEn).toBe('Maj. Gen. Khaled Al-Ahmad');
    expect(me.body.memberships.map((m: { role: string }) => m.role)).toEqual([
      'co_chair',
      'co_chair',
      'co_chair',
      'co_chair',
    ]);
  });

  it('changes nothing when loaded again', async () => {
    const count = async () =>
      (
        await sql<{ n: string }>(
          a.db.url,
          `SELECT (SELECT count(*) FROM committees) + (SELECT count(*) FROM people) + (SELECT count(*) FROM memberships) + (SELECT count(*) FROM users) AS n`,
        )
      )[0]!.n;
    const before = await count();
    const again = await a.app.get(DemoSeedService).seed();
    expect(again.accounts).toHaveLength(8);
    expect(again.accounts.every((x) => !x.created)).toBe(true);
    expect(await count()).toBe(before);
  });
});
