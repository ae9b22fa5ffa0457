// Who waits for a lock while a run is loaded: pg_locks sampled every few milliseconds from a
// connection of its own. An advisory lock not yet granted is a request queued behind another
// (before the verifiable log, every audited write took one global advisory lock to commit).
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const SAMPLE = `SELECT count(*) FILTER (WHERE l.locktype = 'advisory')::int AS advisory,
                      count(*) FILTER (WHERE l.locktype <> 'advisory')::int AS other
                 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE NOT l.granted AND a.datname = current_database()`;

/**
 * Starts sampling the database `url` every `everyMs`. `stop()` resolves to `{ samples, advisory,
 * other }`, each of the two `{ mean, max }`: connections waiting for an advisory lock, and for
 * any other lock (rows, transactions), per sample.
 */
export async function sampleLocks(url, everyMs = 50) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const seen = { advisory: [], other: [] };
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const { rows } = await client.query(SAMPLE);
      seen.advisory.push(rows[0].advisory);
      seen.other.push(rows[0].other);
      await sleep(everyMs);
    }
  })();
  const stats = (values) => ({
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
    max: values.length ? Math.max(...values) : null,
  });
  return {
    async stop() {
      stopping = true;
      await loop.finally(() => client.end().catch(() => undefined));
      return { samples: seen.advisory.length, advisory: stats(seen.advisory), other: stats(seen.other) };
    },
  };
}
