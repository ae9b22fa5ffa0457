import { STORED_EVENT_COLUMNS, type SqlRunner, type StoredAuditEvent } from '../../platform/index.js';

/**
 * Tansiq's commit-order rule, in one place (docs/verifiable-log.md, "Commit order").
 *
 * A sequence value is taken when a row is inserted, not when its transaction commits, so
 * `seq` 7 can become visible after `seq` 8: a reader paging by `seq` would skip 7 for ever.
 * Instead every audit event records the id of the transaction that wrote it (`xid`,
 * `pg_current_xact_id()`), and the sequencer — one at a time — repeatedly takes the events
 * that are visible (committed) and not yet in the log, and appends them. An event therefore
 * gets its log index after its transaction committed, and a transaction that commits after
 * another's events were appended gets larger indexes: **log order is commit order as the
 * sequencer observes it**; transactions that commit between two of its reads are ordered by
 * transaction id, then `seq`. Consumers (the log's proofs, the change feed) page by log index,
 * which never changes and never gets a gap filled in later.
 *
 * To find unsequenced events without scanning the whole trail, the sequencer keeps a
 * **horizon**: the oldest transaction id still running when it last read
 * (`pg_snapshot_xmin(pg_current_snapshot())`). Any transaction with a smaller id had finished
 * by then, so its events were visible to that read and are in the log; only events with
 * `xid >= horizon` can still be missing (index `audit_events_xid_idx`).
 */
export interface CommittedEvents {
  /** The events visible now and not yet in the log, in log order (`xid`, then `seq`); at most `limit`. */
  events: (StoredAuditEvent & { xid: string })[];
  /** The horizon to keep for the next read (xid8 as a decimal string). */
  horizon: string;
}

/**
 * Reads the committed events not yet in the log, in one statement (so one snapshot gives both
 * the events and the horizon). `horizon`: the previous read's (`'0'` when unknown).
 */
export async function readCommittedEvents(runner: SqlRunner, horizon: string, limit: number): Promise<CommittedEvents> {
  const rows = (await runner.query(
    `WITH snapshot AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
     SELECT snapshot.xmin::text AS snapshot_xmin, ev.*
       FROM snapshot
       LEFT JOIN LATERAL (
         SELECT audit_events.xid::text AS xid, ${STORED_EVENT_COLUMNS}
           FROM audit_events
          WHERE audit_events.xid >= $1::xid8
            AND NOT EXISTS (SELECT 1 FROM log_leaves WHERE log_leaves.event_seq = audit_events.seq)
          ORDER BY audit_events.xid, audit_events.seq
          LIMIT $2) ev ON true`,
    [horizon, limit],
  )) as (StoredAuditEvent & { xid: string | null; snapshot_xmin: string })[];
  const events = rows.filter((r) => r.xid !== null) as (StoredAuditEvent & { xid: string })[];
  // Every transaction below the snapshot's xmin has finished, so its visible events were read
  // — unless the batch was full: then events of the last transaction read (or later ones)
  // may remain, so the horizon may not pass that transaction either.
  const xmin = rows[0]!.snapshot_xmin;
  const next = events.length === limit ? minXid(xmin, events[events.length - 1]!.xid) : xmin;
  return { events, horizon: maxXid(horizon, next) };
}

/** The smaller of two xid8 values (decimal strings). */
export function minXid(a: string, b: string): string {
  return BigInt(a) <= BigInt(b) ? a : b;
}

/** The larger of two xid8 values (decimal strings). */
export function maxXid(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}
