import type { Response } from 'supertest';
import { createApiClient, createUser, type Actor } from '../support/actors.js';
import { seatedUser } from '../support/helpers.js';
import { statementsOf } from '../support/plans.js';
import { expectInvalid } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';
import { WorkFactory } from '../support/work-factory.js';

interface Hit {
  type: string;
  id: string;
  committeeId: string | null;
  parent: { type: string; id: string } | null;
  title: string;
  titleAr: string | null;
  snippet: string;
}

/**
 * GET /api/v1/search (issue 12): one search across the record types a caller may see, ranked,
 * each hit with its type, id, committee, parent, title and a highlighted snippet, keyset-paged.
 */
describe('GET /search', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let w: WorkFactory;
  /** The secretary of committee A (not of B), and an API client of committee B only. */
  let secretaryA: Actor;
  let clientB: Actor;
  /** The committees' parties: lb's secretary files the records. */
  let lb: Ref;
  let sy: Ref;
  /** Every record the tests name, by name; `name(id)` gives it back. */
  const r: Record<string, Ref> = {};
  const name = (id: string) => Object.entries(r).find(([, ref]) => ref.id === id)?.[0] ?? id;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    [lb, sy] = [await f.party(), await f.party()];
    w = new WorkFactory(t, await createUser(t, 'secretary'), f);
    // Committees A and B hold the same kinds of records, every one of them mentioning Masnaa
    // (المصنع), the crossing.
    for (const [x, word] of [
      ['A', 'Alpha'],
      ['B', 'Bravo'],
    ]) {
      const committee = await f.committee([lb.id, sy.id], {
        code: `MSN-${x}`,
        nameEn: `Masnaa Committee ${word}`,
        nameAr: `لجنة معبر المصنع ${word}`,
        mandate: 'Coordination at the crossing.',
      });
      r[`committee${x}`] = committee;
      await w.seatSecretary(committee.id, lb.id);
      r[`member${x}`] = await f.person(sy.id, { nameEn: `Rami Masnaa ${word}`, nameAr: `رامي المصنع ${word}` });
      await f.member(committee.id, r[`member${x}`]!.id, 'member');
      r[`meeting${x}`] = await w.meeting(committee.id, {
        place: `Masnaa crossing, hall ${word}`,
        agenda: 'Inspection teams',
        minutes: 'The مسؤول of the crossing reported.',
      });
      r[`decision${x}`] = await w.decision(r[`meeting${x}`]!.id, `Joint inspection at Masnaa, shift ${word}.`);
      r[`assignment${x}`] = await w.assignment(committee.id, [r[`member${x}`]!.id], {
        title: `Patrol the Masnaa road ${word}`,
      });
      r[`commitment${x}`] = await w.commitment(committee.id, lb.id, {
        title: `Station teams at Masnaa ${word}`,
        description: 'Day and night shifts.',
      });
      const update = await t
        .http()
        .post(`/api/v1/assignments/${r[`assignment${x}`]!.id}/updates`)
        .set(w.secretary.headers)
        .send({ body: `Masnaa patrol done ${word}` });
      expect(update.status).toBe(201);
      r[`update${x}`] = update.body as Ref;
    }
    secretaryA = (await seatedUser(t, f, 'secretary', lb.id, r.committeeA!.id)).user;
    clientB = await createApiClient(t, { committeeIds: [r.committeeB!.id] });
  }, 120_000);
  afterAll(() => t.close());

  const search = (caller: Actor, query: Record<string, string | number>) =>
    t.http().get('/api/v1/search').query(query).set(caller.headers);
  const hits = (res: Response) => (res.body as { items: Hit[] }).items;
  const found = async (caller: Actor, query: Record<string, string | number>) => {
    const res = await search(caller, { limit: 200, ...query });
    expect(res.status).toBe(200);
    return hits(res)
      .map((hit) => `${hit.type} ${name(hit.id)}`)
      .sort();
  };

  const OF_A = [
    'assignment assignmentA',
    'commitment commitmentA',
    'committee committeeA',
    'decision decisionA',
    'meeting meetingA',
    'person memberA',
    'update updateA',
  ];
  const OF_B = OF_A.map((hit) => hit.replace(/A$/, 'B'));

  describe('scope: only what the caller may see (acceptance 4)', () => {
    it('the secretary of committee A finds every kind of record of A, and none of B, though B matches too', async () => {
      expect(await found(secretaryA, { q: 'Masnaa' })).toEqual(OF_A);
      expect(await found(admin, { q: 'Masnaa' })).toEqual([...OF_A, ...OF_B].sort());
    });

    it('the same in Arabic, and type by type: nothing of B', async () => {
      expect(await found(secretaryA, { q: 'المصنع' })).toEqual(['committee committeeA', 'person memberA']);
      expect(await found(admin, { q: 'المصنع' })).toEqual([
        'committee committeeA',
        'committee committeeB',
        'person memberA',
        'person memberB',
      ]);
      for (const type of ['decision', 'update', 'meeting', 'assignment', 'commitment', 'committee', 'person'])
        expect(await found(secretaryA, { q: 'Masnaa', type })).toEqual(OF_A.filter((h) => h.startsWith(`${type} `)));
    });

    it('a query that matches only records of B finds nothing for the secretary of A', async () => {
      expect(await found(secretaryA, { q: 'Masnaa Bravo' })).toEqual([]);
      expect(await found(secretaryA, { q: 'bravo' })).toEqual([]);
      expect(await found(admin, { q: 'Masnaa Bravo' })).toEqual(OF_B);
    });

    it('an API client of committee B sees B (and its people), not A', async () => {
      expect(await found(clientB, { q: 'Masnaa' })).toEqual(OF_B);
    });

    it('a user on no committee finds only their own person', async () => {
      const { user, person } = await seatedUser(t, f, 'liaison_officer', (await f.party()).id, null);
      const res = await t
        .http()
        .patch(`/api/v1/people/${person.id}`)
        .set(admin.headers)
        .set('if-match', '*')
        .send({ nameEn: 'Lone Masnaa Officer' });
      expect(res.status).toBe(200);
      r.lone = person;
      expect(await found(user, { q: 'Masnaa' })).toEqual(['person lone']);
    });
  });

  describe('each hit', () => {
    it('names its type, id, committee, parent, title and a snippet, written out', async () => {
      expect(hits(await search(admin, { q: 'inspection shift alpha' }))).toEqual([
        {
          type: 'decision',
          id: r.decisionA!.id,
          committeeId: r.committeeA!.id,
          parent: { type: 'meeting', id: r.meetingA!.id },
          title: 'Joint inspection at Masnaa, shift Alpha.',
          titleAr: null,
          snippet: 'Joint ⟦inspection⟧ at Masnaa, ⟦shift⟧ ⟦Alpha⟧.',
        },
      ]);
      expect(hits(await search(admin, { q: 'patrol done alpha' }))).toEqual([
        {
          type: 'update',
          id: r.updateA!.id,
          committeeId: r.committeeA!.id,
          parent: { type: 'assignment', id: r.assignmentA!.id },
          title: 'Masnaa patrol done Alpha',
          titleAr: null,
          snippet: 'Masnaa ⟦patrol⟧ ⟦done⟧ ⟦Alpha⟧',
        },
      ]);
      expect(hits(await search(admin, { q: 'rami alpha' }))).toEqual([
        {
          type: 'person',
          id: r.memberA!.id,
          committeeId: null,
          parent: null,
          title: 'Rami Masnaa Alpha',
          titleAr: 'رامي المصنع Alpha',
          snippet: '⟦Rami⟧ Masnaa ⟦Alpha⟧ رامي المصنع ⟦Alpha⟧',
        },
      ]);
      expect(
        hits(await search(admin, { q: 'معبر', type: 'committee' })).sort((a, b) => a.title.localeCompare(b.title)),
      ).toEqual(
        [
          ['A', 'Alpha'],
          ['B', 'Bravo'],
        ].map(([x, word]) => ({
          type: 'committee',
          id: r[`committee${x}`]!.id,
          committeeId: r[`committee${x}`]!.id,
          parent: null,
          title: `Masnaa Committee ${word}`,
          titleAr: `لجنة معبر المصنع ${word}`,
          // ts_headline's fragment leaves the code out: the excerpt starts inside the text.
          snippet: `… Masnaa Committee ${word} لجنة ⟦معبر⟧ المصنع ${word} Coordination at the crossing.`,
        })),
      );
    });

    it('marks the words as the search matched them: another hamza seat, a prefix, another form of the word', async () => {
      expect(hits(await search(admin, { q: 'مسئول hall alpha' }))).toEqual([
        expect.objectContaining({
          type: 'meeting',
          id: r.meetingA!.id,
          title: 'Masnaa crossing, hall Alpha',
          snippet: 'Masnaa crossing, ⟦hall⟧ ⟦Alpha⟧ Inspection teams The ⟦مسؤول⟧ of the crossing reported.',
        }),
      ]);
      expect(hits(await search(admin, { q: 'stat team bravo' }))).toEqual([
        expect.objectContaining({
          type: 'commitment',
          id: r.commitmentB!.id,
          snippet: '⟦Station⟧ ⟦teams⟧ at Masnaa ⟦Bravo⟧ Day and night shifts.',
        }),
      ]);
    });

    it('a snippet of a long text is an excerpt around the match, with … where it is cut', async () => {
      const minutes = `${'Routine business was noted. '.repeat(40)}Then the smuggling tunnel near Qusayr was reported. ${'More routine business. '.repeat(40)}`;
      const long = await w.meeting(r.committeeA!.id, { place: 'Chtaura', minutes });
      const [hit, ...more] = hits(await search(admin, { q: 'Qusayr tunnel' }));
      expect(more).toEqual([]);
      expect(hit).toMatchObject({ id: long.id, title: 'Chtaura' });
      // Where ts_headline starts the fragment around the match varies with PostgreSQL's
      // version (15: "… noted. Routine business was noted. Routine business …"); what holds:
      const snippet = hit!.snippet;
      expect(snippet).toMatch(/^… .+ …$/);
      expect(snippet).toContain(' Then the smuggling ⟦tunnel⟧ near ⟦Qusayr⟧ was reported. More ');
      expect(snippet.split(' ').length).toBeLessThanOrEqual(2 + 40);
      // …a run of the text's own words, only marked.
      const words = snippet.slice(2, -2).replace(/[⟦⟧]/g, '');
      expect(`Chtaura ${minutes}`.replace(/\s+/g, ' ')).toContain(words);
      expect(words.split(' ').length).toBeGreaterThanOrEqual(20);
    });

    it('a snippet carries no bidi control and no mark of the text itself: ⟦ ⟧ of the text become [ ]', async () => {
      const record = await w.commitment(r.committeeA!.id, lb.id, {
        title: 'Zahle ⟦depot⟧ review',
        description: 'Stock \u202etaken\u202c at Zahle.',
      });
      expect(hits(await search(admin, { q: 'zahle' }))).toEqual([
        expect.objectContaining({
          id: record.id,
          title: 'Zahle ⟦depot⟧ review',
          snippet: '⟦Zahle⟧ [depot] review Stock taken at ⟦Zahle⟧.',
        }),
      ]);
    });

    it('text in angle brackets is searched and marked as any text (the parser would take it for an XML tag)', async () => {
      const record = await w.commitment(r.committeeA!.id, lb.id, {
        title: 'Baalbek <b>depot</b> audit',
        description: 'Sent to <Confidential> list; Hadath<Yarze and Zahrani>Sidon. Audit the depot.',
      });
      expect(hits(await search(admin, { q: 'confidential audit' }))).toEqual([
        expect.objectContaining({
          id: record.id,
          title: 'Baalbek <b>depot</b> audit',
          snippet:
            'Baalbek <b>depot</b> ⟦audit⟧ Sent to <⟦Confidential⟧> list; Hadath<Yarze and Zahrani>Sidon. ⟦Audit⟧ the depot.',
        }),
      ]);
      expect(hits(await search(admin, { q: 'baalbek depot' }))).toEqual([
        expect.objectContaining({
          id: record.id,
          snippet:
            '⟦Baalbek⟧ <⟦b>depot</b⟧> audit Sent to <Confidential> list; Hadath<Yarze and Zahrani>Sidon. Audit the ⟦depot⟧.',
        }),
      ]);
      // The same fold under a list's q=.
      const list = await t
        .http()
        .get(`/api/v1/committees/${r.committeeA!.id}/commitments`)
        .query({ q: 'yarze zahrani' })
        .set(admin.headers);
      expect((list.body as { items: Ref[] }).items.map((item) => item.id)).toEqual([record.id]);
    });
  });

  describe('ranking', () => {
    it('a match in the title or name comes before one in the text, a transliteration after full text', async () => {
      const committee = r.committeeA!.id;
      r.inTitle = await w.commitment(committee, lb.id, { title: 'Shuqair liaison', description: 'Weekly.' });
      r.inText = await w.commitment(committee, lb.id, {
        title: 'Weekly liaison',
        description: `A long account of the week in which, among many other things, Shuqair called. ${'Routine. '.repeat(30)}`,
      });
      r.inUpdate = (
        await t
          .http()
          .post(`/api/v1/commitments/${r.inText.id}/updates`)
          .set(w.secretary.headers)
          .send({ body: `Shuqair called again. ${'Routine. '.repeat(30)}` })
      ).body as Ref;
      r.shuqair = await f.person(sy.id, { nameEn: 'Mohammed Shuqair', nameAr: 'محمد شقير' });
      await f.member(committee, r.shuqair.id, 'member');
      const ranked = async (caller: Actor, q: string) => hits(await search(caller, { q })).map((hit) => name(hit.id));
      // A title or name first (the shorter text first: ts_rank normalised by its length; the
      // person's text holds the Arabic name too), then the mentions in a description or a
      // timeline entry (the shorter first).
      expect(await ranked(admin, 'Shuqair')).toEqual(['inTitle', 'shuqair', 'inUpdate', 'inText']);
      expect(await ranked(secretaryA, 'Shuqair')).toEqual(['inTitle', 'shuqair', 'inUpdate', 'inText']);
      // `Choucair` is no word of any text: only the person, by the transliteration key, and
      // after every full-text hit when there are some.
      expect(await ranked(admin, 'Choucair')).toEqual(['shuqair']);
      expect(await ranked(admin, 'Mohamad Choucair')).toEqual(['shuqair']);
      r.choucair = await w.commitment(committee, lb.id, { title: 'Choucair Street checkpoint' });
      expect(await ranked(admin, 'Choucair')).toEqual(['choucair', 'shuqair']);
    });
  });

  describe('pages', () => {
    it('keyset pages by rank: every hit once, in the order of one page, with Link: rel="next"', async () => {
      const all = hits(await search(admin, { q: 'Masnaa', limit: 200 })).map((hit) => hit.id);
      expect(all).toHaveLength(15);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Response = await search(
          admin,
          cursor ? { q: 'Masnaa', limit: 4, cursor } : { q: 'Masnaa', limit: 4 },
        );
        expect(res.status).toBe(200);
        seen.push(...hits(res).map((hit) => hit.id));
        cursor = (res.body as { nextCursor: string | null }).nextCursor;
        if (cursor) expect(res.headers.link).toMatch(/^<\/api\/v1\/search\?.*cursor=[^&>]+.*>; rel="next"$/);
        else expect(res.headers.link).toBeUndefined();
        pages++;
      } while (cursor);
      expect(pages).toBe(4);
      expect(seen).toEqual(all);
    });

    it('refuses a cursor it did not issue, or one of another list', async () => {
      expectInvalid(await search(admin, { q: 'Masnaa', cursor: 'not-a-cursor' }), 'cursor');
      const people = await t.http().get('/api/v1/people').query({ limit: 1 }).set(admin.headers);
      const other = (people.body as { nextCursor: string }).nextCursor;
      expect(other).toEqual(expect.any(String));
      expectInvalid(await search(admin, { q: 'Masnaa', cursor: other }), 'cursor');
    });
  });

  describe('input', () => {
    it.each([
      ['no q', {}, 'q'],
      ['an empty q', { q: '' }, 'q'],
      ['a q of 201 characters', { q: 'a'.repeat(201) }, 'q'],
      ['an unknown type', { q: 'Masnaa', type: 'party' }, 'type'],
      ['a limit of 201', { q: 'Masnaa', limit: 201 }, 'limit'],
    ])('%s: 400 naming the field', async (_what, query, field) => {
      expectInvalid(await search(admin, query), field);
    });

    it('a q of 200 characters, or one that folds to nothing, is a search with no hits', async () => {
      expect(await found(admin, { q: 'z'.repeat(200) })).toEqual([]);
      expect(await found(admin, { q: '\u200b\u200f' })).toEqual([]);
    });
  });

  it('is one statement, with the caller', async () => {
    const statements = await statementsOf(t, () => search(secretaryA, { q: 'Masnaa' }));
    expect(statements.map((s) => (/UNION ALL/.test(s.text) ? 'search' : 'caller'))).toEqual(['caller', 'search']);
  });

  describe('stored search vectors follow the text (assignments, commitments)', () => {
    const listed = async (kind: 'assignments' | 'commitments', q: string) => {
      const res = await t
        .http()
        .get(`/api/v1/committees/${r.committeeA!.id}/${kind}`)
        .query({ q })
        .set(w.secretary.headers);
      expect(res.status).toBe(200);
      return (res.body as { items: { id: string }[] }).items.map((item) => item.id);
    };
    const patch = async (kind: 'assignments' | 'commitments', id: string, body: object) => {
      const read = await t.http().get(`/api/v1/${kind}/${id}`).set(w.secretary.headers);
      const res = await t
        .http()
        .patch(`/api/v1/${kind}/${id}`)
        .set(w.secretary.headers)
        .set('if-match', read.headers.etag as string)
        .send(body);
      expect(res.status).toBe(200);
    };

    it.each([
      ['commitments', { title: 'Seal the Hermel tunnel' }],
      ['assignments', { description: 'Watch the Hermel ford at night' }],
    ] as const)('%s: an edit of the text moves the record from the old word to the new one', async (kind, edit) => {
      const record =
        kind === 'commitments'
          ? await w.commitment(r.committeeA!.id, lb.id, { title: 'Seal the Jousieh tunnel' })
          : await w.assignment(r.committeeA!.id, [r.memberA!.id], {
              title: 'Night watch',
              description: 'Jousieh ford',
            });
      expect(await listed(kind, 'Jousieh')).toEqual([record.id]);
      expect(await listed(kind, 'Hermel')).toEqual([]);
      await patch(kind, record.id, edit);
      expect(await listed(kind, 'Jousieh')).toEqual([]);
      expect(await listed(kind, 'Hermel')).toEqual([record.id]);
    });

    it('a change that leaves the text alone keeps the vector; one written directly is computed again from the text', async () => {
      const commitment = await w.commitment(r.committeeA!.id, lb.id, { title: 'Open the Qaa checkpoint' });
      const progress = await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/updates`)
        .set(w.secretary.headers)
        .send({ body: 'Half done', progress: 50 });
      expect(progress.status).toBe(201);
      expect(await listed('commitments', 'Qaa')).toEqual([commitment.id]);
      await sql(t.db.url, `UPDATE commitments SET search_vector = to_tsvector('simple', 'forged') WHERE id = $1`, [
        commitment.id,
      ]);
      const [row] = await sql<{ same: boolean; forged: boolean }>(
        t.db.url,
        `SELECT search_vector = tansiq_search_vector(title, description) AS same,
                search_vector @@ to_tsquery('simple', 'forged') AS forged FROM commitments WHERE id = $1`,
        [commitment.id],
      );
      expect(row).toEqual({ same: true, forged: false });
    });
  });
});
