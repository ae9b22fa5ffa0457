import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** A claimed key whose request has not finished after this long is taken as abandoned (crashed instance). */
const ABANDONED_AFTER_SECONDS = 120;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown; headers: Record<string, string> }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

/** Idempotency keys in PostgreSQL, so a retry is recognised by whichever instance it reaches. */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnApplicationShutdown {
  private purgeTimer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    if (!this.dataSource.isInitialized) return;
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch(() => undefined), 3_600_000);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  /** Claims the key for this request, or says what an earlier request with it left. */
  async claim(scopeKey: string, requestHash: string): Promise<Claim> {
    const inserted = (await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope_key, request_hash) VALUES ($1, $2) ON CONFLICT (scope_key) DO NOTHING RETURNING scope_key`,
      [scopeKey, requestHash],
    )) as unknown[];
    if (inserted.length > 0) return { kind: 'claimed' };
    const [row] = (await this.dataSource.query(
      `SELECT request_hash, response_status, response_body, response_headers, created_at < now() - make_interval(secs => $2) AS abandoned
         FROM idempotency_keys WHERE scope_key = $1`,
      [scopeKey, ABANDONED_AFTER_SECONDS],
    )) as {
      request_hash: string;
      response_status: number | null;
      response_body: unknown;
      response_headers: Record<string, string> | null;
      abandoned: boolean;
    }[];
    if (!row) return this.claim(scopeKey, requestHash);
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.response_status !== null)
      return {
        kind: 'replay',
        status: row.response_status,
        body: row.response_body,
        headers: row.response_headers ?? {},
      };
    if (row.abandoned) {
      await this.release(scopeKey);
      return this.claim(scopeKey, requestHash);
    }
    return { kind: 'in-progress' };
  }

  async complete(scopeKey: string, status: number, body: unknown, headers: Record<string, string>): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET response_status = $2, response_body = $3, response_headers = $4 WHERE scope_key = $1`,
      [scopeKey, status, JSON.stringify(body ?? null), JSON.stringify(headers)],
    );
  }

  /** The request failed: let a retry run it again. */
  async release(scopeKey: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE scope_key = $1 AND response_status IS NULL`, [
      scopeKey,
    ]);
  }

  purgeExpired(): Promise<unknown> {
    return this.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [
      IDEMPOTENCY_RETENTION_HOURS,
    ]);
  }
}
