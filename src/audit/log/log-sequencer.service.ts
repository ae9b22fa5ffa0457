import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, eventFields, eventLeafData, type AppConfig } from '../../platform/index.js';
import { EMPTY_SNAPSHOT, readCommittedEvents, startingSnapshot } from './commit-order.js';
import { appendToTree, insertCheckpoint, readLogState, readNodes, type StoredCheckpoint } from './log-store.js';
import { LOG_SIGNER } from './log-signer.provider.js';
import { Frontier, leafHash, type NodeRef } from './merkle.js';
import { formatCheckpoint, signNote, type NoteSigner } from './signed-note.js';

/** One sequencer at a time across instances: a transaction-scoped advisory lock (never held by writers). */
export const SEQUENCER_LOCK = 7_316_942_055;
/**
 * A batch transaction's settings, set with its lock: its reads planned for their values
 * (commit-order.ts), and without parallel workers. A batch reads at most `BATCH` recent
 * events by index; on the 1M data set PostgreSQL planned that read with a parallel worker,
 * whose start cost 6–9 ms against 0.03 ms for the read itself, at every turn of the
 * sequencer (every 200 ms), busy or idle.
 */
export const BATCH_SETTINGS = `set_config('plan_cache_mode', 'force_custom_plan', true),
  set_config('max_parallel_workers_per_gather', '0', true)`;
/** Events appended per transaction. */
const BATCH = 2_000;

export interface BatchResult {
  /** Leaves appended by this batch. */
  appended: number;
  /** The tree size after it (null when another instance holds the sequencer lock). */
  treeSize: number | null;
  /** Whether it signed a checkpoint. */
  signed: boolean;
}

/**
 * The log's sequencer (docs/verifiable-log.md): every `LOG_SEQUENCER_INTERVAL_MS` it appends
 * the committed audit events not yet in the log as leaves of the Merkle tree (RFC 9162 §2.1),
 * in commit order (commit-order.ts), and signs a checkpoint (C2SP tlog-checkpoint) when the
 * tree has grown and the last one is at least `LOG_CHECKPOINT_INTERVAL_MS` old. Every instance
 * runs one; the advisory lock lets one at a time work, the others skip their turn.
 */
@Injectable()
export class LogSequencer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LogSequencer');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** The snapshot of this instance's last committed read (commit-order.ts). */
  private snapshot = EMPTY_SNAPSHOT;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOG_SIGNER) private readonly signer: NoteSigner,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.log.sequencer && this.dataSource.isInitialized) this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Appends everything committed so far and signs a checkpoint of the result, waiting for the
   * sequencer lock if another instance holds it. For tests, the scale seed and shutdown.
   * `batch`: events per transaction (default 2,000); `onBatch`: told after each (progress).
   * @returns the tree size.
   */
  async drain(options: { batch?: number; onBatch?: (result: BatchResult) => void } = {}): Promise<number> {
    for (;;) {
      const result = await this.runBatch({ wait: true, forceCheckpoint: true, batch: options.batch });
      options.onBatch?.(result);
      if (result.appended < (options.batch ?? BATCH)) return result.treeSize!;
    }
  }

  /** One batch in one transaction. `wait`: wait for the lock instead of skipping the turn. */
  runBatch(options: { wait?: boolean; forceCheckpoint?: boolean; batch?: number } = {}): Promise<BatchResult> {
    const run = this.running
      .catch(() => undefined)
      .then(() => this.dataSource.transaction('READ COMMITTED', (m) => this.batch(m, options)))
      .then(({ snapshot, ...result }) => {
        // Only once the batch has committed: a failed COMMIT must not skip the events it read.
        if (snapshot !== null) this.snapshot = snapshot;
        return result;
      });
    this.running = run;
    return run;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.config.log.sequencerIntervalMs);
  }

  private async tick(): Promise<void> {
    try {
      // A full batch means more is waiting: go on at once.
      while (!this.stopped && (await this.runBatch()).appended === BATCH);
    } catch (error) {
      this.logger.error(`sequencing failed, retrying: ${(error as Error).message}`);
    }
    this.schedule();
  }

  /** READ COMMITTED (whatever the database's default): each read after the lock sees the previous holder's leaves. */
  private async batch(
    m: EntityManager,
    options: { wait?: boolean; forceCheckpoint?: boolean; batch?: number },
  ): Promise<BatchResult & { snapshot: string | null }> {
    // The lock (waited for, or tried) and this transaction's settings, in one statement.
    const [{ locked }] = (await m.query(
      options.wait
        ? `SELECT true AS locked, ${BATCH_SETTINGS} FROM pg_advisory_xact_lock($1)`
        : `SELECT pg_try_advisory_xact_lock($1) AS locked, ${BATCH_SETTINGS}`,
      [SEQUENCER_LOCK],
    )) as { locked: boolean }[];
    if (!locked) return { appended: 0, treeSize: null, signed: false, snapshot: null };
    // Its snapshot is taken after the checkpoint it reads committed: both candidates are older.
    const { size, latest, snapshotNow } = await readLogState(m);
    const since = startingSnapshot(snapshotNow, [this.snapshot, latest?.snapshot]);
    const { events, snapshot } = await readCommittedEvents(m, since, options.batch ?? BATCH);
    const refs = Frontier.nodesOf(size);
    const frontier = new Frontier(size, refs.map(await readNodes(m, refs)));
    const leaves: { index: number; seq: string; hash: Buffer }[] = [];
    const nodes: (NodeRef & { hash: Buffer })[] = [];
    for (const event of events) {
      const hash = leafHash(eventLeafData(eventFields(event)));
      leaves.push({ index: frontier.size, seq: event.seq, hash });
      nodes.push(...frontier.append(hash));
    }
    await appendToTree(m, leaves, nodes);
    const signed = this.due(latest, frontier.size, options.forceCheckpoint ?? false);
    if (signed) await this.sign(m, frontier, snapshot);
    return { appended: leaves.length, treeSize: frontier.size, signed, snapshot };
  }

  /** A checkpoint is due when there is none yet, or the tree grew and the last is old enough. */
  private due(latest: StoredCheckpoint | null, size: number, force: boolean): boolean {
    if (!latest) return true;
    if (size === latest.treeSize) return false;
    return force || Date.now() - latest.signedAt.getTime() >= this.config.log.checkpointIntervalMs;
  }

  private async sign(m: EntityManager, frontier: Frontier, snapshot: string): Promise<void> {
    const rootHash = frontier.root();
    const text = formatCheckpoint({ origin: this.config.log.origin, size: frontier.size, rootHash });
    await insertCheckpoint(m, { treeSize: frontier.size, rootHash, snapshot, note: signNote(text, [this.signer]) });
  }
}
