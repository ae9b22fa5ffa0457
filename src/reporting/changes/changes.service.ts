import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, type Principal } from '../../identity/index.js';
import { AppException, SqlParams } from '../../platform/index.js';
import { personVisibleSql } from '../../identity/index.js';
import { COMMITTEE_SQL, VERSION_SQL, visibleSql } from './change-kinds.js';
import {
  CHANGES_DEFAULT_LIMIT,
  type ChangeDto,
  type ChangePageDto,
  type ListChangesQueryDto,
} from './dto/change.dto.js';

/**
 * Log entries one request reads at most, whatever it finds visible in them: a caller who sees
 * little of the log (one committee of many) gets `caughtUp: false` and asks again, instead of
 * one request scanning the whole log.
 */
export const SCAN_WINDOW = 10_000;

interface ChangeRow {
  /** The last log index when the statement ran (null: empty log). */
  last: string | null;
  log_index: string | null;
  entity: string;
  entity_id: string;
  action: string;
  version: number | null;
  occurred_at: Date;
  committee_id: string | null;
}

/**
 * The change feed (README, "For reporting tools"): the audit events the caller may see, in the
 * order of the verifiable log, paged by log index.
 *
 * Why the log index, and why it misses nothing: an event gets its index from the log's
 * sequencer only after its transaction has committed, the sequencer appends under a lock (one
 * batch at a time, each batch one transaction that reads the previous batch's leaves), and a
 * batch commits all its leaves at once (docs/verifiable-log.md, "Commit order"). So in any
 * snapshot the leaves form a gap-free prefix `0 … last`: a leaf that becomes visible later gets
 * an index above `last`, never one below a cursor already handed out, and no index changes or
 * is filled in later. One statement (one snapshot) reads both the page and `last`, so the
 * cursor it returns never runs past what that snapshot could see. Writers take no lock for
 * this (they never did: the trail is one insert per event), and a transaction that commits
 * after another that started later is simply logged after it. The price: a change appears in
 * the feed once sequenced, about LOG_SEQUENCER_INTERVAL_MS after its commit.
 */
@Injectable()
export class ChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /**
   * Up to `limit` changes from log index `after` on (the number of entries already read). Errors: 400 `VALIDATION_FAILED` naming `after` when it
   * lies past the end of the log (no cursor of this feed does); 404 `NOT_FOUND` for a
   * `committeeId` the caller may not see.
   */
  async list(principal: Principal, query: ListChangesQueryDto): Promise<ChangePageDto> {
    if (query.committeeId) await this.access.requireCommitteeReadable(principal, query.committeeId);
    const { committeeIds } = await this.access.scope(principal);
    // The cursor counts the log entries already read: the next change has logIndex >= after.
    const after = query.after ?? 0;
    const limit = query.limit ?? CHANGES_DEFAULT_LIMIT;
    const p = new SqlParams();
    const scope = `${p.add(committeeIds)}::uuid[]`;
    const self = principal.kind === 'user' && principal.personId ? `${p.add(principal.personId)}::uuid` : null;
    const admin = `${p.add(principal.kind === 'user' && principal.role === 'admin')}::boolean`;
    const where = [
      `l."index" >= ${p.add(after)}::int8`,
      `l."index" < ${p.add(after + SCAN_WINDOW)}::int8`,
      visibleSql(scope, personVisibleSql('e.entity_id::uuid', scope, self), admin),
    ];
    if (query.entity) where.push(`e.entity = ${p.add(query.entity)}`);
    if (query.committeeId) where.push(`c.committee_id = ${p.add(query.committeeId)}::uuid`);
    // One statement, one snapshot: the page and the end of the log it could see.
    const rows = (await this.dataSource.query(
      `WITH bound AS (SELECT (SELECT "index" FROM log_leaves ORDER BY "index" DESC LIMIT 1) AS last),
       page AS (
         SELECT l."index" AS log_index, e.entity, e.entity_id, e.action, e.occurred_at, c.committee_id,
                ${VERSION_SQL} AS version
           FROM log_leaves l
           JOIN audit_events e ON e.seq = l.event_seq
           CROSS JOIN LATERAL (SELECT ${COMMITTEE_SQL} AS committee_id) c
          WHERE ${where.join(' AND ')}
          ORDER BY l."index"
          LIMIT ${Math.trunc(limit) + 1})
       SELECT bound.last::text AS last, page.log_index::text AS log_index, page.entity, page.entity_id, page.action,
              page.occurred_at, page.committee_id, page.version
         FROM bound LEFT JOIN page ON true
        ORDER BY page.log_index`,
      p.values,
    )) as ChangeRow[];
    const size = rows[0]!.last === null ? 0 : Number(rows[0]!.last) + 1;
    if (after > size) {
      throw AppException.validation([
        { field: 'after', message: `is past the end of the log (${size} entries): send a nextCursor this feed gave` },
      ]);
    }
    const found = rows.filter((row) => row.log_index !== null);
    const items = found.slice(0, limit).map((row): ChangeDto => ({
      logIndex: Number(row.log_index),
      entity: row.entity,
      id: row.entity_id,
      action: row.action,
      version: row.version,
      occurredAt: row.occurred_at.toISOString(),
      committeeId: row.committee_id,
    }));
    if (found.length > limit) return { items, nextCursor: String(items[limit - 1]!.logIndex + 1), caughtUp: false };
    // Every entry up to the window's end (or the log's) was read, visible or not.
    const readTo = Math.min(after + SCAN_WINDOW, size);
    return { items, nextCursor: String(readTo), caughtUp: readTo === size };
  }
}
