/**
 * Audit events for the seeded items: one `create` event per commitment and assignment, in
 * the order they were created (`seq` follows creation time), inserted set-based like the rest
 * of the data: no hash, no lock, as the application writes them (src/platform/audit/audit.service.ts;
 * each row's `xid` is its statement's transaction, by the column's default). The verifiable log
 * is then built from them by the application's own sequencer (seed-scale.mjs), which reads the
 * stored rows: what it hashes is what the trail serves.
 *
 * Each event records the item as it was created (status pending / open, progress 0,
 * version 1), what the audit subscriber writes for an insert, in the same canonical JSON
 * (keys sorted, no spaces, dates as ISO strings in milliseconds). The later moves and the
 * updates are not in the trail: one event per item keeps the seed fast.
 */
import { afterSnapshotJson, jsonIso, jsonText } from './sql.mjs';

/** Events per statement (and per transaction: the sequencer appends them in that order). */
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
 * Reserves `count` sequence numbers after the last event (the application takes its numbers
 * from the same sequence). @returns base: the events get seq base+1 … base+count.
 */
export async function reserve(client, count) {
  const { rows } = await client.query(
    `SELECT (nextval(pg_get_serial_sequence('audit_events', 'seq')) - 1)::text AS base`,
  );
  const base = rows[0].base;
  await client.query(`SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), $1::int8 + $2::int8)`, [
    base,
    count,
  ]);
  return base;
}

/** Inserts the events n in [lo, hi] (seq base+n), in one statement. */
export async function insertChunk(client, { lo, hi, base }) {
  const item = (table, changes, entity, kind) => `
    SELECT e.n + $3::int8 AS seq, i.created_at AS occurred_at, i.created_by_id AS actor_id,
           '${entity}' AS entity, i.id::text AS entity_id, ${changes} AS changes
      FROM scale_events e JOIN ${table} i ON i.id = e.id
     WHERE e.kind = ${kind} AND e.n BETWEEN $1 AND $2`;
  await client.query(
    `INSERT INTO audit_events (seq, occurred_at, actor_type, actor_id, action, entity, entity_id, changes, request_id)
     SELECT seq, occurred_at, CASE WHEN actor_id IS NULL THEN 'system' ELSE 'user' END, actor_id, 'create', entity,
            entity_id, changes::jsonb, NULL
       FROM (${item('commitments', COMMITMENT_CHANGES, 'commitments', 1)}
             UNION ALL
             ${item('assignments', ASSIGNMENT_CHANGES, 'assignments', 2)}) ev
      ORDER BY seq`,
    [lo, hi, base],
  );
}
