import { join } from 'node:path';
import type { AppConfig } from '../config/config.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { SESSION_OPTIONS } from './session-options.js';

export interface DatabaseServer {
  /** Connection URL of the application database. */
  url: string;
  embedded: EmbeddedPostgres | null;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE = 'tansiq';

/**
 * The configured database: `DATABASE_URL` when set, else an embedded PostgreSQL whose
 * data persists in `DATA_DIR/pg`.
 */
export async function openDatabaseServer(config: AppConfig): Promise<DatabaseServer> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null, stop: async () => undefined };
  const embedded = await EmbeddedPostgres.start({ dataDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort });
  try {
    await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const url = new URL(embedded.url);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  return { url: url.toString(), embedded, stop: () => embedded.stop() };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl, options: SESSION_OPTIONS });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
