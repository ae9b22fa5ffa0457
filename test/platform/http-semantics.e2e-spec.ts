import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { createUser, type Actor } from '../support/actors.js';
import { expectInvalid, expectProblem, type Problem } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

/**
 * HTTP semantics across resources (issue 11): ETags that move with every part of a
 * representation, If-Match per RFC 9110 §13.1.1, the identity of an Idempotency-Key, bodies
 * that are not objects, inverted ranges, and problem documents free of internal class names.
 */
describe('HTTP semantics', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let jc: JointCommittee;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    jc = await jointCommittee(t, f);
  });
  afterAll(() => t.close());

  const secretary = () => jc.secretary.headers;
  const get = (path: string, headers: Record<string, string>, ifNoneMatch?: string) => {
    const req = t.http().get(`/api/v1${path}`).set(headers);
    return ifNoneMatch === undefined ? req : req.set('if-none-match', ifNoneMatch);
  };
  const etagOf = (res: Response): string => {
    expect(res.status).toBe(200);
    const etag = res.headers.etag as string | undefined;
    expect(etag).toMatch(/^"[^"]+"$/);
    return etag!;
  };

  describe('ETag moves with every part of a representation', () => {
    it('an acknowledgement (an assignee row) changes the assignment’s ETag; 304 only while unchanged', async () => {
      const assignment = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id]);
      const path = `/assignments/${assignment.id}`;
      const before = etagOf(await get(path, secretary()));
      expect((await get(path, secretary(), before)).status).toBe(304);

      const ack = await t.http().post(`/api/v1${path}/acknowledgement`).set(jc.officer.headers);
      expect(ack.status).toBe(200);

      const after = await get(path, secretary(), before);
      expect(after.status).toBe(200);
      expect((after.body as { assignees: { acknowledgedAt: string | null }[] }).assignees[0]!.acknowledgedAt).toEqual(
        expect.any(String),
      );
      expect(after.headers.etag).not.toBe(before);
      // The write's own answer carries the ETag a GET gives.
      expect(ack.headers.etag).toBe(after.headers.etag);
      expect((await get(path, secretary(), after.headers.etag as string)).status).toBe(304);
    });

    it('a new decision changes the meeting’s ETag, and so does an assignment citing it (citedBy)', async () => {
      const meeting = await jc.w.meeting(jc.committee.id);
      const path = `/meetings/${meeting.id}`;
      const initial = etagOf(await get(path, secretary()));

      const decision = await jc.w.decision(meeting.id, 'Open the crossing at Masnaa');
      const withDecision = await get(path, secretary(), initial);
      expect(withDecision.status).toBe(200);
      expect((withDecision.body as { decisions: unknown[] }).decisions).toHaveLength(1);
      const decided = etagOf(withDecision);
      expect(decided).not.toBe(initial);

      const citing = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id], { sourceDecisionId: decision.id });
      const cited = await get(path, secretary(), decided);
      expect(cited.status).toBe(200);
      expect((cited.body as { decisions: { citedBy: { assignmentIds: string[] } }[] }).decisions[0]!.citedBy).toEqual({
        commitmentIds: [],
        assignmentIds: [citing.id],
      });
      expect(cited.headers.etag).not.toBe(decided);
      expect((await get(path, secretary(), cited.headers.etag as string)).status).toBe(304);
    });

    it('a renamed assignee (a joined name) changes the assignment’s ETag', async () => {
      const person = await f.person(jc.sy.id);
      await f.member(jc.committee.id, person.id, 'liaison_officer');
      const assignment = await jc.w.assignment(jc.committee.id, [person.id]);
      const path = `/assignments/${assignment.id}`;
      const before = etagOf(await get(path, secretary()));
      const renamed = await t
        .http()
        .patch(`/api/v1/people/${person.id}`)
        .set(admin.headers)
        .send({ nameEn: `Renamed ${randomBytes(3).toString('hex')}` });
      expect(renamed.status).toBe(200);
      // The write answers with what a GET then serves (updatedAt included), under the same ETag.
      const person2 = await get(`/people/${person.id}`, admin.headers);
      expect(renamed.body).toEqual(person2.body);
      expect(renamed.headers.etag).toBe(person2.headers.etag);
      expect((await get(path, secretary(), before)).status).toBe(200);
    });

    it('If-Match with the ETag read before an acknowledgement is stale: 412 with the current ETag, nothing applied', async () => {
      const assignment = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id]);
      const path = `/api/v1/assignments/${assignment.id}`;
      const before = etagOf(await get(`/assignments/${assignment.id}`, secretary()));
      await t.http().post(`${path}/acknowledgement`).set(jc.officer.headers).expect(200);
      const current = etagOf(await get(`/assignments/${assignment.id}`, secretary()));

      const stale = await t.http().patch(path).set(secretary()).set('if-match', before).send({ title: 'Stale edit' });
      expectProblem(stale, 412, 'VERSION_MISMATCH');
      expect(stale.headers.etag).toBe(current);

      const fresh = await t.http().patch(path).set(secretary()).set('if-match', current).send({ title: 'Fresh edit' });
      expect(fresh.status).toBe(200);
      expect((fresh.body as { title: string }).title).toBe('Fresh edit');
    });
  });

  describe('If-Match (RFC 9110 §13.1.1: strong comparison, a list, *)', () => {
    let path: string;
    let etag: string;
    beforeEach(async () => {
      const c = await jc.w.commitment(jc.committee.id, jc.lb.id);
      path = `/api/v1/commitments/${c.id}`;
      etag = etagOf(await t.http().get(path).set(secretary()));
    });
    const patch = (ifMatch: string, title: string) =>
      t.http().patch(path).set(secretary()).set('if-match', ifMatch).send({ title });

    it('a weak tag never matches: 412, nothing applied', async () => {
      expectProblem(await patch(`W/${etag}`, 'Weakly matched'), 412, 'VERSION_MISMATCH');
      const now = await t.http().get(path).set(secretary());
      expect((now.body as { title: string }).title).toBe('Exchange intelligence');
      expect(now.headers.etag).toBe(etag);
    });

    it('a list matches when any listed tag does', async () => {
      const res = await patch(`"7", ${etag}`, 'Listed');
      expect(res.status).toBe(200);
      expect((res.body as { title: string }).title).toBe('Listed');
    });

    it('a list where no tag matches (or only a weak one does) is 412', async () => {
      expectProblem(await patch(`"7", W/${etag}`, 'Nope'), 412, 'VERSION_MISMATCH');
    });

    it('* matches the existing record, even where If-Match is required', async () => {
      const res = await patch('*', 'Starred');
      expect(res.status).toBe(200);
      expect((res.body as { title: string }).title).toBe('Starred');
    });

    it('a value that is no entity-tag list is 400 naming If-Match', async () => {
      for (const bad of ['abc', '"unterminated', '"a" "b"', '*, "1"'])
        expectInvalid(await patch(bad, 'Malformed'), 'If-Match');
    });
  });

  describe('Idempotency-Key identity is the route as resolved', () => {
    it('a retry to the same route with a trailing slash replays: one record', async () => {
      const key = `idem-${randomBytes(8).toString('hex')}`;
      const title = `Trailing ${randomBytes(4).toString('hex')}`;
      const body = { title, assigneeIds: [jc.officerPerson.id] };
      const base = `/api/v1/committees/${jc.committee.id}/assignments`;
      const first = await t.http().post(base).set(secretary()).set('idempotency-key', key).send(body);
      expect(first.status).toBe(201);
      for (const url of [`${base}/`, `/api/v1/committees/${jc.committee.id.toUpperCase()}/assignments`]) {
        const retry = await t.http().post(url).set(secretary()).set('idempotency-key', key).send(body);
        expect(retry.status).toBe(201);
        expect(retry.headers['idempotent-replayed']).toBe('true');
        expect((retry.body as Ref).id).toBe((first.body as Ref).id);
      }
      const rows = await sql(t.db.url, `SELECT id FROM assignments WHERE title = $1`, [title]);
      expect(rows).toHaveLength(1);
    });
  });

  describe('a body that is not a JSON object is 400 naming the body', () => {
    it('on PATCH and POST routes alike', async () => {
      const c = await jc.w.commitment(jc.committee.id, jc.lb.id);
      const etag = etagOf(await t.http().get(`/api/v1/commitments/${c.id}`).set(secretary()));
      for (const body of ['null', '[]', '"x"', '3', 'true']) {
        const patched = await t
          .http()
          .patch(`/api/v1/commitments/${c.id}`)
          .set(secretary())
          .set('if-match', etag)
          .set('content-type', 'application/json')
          .send(body);
        expectInvalid(patched, 'body');
        const party = await t
          .http()
          .patch(`/api/v1/parties/${jc.lb.id}`)
          .set(admin.headers)
          .set('content-type', 'application/json')
          .send(body);
        expectInvalid(party, 'body');
        const created = await t
          .http()
          .post(`/api/v1/committees/${jc.committee.id}/meetings`)
          .set(secretary())
          .set('content-type', 'application/json')
          .send(body);
        expectInvalid(created, 'body');
      }
      // Nothing was applied: the commitment is as created.
      expect((await t.http().get(`/api/v1/commitments/${c.id}`).set(secretary())).headers.etag).toBe(etag);
    });
  });

  describe('inverted ranges are 400 naming both bounds', () => {
    const cases: [string, (jc: JointCommittee) => string, Actor | 'secretary' | 'admin'][] = [
      ['meetings', (j) => `/committees/${j.committee.id}/meetings`, 'secretary'],
      ['audit', () => '/audit', 'admin'],
    ];
    it.each(cases)('%s: from after to', async (_name, path, who) => {
      const headers = who === 'secretary' ? secretary() : admin.headers;
      for (const [from, to] of [
        ['2030-01-01', '2020-01-01'],
        ['2030-01-01T10:00:00+02:00', '2030-01-01T09:00:00+02:00'],
        ['2030-01-02', '2030-01-01T23:59:59Z'],
      ]) {
        const res = await get(`${path(jc)}?from=${encodeURIComponent(from!)}&to=${encodeURIComponent(to!)}`, headers);
        const problem = expectInvalid(res, 'from');
        expect(problem.errors!.map((e) => e.field)).toContain('to');
      }
      // The same instant written two ways, and a forward range, are fine.
      for (const [from, to] of [
        ['2030-01-01T10:00:00+02:00', '2030-01-01T08:00:00Z'],
        ['2020-01-01', '2030-01-01'],
      ]) {
        const res = await get(`${path(jc)}?from=${encodeURIComponent(from!)}&to=${encodeURIComponent(to!)}`, headers);
        expect(res.status).toBe(200);
      }
    });
  });

  describe('no internal class name reaches a client', () => {
    /** A class name (ThrottlerException, NotFoundException, TypeError…) or a Fastify error code. */
    const INTERNAL = /\b[A-Z][A-Za-z]*(Exception|Error)\b|FST_[A-Z_]+|\bERR_[A-Z_]+/;
    const clean = (res: Response) => {
      const problem = res.body as Problem;
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(problem)).not.toMatch(INTERNAL);
      return problem;
    };

    it('the per-address limit on refresh answers 429 RATE_LIMITED in plain words, with Retry-After', async () => {
      // The limit is 60 a minute per address; the 61st is refused.
      let last: Response | undefined;
      for (let i = 0; i < 61; i++) {
        last = await t
          .http()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: `rt-${i}-${'x'.repeat(40)}` });
        if (i < 60) expect(last.status).toBe(401);
      }
      const problem = expectProblem(last!, 429, 'RATE_LIMITED');
      clean(last!);
      expect(problem.detail).toBe('Too many requests from this address: retry after the time in Retry-After.');
      expect(last!.headers['retry-after']).toMatch(/^\d+$/);
      // The X-RateLimit-* a client reads on every answer are on the refusal too.
      expect(last!.headers['x-ratelimit-limit']).toBe('60');
      expect(last!.headers['x-ratelimit-remaining']).toBe('0');
      expect(last!.headers['x-ratelimit-reset']).toBe(last!.headers['retry-after']);
    });

    it('nor does any framework error', async () => {
      const responses = [
        await t.http().get('/api/v1/no-such-route'),
        await t.http().delete('/api/v1/auth/login'),
        await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":'),
        await t.http().post('/api/v1/auth/login').set('content-type', 'application/xml').send('<a/>'),
        await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(''),
        await t
          .http()
          .post('/api/v1/auth/login')
          .set('content-type', 'application/json')
          .send(`{"email":"${'a'.repeat(t.config.bodyLimitBytes)}"}`),
        await t.http().get('/api/v1/%E0%A4%A'),
        await t
          .http()
          .get(`/api/v1/parties/${'a'.repeat(300)}`)
          .set(admin.headers),
      ];
      expect(responses.map((r) => r.status)).toEqual([404, 405, 400, 415, 400, 413, 400, 414]);
      for (const res of responses) clean(res);
    });
  });
});
