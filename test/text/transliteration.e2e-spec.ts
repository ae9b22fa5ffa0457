import { createUser, type Actor } from '../support/actors.js';
import { seatedUser } from '../support/helpers.js';
import { planOf, statementsOf } from '../support/plans.js';
import { expectInvalid } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';

/** Spellings of one name that must find each other, both ways (issue 12). */
const PAIRS: [string, string][] = [
  ['Mohamad Choucair', 'Mohammed Shuqair'],
  ['Muhammad Haidar', 'Mohamed Haydar'],
  ['Hussein Fadlallah', 'Husayn Fadl Allah'],
  ['Ḥusayn Shuqayr', 'Hussein Choucair'],
  ['Youssef Tabbara', 'Yusuf Tabara'],
  ['Khaled Itani', 'Khalid Itany'],
  ['Abdel-Rahman Sleiman', 'Abdul Rahman Suleiman'],
  ['Abdelrahman Sleiman', 'Abd al-Rahman Suleiman'],
  ['Abdurrahman Sleiman', 'Abdul Rahman Suleiman'],
  ['Samir El-Khoury', 'Sameer Al Khoury'],
  ['Qasem Hamadeh', 'Kassem Hamade'],
  ['Hassan Nasrallah', 'Hasan Nasr Allah'],
  ['Abdullah Bou Habib', 'Abd Allah Bu Habib'],
  ['Ibrahim Aql', 'Ebrahim Akl'],
  ['Hisham Jaber', 'Hicham Jabir'],
  ['Walid Joumblatt', 'Waleed Jumblat'],
  ['Rafic Hariri', 'Rafiq al-Hariri'],
  ['Najib Mikati', 'Najeeb Miqati'],
  ['Sheikh Naim Qassem', 'Shaykh Naeem Kassem'],
  ['Fadi Hamdi', 'Fady Hamdy'],
];

/**
 * Different names the key keeps apart: neither finds the other (each finds itself). The
 * similarity of their keys, for the threshold (0.7): Nabil Berri / Nabih Berri 0.60,
 * Abdelrahim / Abdelrahman 0.67, Mohamad Choucair / Mohammed Khalil 0.56, the rest ≤ 0.4.
 */
const NEAR_MISSES: [string, string][] = [
  ['Karim', 'Kamal'],
  ['Jamal', 'Kamal'],
  ['Nabil Berri', 'Nabih Berri'],
  ['Abdelrahim', 'Abdelrahman'],
  ['Hadi', 'Hamdi'],
  ['Rami', 'Ramzi'],
  ['Amin', 'Amir'],
  ['Tarek', 'Tamer'],
  ['Mohammed', 'Ahmad'],
  ['Nader', 'Nadim'],
  ['Ghassan', 'Hassan'],
  ['Khalil', 'Khaled'],
  ['Mohamad Choucair', 'Mohammed Khalil'],
  // The -i of a family name is kept (zdi against zd; Zaid would find Zaidi by its prefix).
  ['Zaidi', 'Zayd'],
  ['Fadi', 'Fouad'],
  // A translation, not a spelling: the key keeps the J (jsf against sf).
  ['Yusuf', 'Joseph'],
];

/** Different names the key cannot keep apart (their consonants are the same): documented, not wanted. */
const CONFLATED: [string, string][] = [
  ['Hassan', 'Hussein'],
  ['Zaid', 'Ziad'],
  ['Mahmoud', 'Mohammed'],
  ['Omar', 'Amr'],
];

/** The relevance order of `q=Mohamad Choucair`: full-text hits by name, then by similarity. */
const RANKED = [
  'Mohamad Choucair',
  'Zein Mohamad Choucair',
  'Al-Mohammed Shuqair',
  'Mohammed Shuqair',
  'Muhammad Shqairat',
];

/**
 * `GET /people?q=` across Latin transliterations of Arabic names: the key
 * `tansiq_translit_key` (migration NameTransliteration) compared by pg_trgm's strict word
 * similarity, at least 0.7, through the trigram index on the key of `name_en`.
 */
