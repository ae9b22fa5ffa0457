import { randomBytes } from 'node:crypto';
import pg from 'pg';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test (jest globalSetup)`);
  return value;
}

export function databaseUrl(name: string): string {
  const url = new URL(env('TANSIQ_TEST_ADMIN_URL'));
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: env('TANSIQ_TEST_ADMIN_URL') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of this test file's own, cloned from the migrated template (or empty). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `tansiq_t_${env('TANSIQ_TEST_RUN_ID')}_${randomBytes(4).toString('hex')}`;
  const template = options.empty ? 'template0' : env('TANSIQ_TEST_TEMPLATE');
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs SQL on a test database as the server's superuser (for setting up or breaking things). */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export { admin as withAdminClient };
