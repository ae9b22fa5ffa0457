import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { appendAuditEvent } from '../audit/audit.service.js';
import { readSnapshot, saveChanges, type Versioned } from './save-changes.js';
import { assertIfMatch, type IfMatchCondition } from '../http/etag.js';
import { AppException, ErrorCode } from '../problem/app.exception.js';
import { searchCondition } from '../search/search.js';
import type { RegistryListQueryDto } from '../pagination/registry-query.dto.js';

/** Applies `q`, `updatedSince` and `active` to a registry list query. */
export function applyRegistryFilters<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  query: RegistryListQueryDto & { active?: boolean },
  searchVector: string,
): SelectQueryBuilder<T> {
  if (query.q) qb.andWhere(searchCondition(searchVector), { q: query.q });
  if (query.updatedSince) qb.andWhere(`"${alias}"."updated_at" >= :updatedSince`, { updatedSince: query.updatedSince });
  if (query.active !== undefined) qb.andWhere(`"${alias}"."active" = :active`, { active: query.active });
  return qb;
}

/**
 * `If-Match` on an update: the request's condition, and how to read the record's current
 * representation (exactly as its GET serves it) in the update's transaction.
 */
export interface IfMatchCheck {
  condition: IfMatchCondition | undefined;
  current: (manager: EntityManager) => Promise<{ version: number }>;
}

/**
 * Loads a versioned record under a row lock, runs `authorize` on it (access checks: a caller
 * who may not see it gets their 404 before any 412), checks `If-Match` against the current
 * representation (read only when a list of tags was sent: 412 VERSION_MISMATCH), applies the
 * change and writes what changed (which bumps the version): two statements (and the
 * representation's reads) and the audit event.
 */
export async function updateVersioned<T extends Versioned>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
  what: string,
  ifMatch: IfMatchCheck,
  apply: (record: T) => void | Promise<void>,
  authorize?: (record: T) => Promise<void>,
): Promise<T> {
  const repo = manager.getRepository(target);
  const record = await repo.findOne({ where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!record) throw AppException.notFound(what);
  await authorize?.(record);
  await assertIfMatch(ifMatch.condition, () => ifMatch.current(manager), what);
  const before = readSnapshot(manager, target, record);
  await apply(record);
  return saveChanges(manager, target, before, record);
}

export interface Reference {
  /** SQL counting the referencing rows, with `$1` the id. */
  count: string;
  /** Plural label: "agencies". */
  label: string;
}

/**
 * Deletes a record nothing refers to; otherwise 409 STILL_REFERENCED naming what refers to it
 * (404 NOT_FOUND when missing). With an `If-Match` condition, the row is locked first and the
 * condition checked against its current representation under that lock (412 VERSION_MISMATCH),
 * so no change slips between the check and the delete.
 */
export async function deleteUnlessReferenced(
  manager: EntityManager,
  table: string,
  id: string,
  what: string,
  references: Reference[],
  ifMatch?: IfMatchCheck,
): Promise<void> {
  if (ifMatch?.condition !== undefined) {
    const locked = (await manager.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id])) as unknown[];
    if (locked.length === 0) throw AppException.notFound(what);
    await assertIfMatch(ifMatch.condition, () => ifMatch.current(manager), what);
  }
  const [row] = (await manager.query(
    `SELECT EXISTS (SELECT 1 FROM ${table} WHERE id = $1) AS found, ${references.map((r, i) => `(${r.count})::int AS r${i}`).join(', ')}`,
    [id],
  )) as Record<string, number | boolean>[];
  if (!row!.found) throw AppException.notFound(what);
  const used = references.map((r, i) => ({ label: r.label, n: row![`r${i}`] as number })).filter((r) => r.n > 0);
  if (used.length > 0) {
    throw new AppException(
      ErrorCode.StillReferenced,
      `${what} is referenced by ${used.map((u) => `${u.n} ${u.label}`).join(', ')}; deactivate it instead (PATCH with "active": false).`,
      { extensions: { references: Object.fromEntries(used.map((u) => [u.label, u.n])) } },
    );
  }
  // For DELETE … RETURNING, TypeORM answers [rows, affected].
  const [[before]] = (await manager.query(`DELETE FROM ${table} WHERE id = $1 RETURNING *`, [id])) as [
    Record<string, unknown>[],
    number,
  ];
  await appendAuditEvent(manager, {
    action: 'delete',
    entity: table,
    entityId: id,
    // Field names as the subscriber records them (nameEn, not name_en).
    changes: Object.fromEntries(
      Object.entries(before!).map(([k, v]) => [
        k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
        { before: v },
      ]),
    ),
  });
}
