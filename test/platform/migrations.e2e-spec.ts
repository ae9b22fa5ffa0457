import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { createDataSource, dataSourceOptions, MIGRATIONS_TABLE } from '../../src/data-source.js';
import { runMigrations } from '../../src/platform/database/migrate.js';
import { pendingSchemaQueries } from '../../src/platform/database/schema-diff.js';
import { createTestDatabase, sql, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

async function userTables(url: string): Promise<string[]> {
  const rows = await sql<{ name: string }>(
    url,
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name <> $1 ORDER BY 1`,
    [MIGRATIONS_TABLE],
  );
  return rows.map((r) => r.name);
}

describe('migrations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    dataSource = createDataSource(db.url);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('go from empty to latest, all the way down, and up again, leaving no schema difference', async () => {
    expect(await userTables(db.url)).toEqual([]);

    const applied = await runMigrations(dataSource);
    expect(applied).toEqual(migrations.map((m) => m.name));
    const latest = await userTables(db.url);
    expect(latest.length).toBeGreaterThan(0);
    expect(await pendingSchemaQueries(dataSource)).toEqual({ up: [], down: [] });

    for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await userTables(db.url)).toEqual([]);
    expect(await sql(db.url, `SELECT * FROM ${MIGRATIONS_TABLE}`)).toEqual([]);

    expect(await runMigrations(dataSource)).toHaveLength(migrations.length);
    expect(await userTables(db.url)).toEqual(latest);
    expect(await pendingSchemaQueries(dataSource)).toEqual({ up: [], down: [] });
  });

  it("run without the application's statement timeout (an index over millions of rows takes minutes); the application's pool keeps 30 s", async () => {
    expect(await dataSource.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '0' }]);
    const app = new DataSource(dataSourceOptions(db.url, 1));
    await app.initialize();
    try {
      expect(await app.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '30s' }]);
    } finally {
      await app.destroy();
    }
  });

  it('run once when several instances start at the same time', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    const instances = [createDataSource(db.url), createDataSource(db.url), createDataSource(db.url)];
    await Promise.all(instances.map((i) => i.initialize()));
    try {
      const applied = await Promise.all(instances.map((i) => runMigrations(i)));
      expect(applied.flat()).toEqual([migrations.at(-1)!.name]);
    } finally {
      await Promise.all(instances.map((i) => i.destroy()));
    }
  });

  it('are listed by npm run migration:show against an external database', async () => {
    const { stdout } = await run(process.execPath, ['dist/src/migration-cli.js', 'show'], {
      env: { ...process.env, DATABASE_URL: db.url },
    });
    for (const m of migrations) expect(stdout).toContain(`[X] ${m.name}`);
    expect(stdout).toContain(`${migrations.length} applied, 0 pending (DATABASE_URL)`);
  });
});
