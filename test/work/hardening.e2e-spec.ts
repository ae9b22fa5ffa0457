import { createUser, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { WorkFactory } from '../support/work-factory.js';

const PROBLEM = /^application\/problem\+json/;

/** Bad input is a 4xx naming the field, never a 500; the record keeps its rules under every path. */
describe('hardening', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let w: WorkFactory;
  let lb: Ref;
  let sy: Ref;
  let committee: Ref;
  let cochairSY: Actor;
  let officer: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    [lb, sy] = [await f.party(), await f.party()];
    committee = await f.committee([lb.id, sy.id]);
    w = new WorkFactory(t, await createUser(t, 'secretary'), f);
    await w.seatSecretary(committee.id, lb.id);
    officer = await f.person(lb.id);
    await f.member(committee.id, officer.id, 'liaison_officer');
    const cochair = await f.person(sy.id);
    await f.member(committee.id, cochair.id, 'co_chair');
    cochairSY = await createUser(t, 'secretary', { personId: cochair.id });
  });
  afterAll(() => t.close());

  const secretary = () => w.secretary.headers;

  function expect400(
    res: { status: number; headers: Record<string, string>; body: { errors?: { field: string }[] } },
    field: string,
  ) {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors?.map((e) => e.field)).toContain(field);
  }

  it.each([
    ['dueOn', '2025-02-30'],
    ['dueOn', '0000-01-01'],
    ['dueOn', '2025-13-01'],
  ])('refuses the impossible date %s=%s', async (field, value) => {
    expect400(
      await t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(secretary())
        .send({ title: 'x', ownerPartyId: lb.id, [field]: value }),
      field,
    );
  });

  it.each([
    [`/api/v1/committees/:c/commitments?dueBefore=2025-02-30`, 'dueBefore'],
    [`/api/v1/committees/:c/assignments?dueBefore=2025-13-45`, 'dueBefore'],
    [`/api/v1/me/assignments?dueBefore=2025-02-30`, 'dueBefore'],
    [`/api/v1/committees?updatedSince=2025-W44`, 'updatedSince'],
    [`/api/v1/committees/:c/meetings?from=2025-123`, 'from'],
    [`/api/v1/audit?from=2025-W44`, 'from'],
  ])('refuses the malformed query %s', async (path, field) => {
    const headers = path.startsWith('/api/v1/audit') ? admin.headers : secretary();
    expect400(await t.http().get(path.replace(':c', committee.id)).set(headers), field);
  });

  it('needs an offset on meeting times and refuses week dates', async () => {
    for (const startsAt of ['2025-10-31T10:00:00', '2025', '2025-W44', '2025-10-31T25:00:00+02:00']) {
      expect400(
        await t
          .http()
          .post(`/api/v1/committees/${committee.id}/meetings`)
          .set(secretary())
          .send({ startsAt, place: 'Beirut' }),
        'startsAt',
      );
    }
  });

  it('refuses null for required fields on PATCH, and takes it where a field is nullable', async () => {
    const commitment = await w.commitment(committee.id, lb.id);
    const patch = (body: object, version: number) =>
      t
        .http()
        .patch(`/api/v1/commitments/${commitment.id}`)
        .set(secretary())
        .set('if-match', `"${version}"`)
        .send(body);
    for (const field of ['title', 'progress', 'description']) expect400(await patch({ [field]: null }, 1), field);
    const cleared = await patch({ dueOn: null }, 1);
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ dueOn: null, overdue: false });
    expect400(await t.http().patch(`/api/v1/parties/${lb.id}`).set(admin.headers).send({ code: null }), 'code');
    expect400(
      await t.http().patch(`/api/v1/committees/${committee.id}`).set(admin.headers).send({ timeZone: null }),
      'timeZone',
    );
  });

  it('takes what clients send: any fraction of a second, lowercase t/z, date-only filters', async () => {
    for (const startsAt of [
      '2025-10-31T10:00:00.1234567+02:00',
      '2025-10-31t08:00:00.123456789z',
      '2025-10-31T10:00+02:00',
    ]) {
      const res = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/meetings`)
        .set(secretary())
        .send({ startsAt, place: 'Beirut' });
      expect(res.status).toBe(201);
      expect(res.body.startsAt).toMatch(/^2025-10-31T08:00:00/);
    }
    expect((await t.http().get(`/api/v1/committees?updatedSince=2025-10-01`).set(admin.headers)).status).toBe(200);
    expect(
      (await t.http().get(`/api/v1/committees/${committee.id}/meetings?from=2025-10-01&to=2025-11-01`).set(secretary()))
        .body.items.length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('refuses input nested deeper than any request needs, with 400 not a crash', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    const res = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(secretary())
      .send({ title: 'x', ownerPartyId: lb.id, extra: deep });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
  });

  it('lets only the owner side set progress, also when recording the commitment', async () => {
    const bySY = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(cochairSY.headers)
      .send({ title: 'x', ownerPartyId: lb.id, progress: 95 });
    expect(bySY.status).toBe(403);
    const byLB = await t
      .http()
      .post(`/api/v1/committees/${committee.id}/commitments`)
      .set(secretary())
      .send({ title: 'x', ownerPartyId: lb.id, progress: 20 });
    expect(byLB.status).toBe(201);
    expect(byLB.body.progress).toBe(20);
  });

  it('refuses characters PostgreSQL cannot store, in bodies and queries', async () => {
    expect400(
      await t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(secretary())
        .send({ title: 'a\u0000b', ownerPartyId: lb.id }),
      'title',
    );
    expect400(
      await t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(secretary())
        .send({ title: 'a\ud800b', ownerPartyId: lb.id }),
      'title',
    );
    expect400(await t.http().get('/api/v1/committees?q=a%00b').set(admin.headers), 'q');
  });

  it('answers tampered cursors with 400', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const id = '7d7a1e0e-6f1c-4a39-9e0b-0c6f6a0f7f11';
    for (const cursor of [
      b64({ s: '-createdAt', v: 'garbage', id }),
      b64({ s: '-createdAt', v: '2025-02-30 10:00:00+00', id }),
      b64({ s: '-createdAt', v: '2025-10-01 10:00:00+00', id: '------------------------------------' }),
      b64({ s: 'code', v: 'a\u0000', id }),
    ]) {
      expect400(await t.http().get(`/api/v1/committees?sort=-createdAt&cursor=${cursor}`).set(admin.headers), 'cursor');
    }
    expect400(await t.http().get('/api/v1/audit?cursor=9999999999999999999').set(admin.headers), 'cursor');
  });

  it('stores zones under the canonical name both Node and PostgreSQL know, and refuses the rest', async () => {
    const patch = (timeZone: string) =>
      t.http().patch(`/api/v1/committees/${committee.id}`).set(admin.headers).send({ timeZone });
    expect400(await patch('Mars/Olympus'), 'timeZone');
    expect400(await patch('Beirut'), 'timeZone');
    // Node alone knows this old alias; it is stored as the zone it stands for.
    expect((await patch('US/Pacific-New')).body.timeZone).toBe('America/Los_Angeles');
    expect((await patch('asia/beirut')).body.timeZone).toBe('Asia/Beirut');
    expect((await t.http().get('/api/v1/me').set(secretary())).status).toBe(200);
    expect(
      (await t.http().get(`/api/v1/committees/${committee.id}/commitments?overdue=true`).set(secretary())).status,
    ).toBe(200);
  });

  it('answers a malformed URL with problem+json', async () => {
    const res = await t.http().get('/api/v1/committees/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('moves the version when only a related set changes, and records the set in the audit trail', async () => {
    const second = await f.person(lb.id);
    await f.member(committee.id, second.id, 'liaison_officer');
    const assignment = await w.assignment(committee.id, [officer.id]);
    const first = await t
      .http()
      .patch(`/api/v1/assignments/${assignment.id}`)
      .set(secretary())
      .set('if-match', '"1"')
      .send({ assigneeIds: [officer.id, second.id] });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await t
      .http()
      .patch(`/api/v1/assignments/${assignment.id}`)
      .set(secretary())
      .set('if-match', '"1"')
      .send({ assigneeIds: [second.id] });
    expect(stale.status).toBe(412);

    const meeting = await w.meeting(committee.id);
    const attended = await t
      .http()
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(secretary())
      .set('if-match', '"1"')
      .send({ attendeeIds: [officer.id] });
    expect(attended.body.version).toBe(2);
    const events = await t
      .http()
      .get('/api/v1/audit')
      .query({ entity: 'meetings', entityId: meeting.id })
      .set(admin.headers);
    expect(events.body.items[0].changes).toEqual({ attendeeIds: { before: [], after: [officer.id] } });

    const other = await f.party();
    const widened = await t
      .http()
      .patch(`/api/v1/committees/${committee.id}`)
      .set(admin.headers)
      .send({ partyIds: [lb.id, sy.id, other.id] });
    expect(widened.body.parties).toHaveLength(3);
    const again = await t
      .http()
      .get(`/api/v1/committees/${committee.id}`)
      .set(admin.headers)
      .set('if-none-match', `"${widened.body.version - 1}"`);
    expect(again.status).toBe(200);
  });

  it('needs a real ETag where If-Match is required: * does not do', async () => {
    const commitment = await w.commitment(committee.id, lb.id);
    const res = await t
      .http()
      .patch(`/api/v1/commitments/${commitment.id}`)
      .set(secretary())
      .set('if-match', '*')
      .send({ title: 'x' });
    expect(res.status).toBe(428);
  });

  it('freezes a claimed commitment, and lets only the owner side report progress', async () => {
    const commitment = await w.commitment(committee.id, lb.id);
    const progressBySY = await t
      .http()
      .post(`/api/v1/commitments/${commitment.id}/updates`)
      .set(cochairSY.headers)
      .send({ body: 'They are at 90%', progress: 90 });
    expect(progressBySY.status).toBe(403);
    const commentBySY = await t
      .http()
      .post(`/api/v1/commitments/${commitment.id}/updates`)
      .set(cochairSY.headers)
      .send({ body: 'We see progress' });
    expect(commentBySY.status).toBe(201);
    const patchBySY = await t
      .http()
      .patch(`/api/v1/commitments/${commitment.id}`)
      .set(cochairSY.headers)
      .set('if-match', '"1"')
      .send({ progress: 0 });
    expect(patchBySY.status).toBe(403);

    await t
      .http()
      .post(`/api/v1/commitments/${commitment.id}/transitions`)
      .set(secretary())
      .send({ to: 'in_progress' });
    await t
      .http()
      .post(`/api/v1/commitments/${commitment.id}/transitions`)
      .set(secretary())
      .send({ to: 'fulfilment_claimed' });
    const { version } = (await t.http().get(`/api/v1/commitments/${commitment.id}`).set(secretary())).body as {
      version: number;
    };
    const edit = await t
      .http()
      .patch(`/api/v1/commitments/${commitment.id}`)
      .set(secretary())
      .set('if-match', `"${version}"`)
      .send({ title: 'Quietly changed' });
    expect(edit.status).toBe(409);
    expect(edit.body.currentState).toBe('fulfilment_claimed');
    const progress = await t
      .http()
      .post(`/api/v1/commitments/${commitment.id}/updates`)
      .set(secretary())
      .send({ body: 'x', progress: 10 });
    expect(progress.status).toBe(409);
    await t
      .http()
      .post(`/api/v1/commitments/${commitment.id}/transitions`)
      .set(cochairSY.headers)
      .send({ to: 'fulfilled' });
    const after = await t
      .http()
      .patch(`/api/v1/commitments/${commitment.id}`)
      .set(secretary())
      .set('if-match', `"${version + 1}"`)
      .send({ dueOn: '2031-01-01' });
    expect(after.status).toBe(409);
  });

  it('takes no new work in a dissolved committee', async () => {
    const closing = await f.committee([lb.id, sy.id]);
    await w.seatSecretary(closing.id, lb.id);
    expect(
      (await t.http().patch(`/api/v1/committees/${closing.id}`).set(admin.headers).send({ status: 'dissolved' }))
        .status,
    ).toBe(200);
    for (const [path, body] of [
      ['meetings', { startsAt: '2025-10-31T10:00:00+02:00', place: 'Beirut' }],
      ['commitments', { title: 'x', ownerPartyId: lb.id }],
      ['assignments', { title: 'x', assigneeIds: [officer.id] }],
    ] as const) {
      const res = await t.http().post(`/api/v1/committees/${closing.id}/${path}`).set(secretary()).send(body);
      expect(res.status).toBe(409);
      expect(res.body.currentState).toBe('dissolved');
    }
  });

  it('counts wrong current passwords against the sign-in lock', async () => {
    const user = await createUser(t, 'analyst');
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await t
            .http()
            .post('/api/v1/me/password')
            .set(user.headers)
            .send({ currentPassword: 'guess-guess', newPassword: 'a-new-long-passphrase' })
        ).status,
      ).toBe(400);
    }
    const locked = await t
      .http()
      .post('/api/v1/me/password')
      .set(user.headers)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-passphrase' });
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    await sql(t.db.url, `DELETE FROM rate_limit_buckets`);
  });

  it('stores only a keyed fingerprint of a request body in the idempotency table', async () => {
    const body = {
      email: 'keyed@example.org',
      displayName: 'K',
      role: 'analyst',
      password: 'a-secret-long-passphrase',
    };
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(admin.headers)
      .set('idempotency-key', 'user-keyed-1')
      .send(body);
    expect(res.status).toBe(201);
    const [row] = await sql<{ request_hash: string }>(
      t.db.url,
      `SELECT request_hash FROM idempotency_keys WHERE scope_key LIKE '%user-keyed-1'`,
    );
    const { createHash } = await import('node:crypto');
    const plain = createHash('sha256')
      .update(JSON.stringify(Object.fromEntries(Object.entries(body).sort())))
      .digest('hex');
    expect(row!.request_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.request_hash).not.toBe(plain);
    expect(JSON.stringify(await sql(t.db.url, `SELECT * FROM idempotency_keys`))).not.toContain(
      'a-secret-long-passphrase',
    );
  });
});
