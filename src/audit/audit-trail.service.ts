import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../platform/index.js';
import { GENESIS_HASH, STORED_EVENT_COLUMNS, hashStoredEvent, type StoredAuditEvent } from '../platform/index.js';
import {
  AuditEventDto,
  type AuditPageDto,
  type AuditVerificationDto,
  type ListAuditQueryDto,
} from './dto/audit.dto.js';
import { AuditEvent } from '../platform/index.js';

const VERIFY_BATCH = 2_000;

@Injectable()
export class AuditTrailService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first, keyset on the chain position. */
  async list(query: ListAuditQueryDto): Promise<AuditPageDto> {
    const limit = query.limit ?? 50;
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('event');
    if (query.cursor) {
      if (!/^\d{1,19}$/.test(query.cursor) || BigInt(query.cursor) > 9_223_372_036_854_775_807n)
        throw AppException.validation([{ field: 'cursor', message: 'is not a cursor this endpoint issued' }]);
      qb.andWhere('event.seq < :cursor', { cursor: query.cursor });
    }
    if (query.entity) qb.andWhere('event.entity = :entity', { entity: query.entity });
    if (query.entityId) qb.andWhere('event.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('event.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('event.action = :action', { action: query.action });
    if (query.from) qb.andWhere('event.occurred_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('event.occurred_at < :to', { to: query.to });
    const rows = await qb
      .orderBy('event.seq', 'DESC')
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit).map((event) => AuditEventDto.from(event));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.seq : null };
  }

  /** Recomputes every hash and link in chain order; reports the first that does not hold. */
  async verify(): Promise<AuditVerificationDto> {
    let prevHash = GENESIS_HASH;
    let after = '0';
    let checked = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT ${STORED_EVENT_COLUMNS} FROM audit_events WHERE audit_events.seq > $1 ORDER BY audit_events.seq LIMIT $2`,
        [after, VERIFY_BATCH],
      )) as (StoredAuditEvent & { hash: string })[];
      for (const row of rows) {
        checked++;
        if (row.prev_hash !== prevHash)
          return {
            ok: false,
            checked,
            firstBroken: {
              seq: row.seq,
              reason: 'prevHash does not match the hash of the event before it (an event was removed or altered)',
            },
          };
        const expected = hashStoredEvent(row);
        if (expected !== row.hash)
          return {
            ok: false,
            checked,
            firstBroken: { seq: row.seq, reason: 'the stored hash does not match the event (the event was altered)' },
          };
        prevHash = row.hash;
      }
      if (rows.length < VERIFY_BATCH) return { ok: true, checked, firstBroken: null };
      after = rows[rows.length - 1]!.seq;
    }
  }
}
