import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/data-source.js';
import { runMigrations } from '../../src/platform/database/migrate.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface MigratedDatabase {
  db: TestDatabase;
  /** Connected, for undoing and redoing migrations (`undoLastMigration`, `runMigrations`). */
  dataSource: DataSource;
  /** Disconnects and drops the database. */
  close(): Promise<void>;
}

/**
 * A database of its own, migrated by running every migration (not cloned from the template),
 * for the tests of a migration on the rows written before it. Call in `beforeAll`, `close()` in
 * `afterAll`.
 */
export async function migratedDatabase(): Promise<MigratedDatabase> {
  const db = await createTestDatabase({ empty: true });
  const dataSource = createDataSource(db.url);
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    db,
    dataSource,
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
