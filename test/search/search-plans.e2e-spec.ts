import { createUser, type Actor } from '../support/actors.js';
import { planNodes, statementsOf } from '../support/plans.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

/** The tables a search reads, each with 10,000 rows here. */
const BIG = ['people', 'committees', 'meetings', 'decisions', 'assignments', 'commitments', 'updates'];
const ROWS = 10_000;

/**
 * Acceptance 3 of issue 12: on 10,000 rows per table, EXPLAIN (the planner's own choices, the
 * values the request sent) of each search statement the app sends shows its GIN index read,
 * and no big table read whole. The lists' `q=` and GET /search: every branch of its UNION ALL
 * reads its table through its index (people: the full-text and the trigram index), and what
 * it joins by primary key.
 */
describe('searches read their indexes (EXPLAIN on 10,000 rows per table)', () => {
  let t: TestApp;
  let admin: Actor;
  let jc: JointCommittee;
  /** The records holding the rare word (Qusayr, القصير), among the 10,000 of each table. */
  const needle: Record<string, Ref> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    const f = new RegistryFactory(t, admin);
    jc = await jointCommittee(t, f);
    const { w, committee, lb } = jc;
    needle.assignment = await w.assignment(committee.id, [jc.officerPerson.id], { title: 'Watch the Qusayr crossing' });
    needle.commitment = await w.commitment(committee.id, lb.id, { title: 'Close the tunnel near القصير' });
    needle.meeting = await w.meeting(committee.id, { place: 'Qusayr border post' });
    needle.decision = await w.decision(needle.meeting.id, 'Joint patrols around القصير');
    needle.person = await f.person(lb.id, { nameEn: 'Nabil Qusayri', nameAr: 'نبيل القصيري' });
    for (const [path, body] of [
      [`/assignments/${needle.assignment.id}/updates`, 'Qusayr crossing closed'],
      [`/commitments/${needle.commitment.id}/updates`, 'Tunnel near القصير sealed'],
    ] as const) {
      const res = await t.http().post(`/api/v1${path}`).set(jc.secretary.headers).send({ body });
      expect(res.status).toBe(201);
    }

    // 10,000 rows per table in SQL, in the committee the lists are asked about; words of
    // patrol reports, English and Arabic, so the indexes hold realistic lexemes.
    const words = `(ARRAY['patrol','crossing','border','narcotics','weapons','report','checkpoint','liaison','smuggling','intelligence'])[1 + i % 10]`;
    const arabic = `(ARRAY['دورية','معبر','حدود','مخدرات','أسلحة','تقرير','حاجز','تنسيق','تهريب','معلومات'])[1 + (i / 10) % 10]`;
    const [c, party] = [committee.id, lb.id];
    for (const statement of [
      `INSERT INTO committees (version, code, name_en, name_ar, mandate, status, time_zone)
       SELECT 1, 'BULK-' || i, 'Committee on ' || ${words} || ' ' || i, 'لجنة ' || ${arabic} || ' ' || i,
              'Coordination of ' || ${words}, 'active', 'Asia/Beirut' FROM generate_series(1, ${ROWS}) AS i`,
      `INSERT INTO people (version, party_id, name_en, name_ar)
       SELECT 1, '${party}', (ARRAY['Rami','Nour','Tarek','Karim','Lina','Omar','Ziad','Rania','Samer','Dalia'])[1 + i % 10]
              || ' ' || (ARRAY['Haddad','Khoury','Saab','Frem','Aoun','Salam','Karam','Daher','Nassar','Hamdan'])[1 + (i / 10) % 10] || ' ' || i,
              'شخص ' || i FROM generate_series(1, ${ROWS}) AS i`,
      `INSERT INTO meetings (version, committee_id, starts_at, time_zone, place, agenda, minutes)
       SELECT 1, '${c}', now() - i * interval '1 hour', 'Asia/Beirut', 'Hall ' || i, 'Agenda: ' || ${words} || ', ' || ${arabic},
              'Minutes of meeting ' || i || ': the ' || ${words} || ' was discussed; ' || ${arabic} FROM generate_series(1, ${ROWS}) AS i`,
      `INSERT INTO decisions (meeting_id, number, text)
       SELECT id, 1, 'Decision on the ' || place || ': more ' || ${words.replace(/\bi\b/g, 'n')} FROM
         (SELECT id, place, row_number() OVER () AS n FROM meetings WHERE place LIKE 'Hall %') m`,
      `INSERT INTO assignments (version, committee_id, title, description, due_on)
       SELECT 1, '${c}', 'Assignment ' || i || ': ' || ${words}, 'Follow the ' || ${arabic} || ' file', DATE '2030-01-01' + i % 700
         FROM generate_series(1, ${ROWS}) AS i`,
      `INSERT INTO commitments (version, committee_id, owner_party_id, title, description, due_on)
       SELECT 1, '${c}', '${party}', 'Commitment ' || i || ': ' || ${words}, 'On the ' || ${arabic}, DATE '2030-01-01' + i % 700
         FROM generate_series(1, ${ROWS}) AS i`,
      `INSERT INTO updates (assignment_id, commitment_id, body)
       SELECT CASE WHEN i % 2 = 0 THEN '${needle.assignment.id}'::uuid END, CASE WHEN i % 2 = 1 THEN '${needle.commitment.id}'::uuid END,
              'Entry ' || i || ': ' || ${words} || ' ' || ${arabic} FROM generate_series(1, ${ROWS}) AS i`,
    ])
      await sql(t.db.url, statement);
    // As autovacuum would: the GIN indexes' pending lists merged, the statistics taken.
    await sql(t.db.url, `VACUUM (ANALYZE) ${BIG.join(', ')}, memberships`);
  }, 180_000);
  afterAll(() => t.close());

  it(`holds at least ${ROWS} rows in each table`, async () => {
    const [counts] = await sql<Record<string, number>>(
      t.db.url,
      `SELECT ${BIG.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(', ')}`,
    );
    for (const table of BIG) expect(counts![table]).toBeGreaterThanOrEqual(ROWS);
  });

  /** The plan (planNodes: every node, subqueries included) of the one statement of `path` that `pick` names. */
  async function planOfRequest(caller: Actor, path: string, query: object, pick: RegExp) {
    let body: { items: { id: string }[] } = { items: [] };
    const statements = await statementsOf(t, async () => {
      const res = await t.http().get(`/api/v1${path}`).query(query).set(caller.headers);
      expect(res.status).toBe(200);
      body = res.body as typeof body;
    });
    const picked = statements.filter((s) => pick.test(s.text));
    expect(picked).toHaveLength(1);
    return {
      ids: body.items.map((item) => item.id),
      plan: await planNodes(t.db.url, picked[0]!),
      generic: await planNodes(t.db.url, picked[0]!, { generic: true }),
    };
  }
  const readWhole = (plan: string[]) => plan.filter((node) => BIG.some((table) => node === `Seq Scan on ${table}`));

  const PAGE_STATEMENT = /ORDER BY[\s\S]*LIMIT \d+\s*$/;
  /** [list, its path, the query, the records it must return, the indexes its plan must read]. */
  const LISTS: [string, (jc: JointCommittee) => string, string, string[], string[]][] = [
    [
      'assignments',
      (jc) => `/committees/${jc.committee.id}/assignments`,
      'Qusayr',
      ['assignment'],
      ['assignments_search_idx'],
    ],
    [
      'commitments',
      (jc) => `/committees/${jc.committee.id}/commitments`,
      'القصير',
      ['commitment'],
      ['commitments_search_idx'],
    ],
    [
      'meetings (with their decisions)',
      (jc) => `/committees/${jc.committee.id}/meetings`,
      'القصير',
      ['meeting'],
      ['meetings_search_idx', 'decisions_search_idx'],
    ],
    [
      "an assignment's timeline",
      () => `/assignments/${needle.assignment!.id}/updates`,
      'Qusayr',
      [],
      ['updates_search_idx'],
    ],
    [
      "a commitment's timeline",
      () => `/commitments/${needle.commitment!.id}/updates`,
      'القصير',
      [],
      ['updates_search_idx'],
    ],
  ];

  it.each(LISTS)('%s?q=: its GIN index, no big table read whole', async (_list, path, q, records, indexes) => {
    const { ids, plan, generic } = await planOfRequest(jc.secretary, path(jc), { q }, PAGE_STATEMENT);
    if (records.length > 0) expect(ids).toEqual(records.map((name) => needle[name]!.id));
    else expect(ids).toHaveLength(1);
    // The plan for these values, and the generic one the app's prepared statement may keep.
    for (const nodes of [plan, generic]) {
      for (const index of indexes) expect(nodes).toContain(`Bitmap Index Scan using ${index}`);
      expect(readWhole(nodes)).toEqual([]);
    }
  });

  /** Each branch of GET /search and the index it must read. */
  const BRANCH_INDEXES = [
    'people_search_idx',
    'people_name_key_trgm_idx',
    'committees_search_idx',
    'meetings_search_idx',
    'decisions_search_idx',
    'assignments_search_idx',
    'commitments_search_idx',
    'updates_search_idx',
  ];

  // The secretary sees two committees: the planner reads those two by primary key rather than
  // search the 10,000 (still an index; the other branches read their search indexes).
  const SCOPED_INDEXES = BRANCH_INDEXES.filter((index) => index !== 'committees_search_idx');
  it.each([
    ['an admin (every committee)', () => admin, 'Qusayr', BRANCH_INDEXES],
    ['an admin, in Arabic', () => admin, 'القصير', BRANCH_INDEXES],
    ['the secretary (their committees, and their people)', () => jc.secretary, 'Qusayr', SCOPED_INDEXES],
  ])('GET /search as %s answers from the indexes: every branch reads its own', async (_who, caller, q, indexes) => {
    const { ids, plan, generic } = await planOfRequest(caller(), '/search', { q }, /UNION ALL/);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(readWhole(generic)).toEqual([]);
    expect(plan.filter((node) => node.startsWith('Bitmap Index Scan using ') && node.endsWith('_idx')).sort()).toEqual(
      indexes.map((index) => `Bitmap Index Scan using ${index}`).sort(),
    );
    if (indexes === SCOPED_INDEXES)
      expect(plan).toContainEqual(expect.stringMatching(/^(Index Scan|Bitmap Heap Scan) .*on committees$/));
    // Each table is read through an index: bitmap heap scans fed by the search indexes, and
    // index scans by primary key for what a branch joins (a decision's meeting, an entry's item).
    expect(readWhole(plan)).toEqual([]);
    const bigTableReads = plan.filter((node) => BIG.some((table) => node.endsWith(` on ${table}`)));
    expect(bigTableReads.filter((node) => !/^(Bitmap Heap Scan|Index Scan|Index Only Scan) /.test(node))).toEqual([]);
    expect(bigTableReads.length).toBeGreaterThanOrEqual(7);
  });

  it('GET /search finds the rare word among the 10,000 rows of each table, written out', async () => {
    const res = await t.http().get('/api/v1/search').query({ q: 'القصير', limit: 200 }).set(admin.headers);
    expect(res.status).toBe(200);
    const found = (res.body as { items: { type: string; id: string }[] }).items.map((hit) => hit.type).sort();
    // The person too: Qusayri and القصيري begin with the word (prefix match).
    expect(found).toEqual(['commitment', 'decision', 'person', 'update']);
    const latin = await t.http().get('/api/v1/search').query({ q: 'Qusayr', limit: 200 }).set(admin.headers);
    expect((latin.body as { items: { type: string }[] }).items.map((hit) => hit.type).sort()).toEqual([
      'assignment',
      'meeting',
      'person',
      'update',
    ]);
  });
});
