import { SEARCH_VECTORS, searchCondition } from '../../src/platform/search/search.js';
import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';
import { ids } from '../support/helpers.js';

describe('search (q=) over Arabic and English text', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let narcotics: Ref;
  let decoy: Ref;
  let person: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    const [lb, sy] = [await f.party(), await f.party()];
    narcotics = await f.committee([lb.id, sy.id], {
      nameAr: 'اللَّجْنَةُ الأَمْنِيَّةُ المُشْتَرَكَةُ لِمُكافَحَةِ المُخَدِّرات',
      nameEn: 'Joint Security Committee on Narcotics',
    });
    decoy = await f.committee([lb.id, sy.id], {
      nameAr: 'لجنة الهجرة غير الشرعية',
      nameEn: 'Committee on Illegal Migration',
    });
    person = await f.person(lb.id, { nameAr: 'إبراهيم أسامة مصطفى', nameEn: 'Ibrahim Osama Mustafa' });
    await f.person(lb.id, { nameAr: 'كريم نصار', nameEn: 'Karim Nassar' });
  });
  afterAll(() => t.close());

  const committees = (q: string) => t.http().get('/api/v1/committees').query({ q, limit: 200 }).set(admin.headers);
  const people = (q: string) => t.http().get('/api/v1/people').query({ q, limit: 200 }).set(admin.headers);

  it.each([
    ['Arabic typed without hamza or diacritics', 'الامنية'],
    ['Arabic word without the article', 'مخدرات'],
    ['Arabic with taa marbuta typed as haa', 'المشتركه'],
    ['an English word', 'narcotics'],
    ['an English word in another form and case', 'NARCOTIC'],
    ['an English prefix', 'Narcot'],
    ['two words', 'joint narcotics'],
  ])('finds the committee by %s (%s)', async (_what, q) => {
    const res = await committees(q);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([narcotics.id]);
  });

  it.each([
    ['an unrelated English word', 'fisheries'],
    ['an unrelated Arabic word', 'الزراعة'],
    ['a word from the other committee', 'migration'],
  ])('does not find it by %s (%s)', async (_what, q) => {
    const res = await committees(q);
    expect(res.status).toBe(200);
    expect(ids(res)).not.toContain(narcotics.id);
  });

  it('finds the other committee by its own words, so the search is not a blanket match', async () => {
    expect(ids(await committees('الهجره'))).toEqual([decoy.id]);
    expect(ids(await committees('Migrat'))).toEqual([decoy.id]);
  });

  it.each([
    ['ابراهيم', 'إ → ا'],
    ['اسامه', 'أ → ا, ة → ه'],
    ['مصطفي', 'ى → ي'],
    ['ابراهيم اسامه مصطفي', 'the whole name'],
    ['أسامة', 'as stored'],
  ])('finds a person by %s (%s)', async (q) => {
    const res = await people(q);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([person.id]);
  });

  it('does not find the person by an unrelated name', async () => {
    expect(ids(await people('خالد'))).toEqual([]);
  });

  it('uses the GIN index with the exact expression the service queries', async () => {
    await sql(
      t.db.url,
      `INSERT INTO committees (code, name_en, name_ar, mandate, status, time_zone, version)
       SELECT 'BULK-' || g,
              'Bulk committee ' || g || CASE WHEN g % 1000 = 0 THEN ' on narcotics' ELSE ' on fisheries' END,
              'لجنة رقم ' || g,
              'Mandate ' || md5(g::text),
              'active', 'Asia/Beirut', 1
         FROM generate_series(1, 10000) AS g`,
    );
    await sql(t.db.url, 'ANALYZE committees');

    const explain = async (statement: string) =>
      (await sql<{ 'QUERY PLAN': string }>(t.db.url, `EXPLAIN ${statement}`)).map((r) => r['QUERY PLAN']).join('\n');

    const plan = await explain(
      `SELECT id FROM committees c WHERE tansiq_search_vector(c.code, c.name_en, c.name_ar, c.mandate) @@ tansiq_search_query('narcotics')`,
    );
    expect(plan).toContain('committees_search_idx');
    expect(plan).toMatch(/Bitmap Index Scan on committees_search_idx/);

    // The condition exactly as the service builds it (search.ts), with the parameter inlined.
    const condition = searchCondition(SEARCH_VECTORS.committee('c')).replace(':q', `'narcotics'`);
    expect(await explain(`SELECT id FROM committees c WHERE ${condition}`)).toMatch(
      /Bitmap Index Scan on committees_search_idx/,
    );

    // And through the API: the ten bulk committees about narcotics, and the original one.
    const res = await committees('narcotics');
    expect(res.status).toBe(200);
    expect(ids(res)).toHaveLength(11);
    expect(ids(res)).toContain(narcotics.id);
  });
});
