import type { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { createDataSource } from '../../src/data-source.js';
import { runMigrations } from '../../src/platform/database/migrate.js';
import { createTestDatabase, sql, type TestDatabase } from '../support/test-database.js';

const USER = '00000000-0000-4000-8000-000000000001';
const FAMILY_1 = '00000000-0000-4000-8000-0000000000f1';
const FAMILY_2 = '00000000-0000-4000-8000-0000000000f2';

/** A database of its own for the describe block, migrated by the test itself. */
function useEmptyDatabase(): { readonly db: TestDatabase; readonly dataSource: DataSource } {
  const state = {} as { db: TestDatabase; dataSource: DataSource };
  beforeAll(async () => {
    state.db = await createTestDatabase({ empty: true });
    state.dataSource = createDataSource(state.db.url);
    await state.dataSource.initialize();
  });
  afterAll(async () => {
    await state.dataSource.destroy();
    await state.db.drop();
  });
  return state;
}

/** Migrates all the way, then reverts down to just before the migration named `name…`, and adds a user. */
async function schemaBefore(dataSource: DataSource, url: string, name: string, email: string): Promise<void> {
  await runMigrations(dataSource);
  const later = migrations.length - migrations.findIndex((m) => m.name.startsWith(name));
  for (let i = 0; i < later; i++) await dataSource.undoLastMigration({ transaction: 'each' });
  await sql(
    url,
    `INSERT INTO users (id, email, display_name, role, password_hash, active, token_generation, version)
     VALUES ($1, $2, 'Old Session', 'analyst', 'x', true, 0, 1)`,
    [USER, email],
  );
}

/**
 * The AuthSessions migration on a database with sessions in use: every existing
 * refresh-token family becomes a session, signed in when its first token was issued.
 */
describe('migration to auth sessions', () => {
  const database = useEmptyDatabase();

  it('makes each existing family a session signed in at its first token', async () => {
    const { db, dataSource } = database;
    // The schema just before AuthSessions (and any later migration).
    await schemaBefore(dataSource, db.url, 'AuthSessions', 'old.session@test.tansiq');
    await sql(
      db.url,
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, created_at, expires_at, spent_at) VALUES
         ($1, $2, 'h1', '2026-01-05T08:00:00Z', '2026-02-05T08:00:00Z', '2026-01-05T08:10:00Z'),
         ($1, $2, 'h2', '2026-01-05T08:10:00Z', '2026-02-05T08:10:00Z', NULL),
         ($1, $3, 'h3', '2026-01-06T09:00:00Z', '2026-02-06T09:00:00Z', NULL)`,
      [USER, FAMILY_1, FAMILY_2],
    );

    await runMigrations(dataSource);

    const sessions = await sql<{ id: string; user_id: string; authenticated_at: string }>(
      db.url,
      `SELECT id, user_id, to_char(authenticated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS authenticated_at
         FROM auth_sessions ORDER BY id`,
    );
    expect(sessions).toEqual([
      { id: FAMILY_1, user_id: USER, authenticated_at: '2026-01-05T08:00:00Z' },
      { id: FAMILY_2, user_id: USER, authenticated_at: '2026-01-06T09:00:00Z' },
    ]);
  });
});

/**
 * The SessionEnd migration: a session whose every refresh token is already revoked (a logout,
 * reuse detection, a password change, a deactivation) has ended, at its last revocation;
 * a session with a token still unrevoked goes on.
 */
describe('migration to session ends', () => {
  const database = useEmptyDatabase();

  it('ends each session whose tokens are all revoked, at the last revocation', async () => {
    const { db, dataSource } = database;
    await schemaBefore(dataSource, db.url, 'SessionEnd', 'ended.session@test.tansiq');
    await sql(
      db.url,
      `INSERT INTO auth_sessions (id, user_id, authenticated_at) VALUES
         ($2, $1, '2026-01-05T08:00:00Z'), ($3, $1, '2026-01-06T09:00:00Z')`,
      [USER, FAMILY_1, FAMILY_2],
    );
    await sql(
      db.url,
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, spent_at, revoked_at, revoked_reason) VALUES
         ($1, $2, 'h1', '2026-02-05T08:00:00Z', '2026-01-05T08:10:00Z', '2026-01-05T09:00:00Z', 'logout'),
         ($1, $2, 'h2', '2026-02-05T08:10:00Z', NULL, '2026-01-05T09:30:00Z', 'logout'),
         ($1, $3, 'h3', '2026-02-06T09:00:00Z', '2026-01-06T09:10:00Z', '2026-01-06T09:10:00Z', 'logout'),
         ($1, $3, 'h4', '2026-02-06T09:10:00Z', NULL, NULL, NULL)`,
      [USER, FAMILY_1, FAMILY_2],
    );

    await runMigrations(dataSource);

    const sessions = await sql<{ id: string; ended_at: string | null }>(
      db.url,
      `SELECT id, to_char(ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ended_at
         FROM auth_sessions ORDER BY id`,
    );
    expect(sessions).toEqual([
      { id: FAMILY_1, ended_at: '2026-01-05T09:30:00Z' },
      { id: FAMILY_2, ended_at: null },
    ]);
  });
});
