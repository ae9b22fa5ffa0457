import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

/**
 * Review probe (issue 11, If-Match): on every route that takes If-Match, the ETag a GET gives is
 * the one PATCH compares, the ETag of PATCH's own answer is the one the next GET gives (so a
 * client may chain PATCHes), and of concurrent PATCHes under the same tag exactly one wins.
 */
describe('If-Match round trip on every PATCH route', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let jc: JointCommittee;
  const routes: { name: string; path: string; headers: () => Record<string, string>; body: (n: number) => object }[] =
    [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    jc = await jointCommittee(t, f);
    const agency = await f.agency(jc.lb.id);
    const area = await f.issueArea();
    const person = await f.person(jc.lb.id);
    const member = await f.member(jc.committee.id, person.id, 'liaison_officer');
    const meeting = await jc.w.meeting(jc.committee.id);
    const assignment = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id]);
    const commitment = await jc.w.commitment(jc.committee.id, jc.lb.id);
    const user = await createUser(t, 'liaison_officer');
    const adminH = () => admin.headers;
    const secH = () => jc.secretary.headers;
    routes.push(
      { name: 'party', path: `/parties/${jc.sy.id}`, headers: adminH, body: (n) => ({ nameEn: `Party ${n}` }) },
      { name: 'agency', path: `/agencies/${agency.id}`, headers: adminH, body: (n) => ({ nameEn: `Agency ${n}` }) },
      { name: 'issue area', path: `/issue-areas/${area.id}`, headers: adminH, body: (n) => ({ nameEn: `Area ${n}` }) },
      { name: 'person (admin)', path: `/people/${person.id}`, headers: adminH, body: (n) => ({ nameEn: `P ${n}` }) },
      { name: 'person (secretary)', path: `/people/${person.id}`, headers: secH, body: (n) => ({ nameEn: `S ${n}` }) },
      {
        name: 'committee',
        path: `/committees/${jc.committee.id}`,
        headers: adminH,
        body: (n) => ({ nameEn: `Committee ${n}` }),
      },
      {
        name: 'membership',
        path: `/committees/${jc.committee.id}/members/${member.id}`,
        headers: adminH,
        body: (n) => ({ startOn: `2025-09-${String(n).padStart(2, '0')}` }),
      },
      { name: 'meeting', path: `/meetings/${meeting.id}`, headers: secH, body: (n) => ({ place: `Place ${n}` }) },
      { name: 'assignment', path: `/assignments/${assignment.id}`, headers: secH, body: (n) => ({ title: `A ${n}` }) },
      { name: 'commitment', path: `/commitments/${commitment.id}`, headers: secH, body: (n) => ({ title: `C ${n}` }) },
      { name: 'user', path: `/users/${user.id}`, headers: adminH, body: (n) => ({ displayName: `User ${n}` }) },
      { name: 'me', path: `/me`, headers: () => jc.officer.headers, body: (n) => ({ displayName: `Me ${n}` }) },
    );
  });
  afterAll(() => t.close());

  const get = async (path: string, headers: Record<string, string>): Promise<string> => {
    const res = await t.http().get(`/api/v1${path}`).set(headers);
    expect(res.status).toBe(200);
    return res.headers.etag as string;
  };
  const patch = (path: string, headers: Record<string, string>, ifMatch: string, body: object) =>
    t.http().patch(`/api/v1${path}`).set(headers).set('if-match', ifMatch).send(body);

  it('GET’s ETag passes If-Match; PATCH’s answer carries the ETag the next GET gives; a used tag is stale', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      const g1 = await get(r.path, r.headers());
      const p1 = await patch(r.path, r.headers(), g1, r.body(1));
      if (p1.status !== 200) {
        failures.push(`${r.name}: PATCH with GET's ETag → ${p1.status} ${JSON.stringify(p1.body)}`);
        continue;
      }
      const g2 = await get(r.path, r.headers());
      if (p1.headers.etag !== g2) failures.push(`${r.name}: PATCH answered ETag ${p1.headers.etag}, GET then ${g2}`);
      const p2 = await patch(r.path, r.headers(), p1.headers.etag as string, r.body(2));
      if (p2.status !== 200) failures.push(`${r.name}: PATCH with PATCH's ETag → ${p2.status}`);
      const p3 = await patch(r.path, r.headers(), g1, r.body(3));
      if (p3.status !== 412) failures.push(`${r.name}: PATCH with a stale ETag → ${p3.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('HEAD answers 304 to an If-None-Match naming the current ETag, as GET does (RFC 9110 §13.1.2)', async () => {
    const path = `/api/v1/parties/${jc.lb.id}`;
    const etag = (await t.http().get(path).set(admin.headers)).headers.etag as string;
    expect((await t.http().head(path).set(admin.headers).set('if-none-match', etag)).status).toBe(304);
    expect((await t.http().head(path).set(admin.headers).set('if-none-match', '"other"')).status).toBe(200);
  });

  it('a replayed create carries the ETag of the create, which If-Match accepts', async () => {
    const create = () =>
      t
        .http()
        .post(`/api/v1/committees/${jc.committee.id}/commitments`)
        .set(jc.secretary.headers)
        .set('idempotency-key', 'etag-replay-1')
        .send({ title: 'Replayed', ownerPartyId: jc.lb.id, dueOn: '2030-01-01' });
    const first = await create();
    expect(first.status).toBe(201);
    const replay = await create();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const path = `/api/v1/commitments/${(first.body as { id: string }).id}`;
    const current = (await t.http().get(path).set(jc.secretary.headers)).headers.etag as string;
    expect(first.headers.etag).toBe(current);
    expect(replay.headers.etag).toBe(current);
    const patched = await t
      .http()
      .patch(path)
      .set(jc.secretary.headers)
      .set('if-match', replay.headers.etag as string)
      .send({ title: 'After replay' });
    expect(patched.status).toBe(200);
  });

  it('of concurrent PATCHes under one ETag exactly one applies, the others are 412', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      const etag = await get(r.path, r.headers());
      const results = await Promise.all(
        [11, 12, 13, 14, 15].map(async (n) => (await patch(r.path, r.headers(), etag, r.body(n))).status),
      );
      const ok = results.filter((s) => s === 200).length;
      const stale = results.filter((s) => s === 412).length;
      if (ok !== 1 || stale !== 4) failures.push(`${r.name}: ${results.join(',')}`);
    }
    expect(failures).toEqual([]);
  });
});
