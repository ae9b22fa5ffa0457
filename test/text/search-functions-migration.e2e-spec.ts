import type { DataSource } from 'typeorm';
import { runMigrations } from '../../src/platform/database/migrate.js';
import { migratedDatabase, type MigratedDatabase } from '../support/migrated-database.js';
import { sql, type TestDatabase } from '../support/test-database.js';

const MIGRATION = 'SearchFunctionsPlannedOnce1796800000000';

/** Texts that take every branch of the fold and the dictionaries (parts of one call each). */
const TEXTS: (string | null)[][] = [
  ['Joint patrol held at the northern crossing; two couriers detained.'],
  ['دورية مشتركة عند المعبر الشمالي؛ توقيف مهربين اثنين.'],
  ['أحمد الإمام', 'إبراهيم آل سعود', 'مؤتمر رئيس القائمة'],
  ['مُعَاهَدَة ـــ الحدود', 'Ø smuggling ring'],
  ['Sa\ufe0fmir <Confidential>', 'zero\u200bwidth soft\u00adhyphen'],
  ['١٢٣ ۴۵۶ 789', 'ﻻ ﷲ ﬁ ＡＢＣ'],
  ['والكتاب فالبيت بالمعبر للحدود كالسيف'],
  ['', ''],
  [null, 'only the second'],
  [null],
];
/** Queries as users type them: words, prefixes, hamza forms, stop words, punctuation. */
const QUERIES = [
  'patrol',
  'cour',
  'المعبر',
  'امام',
  'ابراهيم',
  'مؤتمر',
  'مءتمر',
  'the',
  'Samir',
  '١٢٣',
  '',
  '&|!:*',
  "o'brien",
];

/**
 * Migration SearchFunctionsPlannedOnce: the search vector and query functions move to
 * PL/pgSQL (planned once per session) with the same bodies. Every vector and every query
 * must be the one the SQL functions gave, or the GIN indexes built with them would hold
 * entries the new query function no longer finds (docs/performance.md).
 */
describe('migration SearchFunctionsPlannedOnce: the same vectors and queries', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const q = <T extends object>(text: string, values: unknown[] = []) =>
    sql<T & Record<string, unknown>>(db.url, text, values);
  const isApplied = async () => (await q(`SELECT 1 FROM migrations WHERE name = $1`, [MIGRATION])).length === 1;

  /** Every text's vector and every query's tsquery, as text; and how the functions are written. */
  const outputs = async () => {
    const vectors = [];
    for (const parts of TEXTS)
      vectors.push(
        (await q<{ v: string | null }>(`SELECT tansiq_search_vector(VARIADIC $1::text[])::text AS v`, [parts]))[0]!.v,
      );
    const queries = [];
    for (const text of QUERIES)
      queries.push((await q<{ q: string | null }>(`SELECT tansiq_search_query($1)::text AS q`, [text]))[0]!.q);
    const functions = await q<{ proname: string; lang: string; procost: number }>(
      `SELECT p.proname, l.lanname AS lang, p.procost FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
        WHERE p.proname IN ('tansiq_search_vector', 'tansiq_search_query', 'tansiq_prefix_query') ORDER BY p.proname`,
    );
    return { vectors, queries, functions };
  };

  let migrated: MigratedDatabase;

  beforeAll(async () => {
    migrated = await migratedDatabase();
    ({ db, dataSource } = migrated);
  });
  afterAll(() => migrated.close());

  it('gives every vector and query the SQL functions gave, in PL/pgSQL, the vector still costed 5000', async () => {
    expect(await isApplied()).toBe(true);
    const after = await outputs();
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await isApplied()).toBe(false);
    const before = await outputs();
    await runMigrations(dataSource);

    expect(before.functions).toEqual([
      { proname: 'tansiq_prefix_query', lang: 'sql', procost: 100 },
      { proname: 'tansiq_search_query', lang: 'sql', procost: 100 },
      { proname: 'tansiq_search_vector', lang: 'sql', procost: 5000 },
    ]);
    expect(after.functions).toEqual([
      { proname: 'tansiq_prefix_query', lang: 'plpgsql', procost: 100 },
      { proname: 'tansiq_search_query', lang: 'plpgsql', procost: 100 },
      { proname: 'tansiq_search_vector', lang: 'plpgsql', procost: 5000 },
    ]);
    expect(after.vectors).toEqual(before.vectors);
    expect(after.queries).toEqual(before.queries);
    // Not vacuous: the texts give vectors, the Arabic one with its stems and stripped article.
    expect(after.vectors.filter((v) => v !== null && v !== '')).toHaveLength(8);
    expect(after.vectors[1]).toContain("'معبر'");
    expect(after.queries[2]).toContain("'معبر'");
  });

  it('finds a row written under the SQL functions through its index with the new query function', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    const [{ id }] = await q<{ id: string }>(
      `INSERT INTO parties (version, code, name_en, name_ar) VALUES (1, 'ZZ', 'Hermel crossing', 'معبر الهرمل') RETURNING id`,
    );
    await runMigrations(dataSource);
    const url = new URL(db.url);
    url.searchParams.set('options', '-c enable_seqscan=off');
    for (const word of ['hermel', 'الهرمل', 'معبر']) {
      const found = await sql<{ id: string }>(
        url.toString(),
        `SELECT id FROM parties WHERE tansiq_search_vector(code, name_en, name_ar) @@ tansiq_search_query($1)`,
        [word],
      );
      expect(found.map((r) => r.id)).toEqual([id]);
    }
  });
});
