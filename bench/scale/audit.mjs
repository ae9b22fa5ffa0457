/**
 * Audit events for the seeded items: one `create` event per commitment and assignment, in
 * the order they were created, chained onto the existing trail. The chain is computed in
 * SQL: each event's canonical JSON (src/platform/audit/canonical.ts: keys sorted, no spaces,
 * dates as ISO strings in milliseconds) is built as text around its `prevHash`, and a running
 * window aggregate hashes it with the previous event's hash — sequential by nature, but one
 * statement per chunk and no round trip per event. The first events are checked against the
 * application's own `hashStoredEvent` before the rest is written.
 *
 * Each event records the item as it was created (status pending / open, progress 0,
 * version 1), what the audit subscriber writes for an insert. The later moves and the
 * updates are not in the trail: one event per item keeps the seed fast.
 */
import { afterSnapshotJson, jsonIso, jsonText } from './sql.mjs';

/** src/platform/audit/audit.service.ts serialises appends with this advisory lock. */
export const AUDIT_CHAIN_LOCK = 7_316_942_054;
/** Events per statement. */
export const AUDIT_CHUNK = 100_000;

const date = (expr) => jsonText(`to_char(${expr}, 'YYYY-MM-DD')`);

/** The columns every work item records when inserted (the new item `i`, version 1). */
const WORK_ITEM_FIELDS = {
  id: jsonText('i.id'),
  createdAt: jsonIso('i.created_at'),
  updatedAt: jsonIso('i.created_at'),
  version: `'1'`,
  committeeId: jsonText('i.committee_id'),
  title: jsonText('i.title'),
  description: jsonText('i.description'),
  issueAreaId: jsonText('i.issue_area_id'),
  dueOn: date('i.due_on'),
  sourceDecisionId: jsonText('i.source_decision_id'),
  createdById: jsonText('i.created_by_id'),
};

/** What the subscriber records when a commitment is inserted, as canonical JSON text (keys sorted). */
const COMMITMENT_CHANGES = afterSnapshotJson({
  ...WORK_ITEM_FIELDS,
  ownerPartyId: jsonText('i.owner_party_id'),
  agencyId: jsonText('i.agency_id'),
  progress: `'0'`,
  status: `'"pending"'`,
});

const ASSIGNMENT_CHANGES = afterSnapshotJson({
  ...WORK_ITEM_FIELDS,
  priority: jsonText('i.priority'),
  raisingPartyId: jsonText('i.raising_party_id'),
  borderSector: jsonText('i.border_sector'),
  status: `'"open"'`,
});

/** Numbers the seeded items by creation time (`scale_events.n`, from 1). */
export async function stageEvents(client) {
  await client.query(
    `CREATE TEMP TABLE scale_events AS
     SELECT row_number() OVER (ORDER BY created_at, kind, id) AS n, kind, id FROM scale_items`,
  );
  await client.query(`CREATE UNIQUE INDEX ON scale_events (n)`);
  await client.query(`ANALYZE scale_events`);
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM scale_events`);
  return rows[0].n;
}

/**
 * Takes the chain lock for the session and reserves `count` sequence numbers after the
 * last event. @returns { base, prevHash }: events get seq base+1 … base+count.
 */
export async function reserve(client, count, genesis) {
  await client.query('SELECT pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK]);
  // nextval is past every seq in use (the app takes its numbers from the same sequence).
  const { rows } = await client.query(
    `SELECT (nextval(pg_get_serial_sequence('audit_events', 'seq')) - 1)::text AS base,
            (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1) AS hash`,
  );
  const base = rows[0].base;
  await client.query(`SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), $1::int8 + $2::int8)`, [
    base,
    count,
  ]);
  return { base, prevHash: rows[0].hash ?? genesis };
}

export const releaseLock = (client) => client.query('SELECT pg_advisory_unlock($1)', [AUDIT_CHAIN_LOCK]);

/** Inserts the events n in [lo, hi], chained from `prevHash`; @returns the last event's hash. */
export async function insertChunk(client, { lo, hi, base, prevHash }) {
  const item = (table, changes, entity, kind) => `
    SELECT e.n + $3::int8 AS seq, i.created_at AS occurred_at, i.created_by_id AS actor_id,
           '${entity}' AS entity, i.id::text AS entity_id, ${changes} AS changes
      FROM scale_events e JOIN ${table} i ON i.id = e.id
     WHERE e.kind = ${kind} AND e.n BETWEEN $1 AND $2`;
  await client.query(
    `WITH ev AS (
       ${item('commitments', COMMITMENT_CHANGES, 'commitments', 1)}
       UNION ALL
       ${item('assignments', ASSIGNMENT_CHANGES, 'assignments', 2)}
     ),
     canon AS (
       SELECT ev.*,
              '{"action":"create","actorId":' || ${jsonText('actor_id')}
              || ',"actorType":' || CASE WHEN actor_id IS NULL THEN '"system"' ELSE '"user"' END
              || ',"changes":' || changes || ',"entity":"' || entity || '","entityId":' || ${jsonText('entity_id')}
              || ',"occurredAt":' || ${jsonIso('occurred_at')} || ',"prevHash":"' AS pre,
              '","requestId":null,"seq":"' || seq || '"}' AS suf
         FROM ev
     ),
     chained AS (
       SELECT canon.*, pg_temp.chain(pre, suf, $4::text) OVER (ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hash
         FROM canon
     )
     INSERT INTO audit_events (seq, occurred_at, actor_type, actor_id, action, entity, entity_id, changes, request_id, prev_hash, hash)
     SELECT seq, occurred_at, CASE WHEN actor_id IS NULL THEN 'system' ELSE 'user' END, actor_id, 'create', entity, entity_id,
            changes::jsonb, NULL, coalesce(lag(hash) OVER (ORDER BY seq), $4::text), hash
       FROM chained ORDER BY seq`,
    [lo, hi, base, prevHash],
  );
  const { rows } = await client.query(`SELECT hash FROM audit_events WHERE seq = $1::int8 + $2::int8`, [base, hi]);
  if (!rows[0]) throw new Error(`audit chunk ${lo}–${hi}: event ${base}+${hi} missing`);
  return rows[0].hash;
}

/**
 * Recomputes the first `count` seeded events with the application's `hashStoredEvent` (from
 * dist) and throws at the first that differs: the SQL canonical form must be the app's.
 */
export async function checkWithApp(client, { STORED_EVENT_COLUMNS, hashStoredEvent }, base, count) {
  const { rows } = await client.query(
    `SELECT ${STORED_EVENT_COLUMNS} FROM audit_events WHERE seq > $1::int8 ORDER BY seq LIMIT $2`,
    [base, count],
  );
  for (const row of rows) {
    const expected = hashStoredEvent(row);
    if (expected !== row.hash)
      throw new Error(`audit event ${row.seq}: SQL hash ${row.hash}, application hash ${expected}`);
  }
  return rows.length;
}
