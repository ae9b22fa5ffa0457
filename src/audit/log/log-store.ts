import type { SqlRunner } from '../../platform/index.js';
import type { NodeRef } from './merkle.js';

/** A signed checkpoint as stored (`log_checkpoints`). */
export interface StoredCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  /** The sequencer's snapshot when it made this checkpoint (`pg_snapshot` text; commit-order.ts). */
  snapshot: string;
  /** The C2SP signed note: checkpoint text, blank line, the log's signature line. */
  note: string;
  signedAt: Date;
}

interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
  snapshot: string;
  note: string;
  signed_at: Date;
}

// Qualified: an unqualified ORDER BY tree_size would sort the tree_size::text output column (9 > 10).
const CHECKPOINT_COLUMNS =
  'log_checkpoints.tree_size::text AS tree_size, root_hash, snapshot::text AS snapshot, note, signed_at';

function checkpointOf(row: CheckpointRow): StoredCheckpoint {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    snapshot: row.snapshot,
    note: row.note,
    signedAt: row.signed_at,
  };
}

/**
 * The log's size (leaves appended so far), its latest signed checkpoint and the statement's
 * snapshot (`pg_snapshot` text; taken after that checkpoint committed), in one statement.
 */
export async function readLogState(
  runner: SqlRunner,
): Promise<{ size: number; latest: StoredCheckpoint | null; snapshotNow: string }> {
  const rows = (await runner.query(
    `SELECT coalesce((SELECT "index" + 1 FROM log_leaves ORDER BY "index" DESC LIMIT 1), 0)::text AS size,
            pg_current_snapshot()::text AS snapshot_now, c.*
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (SELECT ${CHECKPOINT_COLUMNS} FROM log_checkpoints ORDER BY log_checkpoints.tree_size DESC LIMIT 1) c ON true`,
  )) as (Partial<CheckpointRow> & { size: string; snapshot_now: string })[];
  const row = rows[0]!;
  return {
    size: Number(row.size),
    latest: row.tree_size === undefined || row.tree_size === null ? null : checkpointOf(row as CheckpointRow),
    snapshotNow: row.snapshot_now,
  };
}

/** The latest checkpoint, or the one of exactly `treeSize` leaves; null when there is none. */
export async function readCheckpoint(runner: SqlRunner, treeSize?: number): Promise<StoredCheckpoint | null> {
  const rows = (await (treeSize === undefined
    ? runner.query(`SELECT ${CHECKPOINT_COLUMNS} FROM log_checkpoints ORDER BY log_checkpoints.tree_size DESC LIMIT 1`)
    : runner.query(`SELECT ${CHECKPOINT_COLUMNS} FROM log_checkpoints WHERE tree_size = $1`, [
        treeSize,
      ]))) as CheckpointRow[];
  return rows[0] ? checkpointOf(rows[0]) : null;
}

const refKey = (level: number, index: number) => `${level}:${index}`;

/**
 * The stored hashes of the given perfect subtrees (level 0 from `log_leaves`, higher levels
 * from `log_nodes`), in one statement.
 * @throws Error when one is missing: the tree is not complete up to where it was asked.
 */
export async function readNodes(runner: SqlRunner, refs: readonly NodeRef[]): Promise<(ref: NodeRef) => Buffer> {
  const found = new Map<string, Buffer>();
  if (refs.length > 0) {
    const rows = (await runner.query(
      `SELECT r.level, r.idx::text AS index, coalesce(l.hash, n.hash) AS hash
         FROM unnest($1::int2[], $2::int8[]) AS r(level, idx)
         LEFT JOIN log_leaves l ON r.level = 0 AND l."index" = r.idx
         LEFT JOIN log_nodes n ON r.level > 0 AND n.level = r.level AND n."index" = r.idx`,
      [refs.map((r) => r.level), refs.map((r) => r.index)],
    )) as { level: number; index: string; hash: Buffer | null }[];
    for (const row of rows) if (row.hash) found.set(refKey(row.level, Number(row.index)), row.hash);
  }
  return (ref) => {
    const hash = found.get(refKey(ref.level, ref.index));
    if (!hash) throw new Error(`the log has no subtree at level ${ref.level}, index ${ref.index}`);
    return hash;
  };
}

/** Appends leaves (`index`, the event's `seq`, leaf hash) and completed subtrees, set-based. */
export async function appendToTree(
  runner: SqlRunner,
  leaves: readonly { index: number; seq: string; hash: Buffer }[],
  nodes: readonly (NodeRef & { hash: Buffer })[],
): Promise<void> {
  if (leaves.length > 0)
    await runner.query(
      `INSERT INTO log_leaves ("index", event_seq, hash) SELECT * FROM unnest($1::int8[], $2::int8[], $3::bytea[])`,
      [leaves.map((l) => l.index), leaves.map((l) => l.seq), leaves.map((l) => l.hash)],
    );
  if (nodes.length > 0)
    await runner.query(
      `INSERT INTO log_nodes (level, "index", hash) SELECT * FROM unnest($1::int2[], $2::int8[], $3::bytea[])`,
      [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash)],
    );
}

export async function insertCheckpoint(
  runner: SqlRunner,
  checkpoint: { treeSize: number; rootHash: Buffer; snapshot: string; note: string },
): Promise<void> {
  await runner.query(`INSERT INTO log_checkpoints (tree_size, root_hash, snapshot, note) VALUES ($1, $2, $3, $4)`, [
    checkpoint.treeSize,
    checkpoint.rootHash,
    checkpoint.snapshot,
    checkpoint.note,
  ]);
}
