import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { DataSource } from 'typeorm';
import { poolOf } from '../database/direct-reads.js';

/**
 * A whole-result export in progress (a CSV of a list, `csv-export.ts`). The export calls the
 * list's own handler again and again, each call one batch: the same access checks, filters,
 * presentation and response DTOs as the JSON pages, by construction. Only where the rows come
 * from differs: the list's page query (`pageRows`) runs once, without its LIMIT, through one
 * database cursor (pg-cursor: PostgreSQL's portal, read `limit` rows at a time), and each call
 * reads the next rows of it. Nothing is read before the response stream asks for it, so memory
 * stays flat however many rows there are, and the rows are those of one snapshot (the
 * statement's), whatever is written meanwhile.
 *
 * The cursor holds a pooled connection for the export's duration (its implicit transaction,
 * read-only, takes no transaction id: writers and the log's sequencer are not held back).
 */
export class ExportSession {
  private client: pg.PoolClient | null = null;
  private cursor: Cursor | null = null;
  /** The row read ahead by the previous batch: the first of this one. */
  private carry: unknown[] = [];
  private text: string | null = null;
  private closed = false;
  /** What the held client emitted as `error` (its socket failed), to release it broken. */
  private broken: Error | undefined;
  private readonly onError = (error: Error) => (this.broken ??= error);

  constructor(private readonly dataSource: DataSource) {}

  /** Whether a list read through `pageRows` during this export (one that did not cannot be exported). */
  get opened(): boolean {
    return this.text !== null;
  }

  /**
   * The next `limit` rows of `sql` (and one more when more follow, as a page query's
   * `LIMIT limit + 1` would give: the caller's `nextCursor` logic is unchanged). The first call
   * opens the cursor; later calls must pass the same text.
   */
  async next<R>(sql: string, params: unknown[], limit: number): Promise<R[]> {
    if (this.closed) throw new Error('the export is closed');
    if (this.text === null) {
      this.text = sql;
      this.client = await poolOf(this.dataSource).connect();
      // Heard while the export holds the client (pg-pool listens only to idle ones): a socket
      // failing mid-export rejects the read instead of ending the process (as directReads).
      this.client.on('error', this.onError);
      this.cursor = this.client.query(new Cursor(sql, params));
      const rows = (await this.cursor.read(limit + 1)) as R[];
      this.carry = rows.length > limit ? [rows[limit]] : [];
      return rows;
    }
    if (sql !== this.text) throw new Error('an export reads one list query; this handler ran another');
    const rows = [...(this.carry as R[]), ...((await this.cursor!.read(limit)) as R[])];
    this.carry = rows.length > limit ? [rows[limit]] : [];
    return rows;
  }

  /** Closes the cursor and gives the connection back (destroyed if the cursor failed). Idempotent. */
  async close(error?: Error): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { client, cursor } = this;
    this.client = null;
    this.cursor = null;
    if (!client) return;
    let failure: Error | undefined = error ?? this.broken;
    if (cursor && !failure) await cursor.close().catch((e: Error) => (failure = e));
    client.removeListener('error', this.onError);
    client.release(failure ?? this.broken);
  }
}

/** The export the current call runs in, if any (set by the CSV interceptor around each batch). */
export const exportSession = new AsyncLocalStorage<ExportSession>();

/**
 * Runs a list's page query: `sql` holds its ORDER BY and no LIMIT. Normally one statement with
 * `LIMIT limit + 1` (the extra row tells that a next page exists); inside an export, the next
 * batch of the export's cursor over the whole result (`ExportSession.next`). Every list that
 * should answer CSV reads its rows through here (`paginate`, `paginateSql` and the audit list do).
 */
export async function pageRows<R>(
  db: { query(sql: string, parameters?: unknown[]): Promise<unknown> },
  sql: string,
  params: unknown[],
  limit: number,
): Promise<R[]> {
  const session = exportSession.getStore();
  if (session) return session.next<R>(sql, params, limit);
  // The limit is written into the text (an integer the query DTO bounds): a prepared
  // statement's generic plan would otherwise guess the row count behind a LIMIT parameter.
  return (await db.query(`${sql} LIMIT ${Math.trunc(limit) + 1}`, params)) as R[];
}

/** Whether an export is running: lists that load by id for a batch (the query builder's) read differently. */
export function inExport(): boolean {
  return exportSession.getStore() !== undefined;
}