describe('people search across transliterations (issue 12)', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let partyId: string;
  const people = new Map<string, Ref>();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    partyId = (await f.party()).id;
    const names = new Set([...PAIRS, ...NEAR_MISSES, ...CONFLATED].flat().concat(RANKED));
    for (const nameEn of names) {
      const nameAr = nameEn === 'Mohammed Shuqair' ? 'محمد شقير' : undefined;
      people.set(nameEn, await f.person(partyId, nameAr ? { nameEn, nameAr } : { nameEn }));
    }
  });
  afterAll(() => t.close());

  const search = async (q: string, caller: Actor = admin, extra: object = {}) => {
    const res = await t
      .http()
      .get('/api/v1/people')
      .query({ q, limit: 200, ...extra })
      .set(caller.headers);
    expect(res.status).toBe(200);
    return (res.body as { items: { nameEn: string }[] }).items.map((p) => p.nameEn);
  };

  describe('spellings of one name find each other', () => {
    it.each(PAIRS.flatMap(([a, b]) => [[a, b] as const, [b, a] as const]))('%s finds %s', async (q, name) => {
      expect(await search(q)).toContain(name);
    });
  });

  describe('near misses: different names do not', () => {
    it.each(NEAR_MISSES.flatMap(([a, b]) => [[a, b] as const, [b, a] as const]))(
      '%s finds itself, not %s',
      async (q, other) => {
        const found = await search(q);
        expect(found).toContain(q);
        expect(found).not.toContain(other);
      },
    );
  });

  describe('what the key cannot tell apart (docs/domain.md)', () => {
    it.each(CONFLATED)('%s also finds %s', async (q, other) => {
      expect(await search(q)).toEqual(expect.arrayContaining([q, other]));
    });
  });

  describe('order and pages', () => {
    it('without sort: full-text hits first, then by similarity, each rank by name', async () => {
      expect(await search('Mohamad Choucair')).toEqual(RANKED);
    });

    it('pages of the relevance order follow one another, the cursor bound to it', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await t
          .http()
          .get('/api/v1/people')
          .query({ q: 'Mohamad Choucair', limit: 2, ...(cursor ? { cursor } : {}) })
          .set(admin.headers);
        expect(res.status).toBe(200);
        const body = res.body as { items: { nameEn: string }[]; nextCursor: string | null };
        seen.push(...body.items.map((p) => p.nameEn));
        cursor = body.nextCursor ?? undefined;
        pages++;
        if (pages === 1) {
          const other = await t
            .http()
            .get('/api/v1/people')
            .query({ q: 'Mohamad Choucair', sort: 'nameEn', cursor: body.nextCursor })
            .set(admin.headers);
          expectInvalid(other, 'cursor');
        }
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(RANKED);
    });

    it('with sort: the same people in the order asked for', async () => {
      expect(await search('Mohamad Choucair', admin, { sort: 'nameEn' })).toEqual([...RANKED].sort());
      expect(await search('Mohamad Choucair', admin, { sort: '-nameEn' })).toEqual([...RANKED].sort().reverse());
    });
  });

  it('an Arabic query finds the Arabic name (its key is empty: no transliteration matches)', async () => {
    expect(await search('محمد شقير')).toEqual(['Mohammed Shuqair']);
    expect(await search('محمد  شُقَير')).toEqual(['Mohammed Shuqair']);
  });

  it('scope is unchanged: a secretary finds only people of their committees', async () => {
    const committee = await f.committee([partyId, (await f.party()).id]);
    const { user } = await seatedUser(t, f, 'secretary', partyId, committee.id);
    await f.member(committee.id, people.get('Mohammed Shuqair')!.id, 'member');
    expect(await search('Mohamad Choucair', user)).toEqual(['Mohammed Shuqair']);
  });

  describe('on 10,000 people', () => {
    beforeAll(async () => {
      await sql(
        t.db.url,
        `INSERT INTO people (party_id, name_en, name_ar, version)
         SELECT $1, (ARRAY['Rami','Nour','Tarek','Karim','Lina','Omar','Ziad','Rania','Samer','Dalia'])[1 + i % 10]
                    || ' ' || (ARRAY['Haddad','Khoury','Saab','Frem','Aoun','Gemayel','Salam','Karam','Daher','Nassar'])[1 + (i / 10) % 10]
                    || ' ' || i, 'شخص ' || i, 1
           FROM generate_series(1, 10000) AS i`,
        [partyId],
      );
      await sql(t.db.url, 'ANALYZE people');
    });

    it('the query uses the trigram index on the key (EXPLAIN of the list statement, planner defaults)', async () => {
      const statements = await statementsOf(t, async () => {
        expect(await search('Mohamad Choucair')).toEqual(RANKED);
      });
      const list = statements.find((s) => s.text.includes('tansiq_translit_key'));
      expect(list).toBeDefined();
      const plan = await planOf(t.db.url, list!, '');
      expect(plan).toContain('Bitmap Index Scan using people_name_key_trgm_idx');
      expect(plan).toContain('Bitmap Index Scan using people_search_idx');
      expect(plan).not.toContain('Seq Scan');
    });
  });
});
