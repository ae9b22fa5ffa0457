import { createUser, type Actor } from '../support/actors.js';
import { ProbeModule } from '../support/probe.module.js';
import { expectProblem } from '../support/problems.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

/**
 * Issue 11, the contract's remaining HTTP semantics: `Location` on every 201 (RFC 9110
 * §10.2.2), `If-Match` wherever it applies (§13.1.1, §13.2.2: deletes, actions on a record,
 * reads), and JSON bodies without repeated member names (I-JSON, RFC 7493 §2.3).
 */
describe('contract semantics', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let jc: JointCommittee;

  beforeAll(async () => {
    t = await createTestApp({ extraImports: [ProbeModule] });
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    jc = await jointCommittee(t, f);
  });
  afterAll(() => t.close());

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  describe('Location on every 201', () => {
    // Every create route of the API (the cosignature's is in test/audit/log-api.e2e-spec.ts),
    // with the path its Location must have: [route, actor, body, Location from the answer].
    type Create = {
      route: string;
      as: () => Actor;
      body: () => Promise<object> | object;
      at: (body: Record<string, string>) => string;
    };
    let n = 0;
    const code = () => `Q${(++n).toString(36).toUpperCase()}${Date.now().toString(36).slice(-3).toUpperCase()}`;
    const CREATES: Create[] = [
      {
        route: 'POST /users',
        as: () => admin,
        body: () => ({
          email: `loc.${code().toLowerCase()}@test.tansiq`,
          displayName: 'Location check',
          role: 'analyst',
          password: 'a-long-enough-password-1',
        }),
        at: (b) => `/api/v1/users/${b.id}`,
      },
      {
        route: 'POST /api-clients',
        as: () => admin,
        body: () => ({ name: `Location check ${code()}`, allCommittees: true }),
        at: (b) => `/api/v1/api-clients/${b.id}`,
      },
      {
        route: 'POST /parties',
        as: () => admin,
        body: () => ({ code: `P${code()}`, nameEn: 'Locatia', nameAr: 'لوكاتيا' }),
        at: (b) => `/api/v1/parties/${b.id}`,
      },
      {
        route: 'POST /agencies',
        as: () => admin,
        body: () => ({ partyId: jc.lb.id, code: `AG${code()}`, nameEn: 'Location Agency', nameAr: 'وكالة' }),
        at: (b) => `/api/v1/agencies/${b.id}`,
      },
      {
        route: 'POST /issue-areas',
        as: () => admin,
        body: () => ({ code: `area_${code().toLowerCase()}`, nameEn: 'Location area', nameAr: 'مجال' }),
        at: (b) => `/api/v1/issue-areas/${b.id}`,
      },
      {
        route: 'POST /people',
        as: () => admin,
        body: () => ({ partyId: jc.lb.id, nameEn: 'Lina Location', nameAr: 'لينا' }),
        at: (b) => `/api/v1/people/${b.id}`,
      },
      {
        route: 'POST /committees',
        as: () => admin,
        body: () => ({
          code: `C-${code()}`,
          nameEn: 'Location committee',
          nameAr: 'لجنة',
          partyIds: [jc.lb.id, jc.sy.id],
          timeZone: 'Asia/Beirut',
        }),
        at: (b) => `/api/v1/committees/${b.id}`,
      },
      {
        route: 'POST /committees/{committeeId}/members',
        as: () => admin,
        body: async () => ({ personId: (await f.person(jc.lb.id)).id, role: 'member', startOn: '2025-10-01' }),
        at: (b) => `/api/v1/committees/${b.committeeId}/members/${b.id}`,
      },
      {
        route: 'POST /committees/{committeeId}/meetings',
        as: () => jc.secretary,
        body: () => ({ startsAt: '2027-01-14T10:00:00+02:00', place: 'Beirut' }),
        at: (b) => `/api/v1/meetings/${b.id}`,
      },
      {
        route: 'POST /meetings/{id}/decisions',
        as: () => jc.secretary,
        body: () => ({ text: 'Exchange seizure records monthly.' }),
        at: (b) => `/api/v1/meetings/${b.meetingId}/decisions/${b.id}`,
      },
      {
        route: 'POST /committees/{committeeId}/assignments',
        as: () => jc.secretary,
        body: () => ({ title: 'Map the crossings', assigneeIds: [jc.officerPerson.id] }),
        at: (b) => `/api/v1/assignments/${b.id}`,
      },
      {
        route: 'POST /committees/{committeeId}/commitments',
        as: () => jc.secretary,
        body: () => ({ title: 'Station inspectors', ownerPartyId: jc.lb.id }),
        at: (b) => `/api/v1/commitments/${b.id}`,
      },
      {
        route: 'POST /assignments/{id}/updates',
        as: () => jc.secretary,
        body: () => ({ body: 'Patrol closed two crossings.' }),
        at: (b) => `/api/v1/assignments/${b.assignmentId}/updates/${b.id}`,
      },
      {
        route: 'POST /commitments/{id}/updates',
        as: () => jc.secretary,
        body: () => ({ body: 'First team stationed.' }),
        at: (b) => `/api/v1/commitments/${b.commitmentId}/updates/${b.id}`,
      },
    ];

    let ids: Record<string, string>;
    beforeAll(async () => {
      const meeting = await jc.w.meeting(jc.committee.id);
      const assignment = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id]);
      const commitment = await jc.w.commitment(jc.committee.id, jc.lb.id);
      ids = { committeeId: jc.committee.id, id: '' };
      ids.meeting = meeting.id;
      ids.assignment = assignment.id;
      ids.commitment = commitment.id;
    });
    const pathOf = (route: string) =>
      route
        .slice('POST '.length)
        .replace('{committeeId}', ids.committeeId!)
        .replace(/^\/meetings\/\{id\}/, `/meetings/${ids.meeting}`)
        .replace(/^\/assignments\/\{id\}/, `/assignments/${ids.assignment}`)
        .replace(/^\/commitments\/\{id\}/, `/commitments/${ids.commitment}`);

    it('lists every 201 of the document', async () => {
      const doc = (await t.http().get('/docs/openapi.json')).body as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      const created = Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, op]) => op.responses?.['201'])
          .map(([method]) => `${method.toUpperCase()} ${path.replace('/api/v1', '')}`),
      );
      expect(created.sort()).toEqual([...CREATES.map((c) => c.route), 'POST /log/cosignatures'].sort());
    });

    it.each(CREATES.map((c) => [c.route, c] as const))(
      '%s: Location is the GET of the record created, the same on an Idempotency-Key replay',
      async (_route, create) => {
        const body = await create.body();
        const key = `location-${create.route.replace(/[^a-z]/gi, '')}-${Date.now()}`;
        const send = () =>
          t
            .http()
            .post(`/api/v1${pathOf(create.route)}`)
            .set(create.as().headers)
            .set('idempotency-key', key)
            .send(body);
        const res = await send();
        expect(res.status).toBe(201);
        const location = res.headers.location as string;
        expect(location).toBe(create.at(res.body as Record<string, string>));
        expect(location).toMatch(/^\/api\/v1\/[^?#]*[^/]$/);
        const read = await t.http().get(location).set(create.as().headers);
        expect(read.status).toBe(200);
        expect((read.body as { id: string }).id).toBe((res.body as { id: string }).id);
        expect((res.body as { id: string }).id).toMatch(UUID);
        if (create.route === 'POST /api-clients') return; // SkipIdempotency: the key is shown once.
        const replay = await send();
        expect(replay.status).toBe(201);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(replay.headers.location).toBe(location);
      },
    );
  });

  describe('If-Match wherever it applies', () => {
    const STALE = '"AAAAAAAAAAAAAAAAAAAAAA"';

    it('DELETE: a stale tag is 412 and deletes nothing; a weak tag says why; the current tag, a list holding it or * deletes (204)', async () => {
      const party = await f.party();
      const path = `/api/v1/parties/${party.id}`;
      const current = (await t.http().get(path).set(admin.headers)).headers.etag as string;
      const del = (ifMatch: string) => t.http().delete(path).set(admin.headers).set('if-match', ifMatch);

      const stale = await del(STALE);
      expect(expectProblem(stale, 412, 'VERSION_MISMATCH')).toMatchObject({ currentVersion: 1 });
      expect(stale.headers.etag).toBe(current);
      const weak = await del(`W/${current}`);
      expect(expectProblem(weak, 412, 'VERSION_MISMATCH').detail).toBe(
        'If-Match named only weak entity tags (W/"…"), and a weak tag never matches If-Match (RFC 9110 §13.1.1: strong comparison); send the ETag as served, without W/.',
      );
      expect((await t.http().get(path).set(admin.headers)).status).toBe(200);
      expect((await del(`${STALE}, ${current}`)).status).toBe(204);

      const other = await f.party();
      expect(
        (await t.http().delete(`/api/v1/parties/${other.id}`).set(admin.headers).set('if-match', '*')).status,
      ).toBe(204);
      // Without If-Match: optional on a DELETE, as before.
      const third = await f.party();
      expect((await t.http().delete(`/api/v1/parties/${third.id}`).set(admin.headers)).status).toBe(204);
    });

    it('DELETE of a seat, a person and an API client: 412 on a stale tag', async () => {
      const person = await f.person(jc.lb.id);
      const seat = await f.member(jc.committee.id, person.id, 'member');
      const stale = (path: string) => t.http().delete(path).set(admin.headers).set('if-match', STALE);
      expect((await stale(`/api/v1/committees/${jc.committee.id}/members/${seat.id}`)).status).toBe(412);
      const loner = await f.person(jc.lb.id);
      expect((await stale(`/api/v1/people/${loner.id}`)).status).toBe(412);
      const client = await t
        .http()
        .post('/api/v1/api-clients')
        .set(admin.headers)
        .send({ name: 'If-Match check', allCommittees: true });
      expect((await stale(`/api/v1/api-clients/${(client.body as { id: string }).id}`)).status).toBe(412);
    });

    it('a transition and an acknowledgement: 412 on a stale tag, checked before the move; 200 on the current one', async () => {
      const assignment = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id]);
      const path = `/api/v1/assignments/${assignment.id}`;
      const current = (await t.http().get(path).set(jc.secretary.headers)).headers.etag as string;
      const move = (ifMatch: string) =>
        t
          .http()
          .post(`${path}/transitions`)
          .set(jc.secretary.headers)
          .set('if-match', ifMatch)
          .send({ to: 'in_progress' });
      expectProblem(await move(STALE), 412, 'VERSION_MISMATCH');
      expect(((await t.http().get(path).set(jc.secretary.headers)).body as { status: string }).status).toBe('open');
      const moved = await move(current);
      expect(moved.status).toBe(200);
      expect((moved.body as { status: string }).status).toBe('in_progress');

      // The move changed the representation: the tag read before it is stale now.
      const ack = await t.http().post(`${path}/acknowledgement`).set(jc.officer.headers).set('if-match', current);
      expectProblem(ack, 412, 'VERSION_MISMATCH');
      const fresh = (await t.http().get(path).set(jc.officer.headers)).headers.etag as string;
      const acknowledged = await t
        .http()
        .post(`${path}/acknowledgement`)
        .set(jc.officer.headers)
        .set('if-match', fresh);
      expect(acknowledged.status).toBe(200);
      // The acknowledgement moved the tag but not the version: the 412 names the current tag,
      // never a version number the client already holds.
      const stale = await move(fresh);
      expectProblem(stale, 412, 'VERSION_MISMATCH');
      const now = acknowledged.headers.etag as string;
      expect(now).not.toBe(fresh);
      expect(stale.headers.etag).toBe(now);
      expect((stale.body as { detail: string }).detail).toBe(
        `The assignment has changed since you read it: its current ETag is ${now}. Re-read it and retry.`,
      );

      const commitment = await jc.w.commitment(jc.committee.id, jc.lb.id);
      const claimed = await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/transitions`)
        .set(jc.secretary.headers)
        .set('if-match', STALE)
        .send({ to: 'in_progress' });
      expectProblem(claimed, 412, 'VERSION_MISMATCH');
    });

    it('GET and HEAD: 412 when no tag matches, 200 on the current tag, * or a list holding it; a page matches * only', async () => {
      const party = await f.party();
      const path = `/api/v1/parties/${party.id}`;
      const current = (await t.http().get(path).set(admin.headers)).headers.etag as string;
      const get = (ifMatch: string) => t.http().get(path).set(admin.headers).set('if-match', ifMatch);
      expect((await get(current)).status).toBe(200);
      expect((await get('*')).status).toBe(200);
      expect((await get(`${STALE}, ${current}`)).status).toBe(200);
      const stale = await get(STALE);
      expect(expectProblem(stale, 412, 'VERSION_MISMATCH')).toMatchObject({ currentVersion: 1 });
      expect(stale.headers.etag).toBe(current);
      expect((await get(`W/${current}`)).status).toBe(412);
      expect((await t.http().head(path).set(admin.headers).set('if-match', STALE)).status).toBe(412);
      // If-Match first (RFC 9110 §13.2.2): a failing one wins over a matching If-None-Match.
      expect((await get(STALE).set('if-none-match', current)).status).toBe(412);
      expect((await get(current).set('if-none-match', current)).status).toBe(304);
      // A malformed condition names the header.
      expect(expectProblem(await get('3'), 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ field: 'If-Match' }),
      ]);

      const page = (ifMatch: string) => t.http().get('/api/v1/parties').set(admin.headers).set('if-match', ifMatch);
      expect((await page('*')).status).toBe(200);
      expect(expectProblem(await page(current), 412, 'VERSION_MISMATCH').detail).toBe(
        'The resource has no entity tag, so no tag in If-Match can match it (RFC 9110 §13.1.1); only * does.',
      );
    });
  });

  describe('JSON bodies: each member name once (I-JSON, RFC 7493 §2.3)', () => {
    it('a repeated name is 400 VALIDATION_FAILED naming it, at any depth; JSON.parse would have kept the last', async () => {
      const post = (text: string) =>
        t.http().post('/api/v1/parties').set(admin.headers).set('content-type', 'application/json').send(text);
      const top = await post('{"code":"QZ","nameEn":"A","nameAr":"ب","code":"QY"}');
      expect(expectProblem(top, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'code', message: 'appears twice in one object: each member name once (I-JSON, RFC 7493 §2.3)' },
      ]);
      // The same name spelled with an escape is the same name.
      const escaped = await post('{"code":"QZ","nameEn":"A","nameAr":"ب","\\u0063ode":"QY"}');
      expect(expectProblem(escaped, 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ field: 'code' }),
      ]);
      const nested = await t
        .http()
        .post('/api/v1/probe/echo')
        .set('content-type', 'application/json')
        .send('{"name":"x","items":[{"label":"a"},{"label":"b","label":"c"}]}');
      expect(expectProblem(nested, 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ field: 'items[1].label' }),
      ]);
      // The same name in two objects, or as a value, is fine.
      const fine = await t
        .http()
        .post('/api/v1/probe/echo')
        .set('content-type', 'application/json')
        .send('{"name":"label","items":[{"label":"a"},{"label":"b"}]}');
      expect(fine.status).toBe(200);
    });
  });
});
