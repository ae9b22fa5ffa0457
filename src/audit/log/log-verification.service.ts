import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, STORED_EVENT_COLUMNS, eventFields, eventLeafData, type AppConfig } from '../../platform/index.js';
import type { StoredAuditEvent } from '../../platform/index.js';
import { BROKEN_REASON_MAX_LENGTH, type AuditVerificationDto, type BrokenRecordDto } from '../dto/audit.dto.js';
import { readNodes } from './log-store.js';
import { LOG_SIGNER } from './log-signer.provider.js';
import { Frontier, leafHash, type NodeRef } from './merkle.js';
import {
  formatCheckpoint,
  parseVerifierKey,
  verifierKeyOf,
  verifyNote,
  type NoteSigner,
  type NoteVerifier,
} from './signed-note.js';

const BATCH = 2_000;

type LeafRow = Partial<StoredAuditEvent> & { index: string; leaf_hash: Buffer; event_seq: string };
interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
  note: string;
}

class Broken extends Error {
  constructor(readonly record: BrokenRecordDto) {
    super(record.reason);
  }
}

// A reason may quote a signed-note error (which names keys): cut to the documented length.
const broken = (reason: string, at: Partial<BrokenRecordDto> = {}): Broken =>
  new Broken({ logIndex: null, seq: null, treeSize: null, ...at, reason: reason.slice(0, BROKEN_REASON_MAX_LENGTH) });

/**
 * The server-side check of the whole log (`GET /audit/verify`): every leaf recomputed from its
 * event, every stored subtree from its leaves, every checkpoint's root and signature. It finds
 * an event altered or deleted in place; a history rewritten and re-signed whole is found only
 * by a party comparing against a checkpoint it kept (`npm run log:verify`).
 */
