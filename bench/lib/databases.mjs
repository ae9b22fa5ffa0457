// Databases a bench creates for itself on the server DATABASE_URL names, and drops at the end.
import pg from 'pg';

/** `url` with its database replaced by `name`. */
export function withDatabase(url, name) {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(name)}`;
  return next.toString();
}

/** The database `url` names. */
export const databaseOf = (url) => decodeURIComponent(new URL(url).pathname.slice(1));

const quoted = (name) => `"${name.replace(/"/g, '""')}"`;

async function onServer(url, work) {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect().catch((error) => {
    throw new Error(`cannot connect to the server of DATABASE_URL: ${error.message}`, { cause: error });
  });
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops `name` (connections to it closed first) when it exists. */
export function dropDatabase(url, name) {
  return onServer(url, async (client) => {
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name],
    );
    await client.query(`DROP DATABASE IF EXISTS ${quoted(name)}`);
  });
}

/** Creates `name` empty (a leftover of an interrupted run is dropped first); @returns its URL. */
export async function freshDatabase(url, name) {
  await dropDatabase(url, name);
  await onServer(url, (client) => client.query(`CREATE DATABASE ${quoted(name)}`));
  return withDatabase(url, name);
}
