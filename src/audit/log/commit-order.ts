import { STORED_EVENT_COLUMNS, type SqlRunner, type StoredAuditEvent } from '../../platform/index.js';

/**
 * Tansiq's commit-order rule, in one place (docs/verifiable-log.md, "Commit order").
 *
 * A sequence value is taken when a row is inserted, not when its transaction commits, so
 * `seq` 7 can become visible after `seq` 8: a reader paging by `seq` would skip 7 for ever.
 * Instead every audit event records the id of the transaction that wrote it (`xid`,
 * `pg_current_xact_id()`, the top-level id also inside a savepoint), and the sequencer — one
 * at a time — repeatedly takes the events that are visible (committed) and not yet in the
 * log, and appends them. An event therefore gets its log index after its transaction
 * committed, and a transaction that becomes visible after a read gets larger indexes than
 * every event of that read: **log order is the order in which transactions become visible
 * to the sequencer**; transactions that become visible between the same two reads are
 * ordered by transaction id, then `seq`. Consumers (the proofs, the change feed) page by log
 * index, which never changes and never gets a gap filled in later.
 *
 * Which events can be new, without scanning the trail: each read keeps its **snapshot**
 * (`pg_current_snapshot()`: `xmin:xmax:in-progress ids`). Everything that snapshot saw is in
 * the log; an event it did not see was written by a transaction still in progress then (its
 * id in the snapshot's list) or started after it (id ≥ its `xmax`). So the next read looks
 * only at those ids (index `audit_events_xid_idx`), whatever long transactions elsewhere
 * hold back: a transaction open for hours costs one index probe per read, not a scan.
 */
export interface CommittedEvents {
  /** The events visible now and not yet in the log, in log order (`xid`, then `seq`); at most `limit`. */
  events: (StoredAuditEvent & { xid: string })[];
  /** The snapshot the next read starts from (`pg_snapshot` text). */
  snapshot: string;
}

/** A snapshot that saw nothing: the first read looks at every event. */
export const EMPTY_SNAPSHOT = '1:1:';

/**
 * `$1`: the previous read's `xmax`; `$2`: its in-progress ids (`xid8[]`); `$3`: the most events
 * to read. Run with custom plans (`plan_cache_mode = force_custom_plan`, set by the sequencer):
 * with the values in view the planner sees how few rows the window holds and reads it through
 * `audit_events_xid_idx`; a generic plan would guess a third of the table.
 */
export const COMMITTED_EVENTS_SQL = `SELECT pg_current_snapshot()::text AS snapshot_now, ev.*
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (
         SELECT audit_events.xid::text AS xid, ${STORED_EVENT_COLUMNS}
           FROM audit_events
          WHERE (audit_events.xid >= $1::xid8 OR audit_events.xid = ANY ($2::xid8[]))
            AND NOT EXISTS (SELECT 1 FROM log_leaves WHERE log_leaves.event_seq = audit_events.seq)
          ORDER BY audit_events.xid, audit_events.seq
          LIMIT $3) ev ON true`;

/** A snapshot as `pg_snapshot` text: `xmin:xmax:xip,…` (decimal transaction ids). */
const SNAPSHOT = /^(\d{1,20}):(\d{1,20}):((?:\d{1,20})(?:,\d{1,20})*)?$/;

/** The window a snapshot leaves open: ids from its `xmax` on, and those in progress then. */
export function windowOf(snapshot: string): { xmax: string; inProgress: string[] } {
  const match = SNAPSHOT.exec(snapshot);
  if (!match) throw new Error(`not a pg_snapshot: ${snapshot}`);
  return { xmax: match[2]!, inProgress: match[3] ? match[3].split(',') : [] };
}

/**
 * Reads the committed events not yet in the log that `since` (the previous read's snapshot)
 * did not see, in one statement, so one snapshot gives both the events and the next `since`.
 */
export async function readCommittedEvents(runner: SqlRunner, since: string, limit: number): Promise<CommittedEvents> {
  const { xmax, inProgress } = windowOf(since);
  const rows = (await runner.query(COMMITTED_EVENTS_SQL, [xmax, inProgress, limit])) as (StoredAuditEvent & {
    xid: string | null;
    snapshot_now: string;
  })[];
  const events = rows.filter((r) => r.xid !== null) as (StoredAuditEvent & { xid: string })[];
  // A full batch may have left events of this window behind: read the same window next time
  // (the events logged meanwhile drop out by NOT EXISTS).
  return { events, snapshot: events.length === limit ? since : rows[0]!.snapshot_now };
}

/** The later of two snapshots (by `xmax`): both are safe starting points, the later reads less. */
export function laterSnapshot(a: string, b: string): string {
  return BigInt(windowOf(a).xmax) >= BigInt(windowOf(b).xmax) ? a : b;
}

/**
 * Where the next read starts: the later of `candidates` (this instance's last snapshot, the
 * latest checkpoint's), leaving out any whose `xmax` is above `now`'s. A snapshot taken earlier
 * in this cluster never is (`xmax` only grows); one that is came from another cluster, e.g. a
 * checkpoint restored from a `pg_dump` of a database whose transaction ids ran ahead of this
 * one's: its window would leave out every event written here until the ids caught up.
 * None left: EMPTY_SNAPSHOT (one read of every event not yet in the log).
 */
export function startingSnapshot(now: string, candidates: (string | null | undefined)[]): string {
  const bound = BigInt(windowOf(now).xmax);
  return candidates
    .filter((s): s is string => typeof s === 'string' && BigInt(windowOf(s).xmax) <= bound)
    .reduce(laterSnapshot, EMPTY_SNAPSHOT);
}
