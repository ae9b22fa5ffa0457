import type { DataSource } from 'typeorm';
import { runMigrations } from '../../src/platform/database/migrate.js';
import { migrations } from '../../migrations/index.js';
import { migratedDatabase, type MigratedDatabase } from '../support/migrated-database.js';
import { sql, type TestDatabase } from '../support/test-database.js';

/** The text-normalisation migration on rows written before it (by the earlier code or by hand). */
describe('migration TextNormalisation on existing data', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const q = <T extends object>(text: string, values: unknown[] = []) =>
    sql<T & Record<string, unknown>>(db.url, text, values);

  let migrated: MigratedDatabase;

  beforeAll(async () => {
    migrated = await migratedDatabase();
    ({ db, dataSource } = migrated);
  });
  afterAll(() => migrated.close());

  const addUser = async (email: string) =>
    (
      await q<{ id: string }>(
        `INSERT INTO users (version, email, display_name, role, password_hash) VALUES (1, $1, 'U', 'analyst', 'x') RETURNING id`,
        [email],
      )
    )[0]!.id;
  /** Reverts TextNormalisation and the migrations after it. */
  const undoTextNormalisation = async () => {
    const later = migrations.length - migrations.findIndex((m) => m.name === 'TextNormalisation1796100000000');
    for (let i = 0; i < later; i++) await dataSource.undoLastMigration({ transaction: 'each' });
  };
  const isApplied = async () =>
    (await q(`SELECT 1 FROM migrations WHERE name = 'TextNormalisation1796100000000'`)).length === 1;

  it('rewrites stored e-mails and codes in their normal form and rebuilds the search index', async () => {
    await undoTextNormalisation();
    expect(await isApplied()).toBe(false);
    const user = await addUser('Ju\u0308rgen.X@B\u00dcCHER.example');
    const [party] = await q<{ id: string }>(
      `INSERT INTO parties (code, name_en, name_ar, version) VALUES ('\uff31\uff3a', 'Zai\u200bd party', 'طرف', 1) RETURNING id`,
    );
    const [person] = await q<{ id: string }>(
      `INSERT INTO people (party_id, name_en, name_ar, email, version) VALUES ($1, 'P', 'مسؤول', 'P\uff20Example.org', 1) RETURNING id`,
      [party!.id],
    );
    // Before: the old fold does not remove the zero-width space, nor meet مسئول.
    const found = (table: string, vector: string, query: string) =>
      q(`SELECT id FROM ${table} WHERE ${vector} @@ tansiq_search_query($1)`, [query]);
    expect(await found('parties', 'tansiq_search_vector(code, name_en, name_ar)', 'zaid')).toEqual([]);

    await runMigrations(dataSource);
    expect(await isApplied()).toBe(true);
    expect(await q(`SELECT email FROM users WHERE id = $1`, [user])).toEqual([
      { email: 'j\u00fcrgen.x@xn--bcher-kva.example' },
    ]);
    expect(await q(`SELECT email FROM people WHERE id = $1`, [person!.id])).toEqual([{ email: 'p@example.org' }]);
    expect(await q(`SELECT code FROM parties WHERE id = $1`, [party!.id])).toEqual([{ code: 'QZ' }]);
    expect(await found('parties', 'tansiq_search_vector(code, name_en, name_ar)', 'zaid')).toEqual([{ id: party!.id }]);
    expect(await found('people', 'tansiq_search_vector(name_en, name_ar, rank_title)', 'مسئول')).toEqual([
      { id: person!.id },
    ]);
  });

  it('stops, naming both accounts and changing nothing, when two stored addresses are one once normalised', async () => {
    await undoTextNormalisation();
    const precomposed = await addUser('ana.\u00fc@example.org');
    const decomposed = await addUser('ANA.U\u0308@example.org');
    await expect(runMigrations(dataSource)).rejects.toThrow(
      new RegExp(
        `users\\.email: 1 group\\(s\\) of rows would share one value.*(${precomposed}.*${decomposed}|${decomposed}.*${precomposed})`,
      ),
    );
    expect(await isApplied()).toBe(false);
    expect(
      (
        await q<{ email: string }>(`SELECT email FROM users WHERE id = ANY($1) ORDER BY email`, [
          [precomposed, decomposed],
        ])
      ).map((r) => r.email),
    ).toEqual(['ANA.U\u0308@example.org', 'ana.\u00fc@example.org'].sort());
    // An administrator resolves it (here: one account goes), and the migration runs.
    await q(`DELETE FROM users WHERE id = $1`, [decomposed]);
    await runMigrations(dataSource);
    expect(await isApplied()).toBe(true);
  });
});
