import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AppException,
  STORED_EVENT_COLUMNS,
  SqlParams,
  eventFields,
  pageRows,
  type StoredAuditEvent,
} from '../platform/index.js';
import { AuditEventDto, type AuditPageDto, type ListAuditQueryDto } from './dto/audit.dto.js';

type ListedRow = StoredAuditEvent & { log_index: string | null; leaf_hash: Buffer | null };

/** The audit trail as the API lists it. Verification: log/log-verification.service.ts. */
@Injectable()
export class AuditTrailService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first (keyset on `seq`), each event with its place in the log once sequenced. */
  async list(query: ListAuditQueryDto): Promise<AuditPageDto> {
    const limit = query.limit ?? 50;
    const p = new SqlParams();
    const where: string[] = [];
    if (query.cursor) {
      if (!/^\d{1,19}$/.test(query.cursor) || BigInt(query.cursor) > 9_223_372_036_854_775_807n)
        throw AppException.validation([{ field: 'cursor', message: 'is not a cursor this endpoint issued' }]);
      where.push(`audit_events.seq < ${p.add(query.cursor)}`);
    }
    if (query.entity) where.push(`audit_events.entity = ${p.add(query.entity)}`);
    if (query.entityId) where.push(`audit_events.entity_id = ${p.add(query.entityId)}`);
    if (query.actorId) where.push(`audit_events.actor_id = ${p.add(query.actorId)}`);
    if (query.action) where.push(`audit_events.action = ${p.add(query.action)}`);
    if (query.from) where.push(`audit_events.occurred_at >= ${p.add(query.from)}`);
    if (query.to) where.push(`audit_events.occurred_at < ${p.add(query.to)}`);
    // LIMIT limit + 1, or the next batch of a CSV export's cursor (pageRows).
    const rows = await pageRows<ListedRow>(
      this.dataSource,
      `SELECT ${STORED_EVENT_COLUMNS}, log_leaves."index"::text AS log_index, log_leaves.hash AS leaf_hash
         FROM audit_events LEFT JOIN log_leaves ON log_leaves.event_seq = audit_events.seq
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY audit_events.seq DESC`,
      p.values,
      limit,
    );
    const items = rows.slice(0, limit).map((row): AuditEventDto => ({
      ...eventFields(row),
      logIndex: row.log_index === null ? null : Number(row.log_index),
      leafHash: row.leaf_hash ? row.leaf_hash.toString('base64') : null,
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.seq : null };
  }
}