@Injectable()
export class LogVerificationService {
  private readonly verifier: NoteVerifier;
  /** The verification running now, if any: concurrent callers share it (single-flight). */
  private running: Promise<AuditVerificationDto> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOG_SIGNER) signer: NoteSigner,
  ) {
    this.verifier = parseVerifierKey(verifierKeyOf(signer));
  }

  /**
   * The result of a check of the whole log. It reads every leaf and event (seconds at 100k+
   * events): a call while one runs in this instance awaits that same run rather than starting
   * another, and shares its result (or its error); the next call after it ends runs afresh.
   */
  verify(): Promise<AuditVerificationDto> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<AuditVerificationDto> {
    const frontier = new Frontier(0, []);
    let checkpoints = 0;
    const result = (firstBroken: BrokenRecordDto | null, unsequenced: number): AuditVerificationDto => ({
      ok: firstBroken === null,
      checked: frontier.size,
      treeSize: frontier.size,
      checkpoints,
      unsequenced,
      firstBroken,
    });
    try {
      let pendingCheckpoints = await this.checkpointsUpTo(-1, 0);
      checkpoints += this.checkCheckpoints(frontier, pendingCheckpoints);
      for (;;) {
        const rows = await this.leaves(frontier.size);
        const completed: (NodeRef & { hash: Buffer })[] = [];
        pendingCheckpoints = await this.checkpointsUpTo(frontier.size, frontier.size + rows.length);
        for (const row of rows) {
          completed.push(...frontier.append(this.checkLeaf(row, frontier.size)));
          checkpoints += this.checkCheckpoints(frontier, pendingCheckpoints);
        }
        await this.checkNodes(completed);
        if (rows.length < BATCH) break;
      }
      const later = await this.checkpointsUpTo(frontier.size, Number.MAX_SAFE_INTEGER);
      if (later.length > 0)
        throw broken('a checkpoint covers more leaves than the log holds (leaves were removed)', {
          treeSize: Number(later[0]!.tree_size),
        });
    } catch (error) {
      if (error instanceof Broken) return result(error.record, (await this.unsequenced()).count);
      throw error;
    }
    const { count, oldest } = await this.unsequenced();
    return result(oldest ? stalled(oldest) : null, count);
  }

  private async leaves(from: number): Promise<LeafRow[]> {
    return (await this.dataSource.query(
      `SELECT log_leaves."index"::text AS index, log_leaves.hash AS leaf_hash, log_leaves.event_seq::text AS event_seq,
              ${STORED_EVENT_COLUMNS}
         FROM log_leaves LEFT JOIN audit_events ON audit_events.seq = log_leaves.event_seq
        WHERE log_leaves."index" >= $1 ORDER BY log_leaves."index" LIMIT $2`,
      [from, BATCH],
    )) as LeafRow[];
  }

  /** The leaf hash recomputed from its event, after checking its place and its stored hash. */
  private checkLeaf(row: LeafRow, expectedIndex: number): Buffer {
    const at = { logIndex: expectedIndex, seq: row.event_seq };
    if (Number(row.index) !== expectedIndex)
      throw broken(`leaf ${expectedIndex} is missing (the log jumps to ${row.index})`, at);
    if (row.seq === undefined || row.seq === null)
      throw broken(`the event of leaf ${expectedIndex} is missing (it was deleted)`, at);
    const hash = leafHash(eventLeafData(eventFields(row as StoredAuditEvent)));
    if (!hash.equals(row.leaf_hash))
      throw broken(`event ${row.seq} does not match its leaf ${expectedIndex} (the event was altered)`, at);
    return hash;
  }

  /** Stored subtrees must be what their leaves give (proofs are served from them). */
  private async checkNodes(completed: (NodeRef & { hash: Buffer })[]): Promise<void> {
    const stored = await readNodes(this.dataSource, completed);
    for (const node of completed) {
      let hash: Buffer | null;
      try {
        hash = stored(node);
      } catch {
        hash = null;
      }
      if (!hash || !hash.equals(node.hash))
        throw broken(`the stored subtree at level ${node.level}, index ${node.index} does not match its leaves`, {
          logIndex: (node.index + 1) * 2 ** node.level - 1,
        });
    }
  }

  /** Checkpoints of sizes in (after, upTo], smallest first. */
  private async checkpointsUpTo(after: number, upTo: number): Promise<CheckpointRow[]> {
    return (await this.dataSource.query(
      `SELECT c.tree_size::text AS tree_size, c.root_hash, c.note FROM log_checkpoints c
        WHERE c.tree_size > $1 AND c.tree_size <= $2 ORDER BY c.tree_size`,
      [after, upTo],
    )) as CheckpointRow[];
  }

  /** Checks (and removes) the pending checkpoints of the frontier's size; @returns how many. */
  private checkCheckpoints(frontier: Frontier, pending: CheckpointRow[]): number {
    let count = 0;
    while (pending.length > 0 && Number(pending[0]!.tree_size) === frontier.size) {
      const checkpoint = pending.shift()!;
      const at = { treeSize: frontier.size };
      const root = frontier.root();
      if (!root.equals(checkpoint.root_hash))
        throw broken(`the checkpoint of size ${frontier.size} does not match the tree's root at that size`, at);
      const text = formatCheckpoint({ origin: this.config.log.origin, size: frontier.size, rootHash: root });
      try {
        if (verifyNote(checkpoint.note, [this.verifier]).text !== text) throw new Error('its text differs');
      } catch (error) {
        throw broken(
          `the checkpoint of size ${frontier.size} is not signed by the log's key over its root (${(error as Error).message})`,
          at,
        );
      }
      count++;
    }
    return count;
  }

  /** Committed events not in the log: how many, and the oldest when it is older than `STALLED_AFTER_MS`. */
  private async unsequenced(): Promise<{ count: number; oldest: { seq: string; occurred_at: Date } | null }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS count,
              (array_agg(audit_events.seq::text ORDER BY audit_events.seq)
                 FILTER (WHERE audit_events.occurred_at < now() - make_interval(secs => $1)))[1] AS seq,
              min(audit_events.occurred_at) FILTER (WHERE audit_events.occurred_at < now() - make_interval(secs => $1))
                AS occurred_at
         FROM audit_events
        WHERE NOT EXISTS (SELECT 1 FROM log_leaves WHERE log_leaves.event_seq = audit_events.seq)`,
      [STALLED_AFTER_MS / 1000],
    )) as { count: number; seq: string | null; occurred_at: Date | null }[];
    return { count: row!.count, oldest: row!.seq ? { seq: row!.seq, occurred_at: row!.occurred_at! } : null };
  }
}

/**
 * An event is in the log about a second after its commit (LOG_SEQUENCER_INTERVAL_MS); one
 * written two minutes ago and still out of it means the sequencer stopped or skipped it.
 * (`occurred_at` is taken before commit; a write's statements time out long before this.)
 */
const STALLED_AFTER_MS = 120_000;

const stalled = (event: { seq: string; occurred_at: Date }): BrokenRecordDto => ({
  logIndex: null,
  seq: event.seq,
  treeSize: null,
  reason: `event ${event.seq} of ${event.occurred_at.toISOString()} is committed but not in the log (the sequencer stopped or skipped it)`,
});
