import type { DataSource } from 'typeorm';

// Any constant works; it only has to be the same for every instance of the API.
const MIGRATION_LOCK_KEY = 7_316_942_051;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so that several instances
 * starting at once against one database migrate it exactly once.
 */
// Needs two pooled connections: one holds the lock while TypeORM runs on another.
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
