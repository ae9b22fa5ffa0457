// The verifiable log's sequencer works in the background of the app (src/audit/log): after a run of
// writes it is still appending their audit events. A measured run should not start before it has
// caught up, or it would pay for the previous run's events.
import pg from 'pg';

/**
 * A probe of the log in `databaseUrl`: `{ caughtUp(), state(), close() }`, or null when the
 * database has no verifiable log (a build from before it). `caughtUp()`: whether the newest
 * audit event is in the log (events of transactions still open may remain: close enough for
 * "idle"). `state()`: `{ treeSize, unsequenced }`.
 */
export async function logProbe(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query(`SELECT to_regclass('log_leaves') IS NOT NULL AS present`);
  if (!rows[0].present) {
    await client.end();
    return null;
  }
  const one = async (sql) => (await client.query(sql)).rows[0];
  return {
    caughtUp: async () =>
      (
        await one(`SELECT NOT EXISTS (SELECT 1 FROM audit_events
                    WHERE seq > coalesce((SELECT max(event_seq) FROM log_leaves), 0)) AS caught_up`)
      ).caught_up,
    state: async () => {
      const row = await one(`SELECT (SELECT count(*) FROM log_leaves)::int AS "treeSize",
               (SELECT count(*) FROM audit_events a
                 WHERE NOT EXISTS (SELECT 1 FROM log_leaves l WHERE l.event_seq = a.seq))::int AS unsequenced`);
      return { treeSize: row.treeSize, unsequenced: row.unsequenced };
    },
    close: () => client.end().catch(() => undefined),
  };
}
