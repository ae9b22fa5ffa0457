import type { DataSource } from 'typeorm';
import { runMigrations } from '../../src/platform/database/migrate.js';
import { migratedDatabase, type MigratedDatabase } from '../support/migrated-database.js';
import { sql, type TestDatabase } from '../support/test-database.js';

const MIGRATION = 'SearchFoldIgnorablesAndTags1796400000000';

/**
 * Migration SearchFoldIgnorablesAndTags on rows written before it: the fold removes every
 * default-ignorable character and reads `<…>` as text, and every index that holds the fold
 * (the ten search indexes, the people's trigram index) is rebuilt, so those rows are found
 * through the indexes (sequential scans off: a stale index would not return them).
 */
describe('migration SearchFoldIgnorablesAndTags on existing rows', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const q = <T extends object>(text: string, values: unknown[] = []) =>
    sql<T & Record<string, unknown>>(db.url, text, values);
  /** The same database, for a session that may read tables only through their indexes. */
  const indexOnly = <T extends object>(text: string, values: unknown[] = []) => {
    const url = new URL(db.url);
    url.searchParams.set('options', '-c enable_seqscan=off');
    return sql<T & Record<string, unknown>>(url.toString(), text, values);
  };
  const isApplied = async () => (await q(`SELECT 1 FROM migrations WHERE name = $1`, [MIGRATION])).length === 1;
  /** Undoes the later migrations, then this one (at most 10, so a missing one cannot loop). */
  const undoThrough = async () => {
    for (let i = 0; i < 10 && (await isApplied()); i++) await dataSource.undoLastMigration({ transaction: 'each' });
  };

  let migrated: MigratedDatabase;

  beforeAll(async () => {
    migrated = await migratedDatabase();
    ({ db, dataSource } = migrated);
  });
  afterAll(() => migrated.close());

  /** [table, the indexed expression (its `*_search_idx`)]: each gets a row with the hidden words. */
  const TABLES: [string, string][] = [
    ['parties', 'tansiq_search_vector(code, name_en, name_ar)'],
    ['agencies', 'tansiq_search_vector(code, name_en, name_ar)'],
    ['issue_areas', 'tansiq_search_vector(code, name_en, name_ar, description)'],
    ['people', 'tansiq_search_vector(name_en, name_ar, rank_title)'],
    ['committees', 'tansiq_search_vector(code, name_en, name_ar, mandate)'],
    ['assignments', 'tansiq_search_vector(title, description, border_sector)'],
    ['commitments', 'tansiq_search_vector(title, description)'],
    ['meetings', 'tansiq_search_vector(place, agenda, minutes)'],
    ['decisions', 'tansiq_search_vector(text)'],
    ['updates', 'tansiq_search_vector(body)'],
  ];
  /** A variation selector inside one word, the other word in angle brackets. */
  const TEXT = 'Sa\ufe0fmir <Confidential>';

  it('rebuilds every index that holds the fold: rows written before it are found through them', async () => {
    await undoThrough();
    expect(await isApplied()).toBe(false);
    const one = async (text: string, values: unknown[] = []) => (await q<{ id: string }>(text, values))[0]!.id;
    const party = await one(
      `INSERT INTO parties (version, code, name_en, name_ar) VALUES (1, 'QF', $1, 'طرف') RETURNING id`,
      [TEXT],
    );
    await one(
      `INSERT INTO agencies (version, party_id, code, name_en, name_ar) VALUES (1, $1, 'QF-A', $2, 'جهاز') RETURNING id`,
      [party, TEXT],
    );
    await one(
      `INSERT INTO issue_areas (version, code, name_en, name_ar) VALUES (1, 'qf_area', $1, 'ملف') RETURNING id`,
      [TEXT],
    );
    await one(`INSERT INTO people (version, party_id, name_en, name_ar) VALUES (1, $1, $2, 'سامر') RETURNING id`, [
      party,
      TEXT,
    ]);
    const committee = await one(
      `INSERT INTO committees (version, code, name_en, name_ar, time_zone) VALUES (1, 'QF-C', $1, 'لجنة', 'Asia/Beirut') RETURNING id`,
      [TEXT],
    );
    const assignment = await one(
      `INSERT INTO assignments (version, committee_id, title) VALUES (1, $1, $2) RETURNING id`,
      [committee, TEXT],
    );
    await one(
      `INSERT INTO commitments (version, committee_id, owner_party_id, title) VALUES (1, $1, $2, $3) RETURNING id`,
      [committee, party, TEXT],
    );
    const meeting = await one(
      `INSERT INTO meetings (version, committee_id, starts_at, time_zone, place) VALUES (1, $1, now(), 'Asia/Beirut', $2) RETURNING id`,
      [committee, TEXT],
    );
    await one(`INSERT INTO decisions (meeting_id, number, text) VALUES ($1, 1, $2) RETURNING id`, [meeting, TEXT]);
    await one(`INSERT INTO updates (assignment_id, body) VALUES ($1, $2) RETURNING id`, [assignment, TEXT]);

    const found = async (query: string) => {
      const tables: string[] = [];
      for (const [table, vector] of TABLES)
        if (
          (await indexOnly(`SELECT 1 FROM ${table} WHERE ${vector} @@ tansiq_search_query($1)`, [query])).length === 1
        )
          tables.push(table);
      return tables;
    };
    const byKey = (query: string) =>
      indexOnly(`SELECT name_en FROM people WHERE tansiq_translit_key($1) <<% tansiq_translit_key(name_en)`, [query]);
    // Before: the old fold splits the name at the variation selector and drops the bracketed word.
    expect(await found('samir')).toEqual([]);
    expect(await found('confidential')).toEqual([]);
    expect(await byKey('Sameer')).toEqual([]);

    await runMigrations(dataSource);
    expect(await isApplied()).toBe(true);
    const all = TABLES.map(([table]) => table);
    expect(await found('samir')).toEqual(all);
    expect(await found('confidential')).toEqual(all);
    expect(await byKey('Sameer')).toEqual([{ name_en: TEXT }]);
  });

  it('is undone: the fold of before, the indexes rebuilt with it', async () => {
    await undoThrough();
    expect(await isApplied()).toBe(false);
    expect(await q(`SELECT tansiq_normalize($1) AS folded`, [TEXT])).toEqual([
      { folded: 'sa\ufe0fmir <confidential>' },
    ]);
    await runMigrations(dataSource);
    expect(await q(`SELECT tansiq_normalize($1) AS folded`, [TEXT])).toEqual([{ folded: 'samir (confidential)' }]);
  });
});
