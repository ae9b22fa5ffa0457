import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { AUDIT_COLUMNS, appendAuditEvent, auditedWith, type AuditValues } from '../audit/audit.service.js';
import { auditable, columnValues, same, updateChanges } from '../audit/audit.subscriber.js';

/** A record with TypeORM's `@VersionColumn` and `@UpdateDateColumn`. */
export type Versioned = ObjectLiteral & { id: string; version: number; updatedAt: Date };

/** The record's column values as read, by property name: pass to `saveChanges` after changing the record. */
export function readSnapshot<T extends Versioned>(
  manager: EntityManager,
  target: EntityTarget<T>,
  record: T,
): Record<string, unknown> {
  return columnValues(manager.connection.getMetadata(target), record);
}

const forTrail = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).filter(([key]) => auditable(key)));

/**
 * A record's change, written as the first part of a data-modifying `WITH`: `changed` is the
 * `UPDATE … RETURNING version, updated_at` of the changed columns (`version + 1` and `updated_at`
 * set too), its parameters numbered from `$1`; `event` the audit event the subscriber writes for
 * a `save` (null when nothing the trail keeps changed), its parameters following. `apply` puts
 * the new `version` and `updatedAt` on the record.
 */
export interface ChangeStatement {
  changed: string;
  params: unknown[];
  event: AuditValues | null;
  apply(row: { version: number; updated_at: Date }): void;
}

/**
 * What changed on a record read under a row lock (`before`: its `readSnapshot`), as a
 * `ChangeStatement`; null when nothing changed (no statement, the version stays).
 */
export function changeStatement<T extends Versioned>(
  manager: EntityManager,
  target: EntityTarget<T>,
  before: Record<string, unknown>,
  record: T,
): ChangeStatement | null {
  const metadata = manager.connection.getMetadata(target);
  const after = columnValues(metadata, record);
  const changed = Object.keys(after).filter((key) => key !== 'version' && !same(before[key], after[key]));
  if (changed.length === 0) return null;
  const [update, params] = manager
    .createQueryBuilder()
    .update(target)
    .set(Object.fromEntries(changed.map((key) => [key, after[key]])) as never)
    .where('id = :id', { id: record.id })
    // Property names: TypeORM silently drops a column name (`updated_at`) from RETURNING.
    .returning(['version', 'updatedAt'])
    .updateEntity(false)
    .callListeners(false)
    .getQueryAndParameters();
  const changes = updateChanges(forTrail(before), forTrail(after));
  let event: AuditValues | null = null;
  if (Object.keys(changes).length > 0) {
    event = auditedWith(
      { action: 'update', entity: metadata.tableName, entityId: record.id, changes },
      params.length + 1,
    );
    params.push(...event.params);
  }
  const apply = (row: { version: number; updated_at: Date }) => {
    record.version = row.version;
    record.updatedAt = row.updated_at;
  };
  return { changed: update, params, event, apply };
}

/**
 * Writes what changed on a record read under a row lock (`before`: its `readSnapshot`) in one
 * statement: the `UPDATE` of `changeStatement` and its audit event, inserted by the same
 * statement (one round trip, not two). TypeORM's `save` reads the row again to find the
 * changes (one more statement per write); the snapshot taken under the lock is that "before".
 * Nothing changed: no statement, the version stays. Returns the record with its new `version`
 * and `updatedAt`.
 */
export async function saveChanges<T extends Versioned>(
  manager: EntityManager,
  target: EntityTarget<T>,
  before: Record<string, unknown>,
  record: T,
): Promise<T> {
  const change = changeStatement(manager, target, before, record);
  if (!change) return record;
  const audited = change.event
    ? `, audited AS (INSERT INTO audit_events (${AUDIT_COLUMNS}) SELECT ${change.event.values} FROM changed)`
    : '';
  const [row] = (await manager.query(
    `WITH changed AS (${change.changed})${audited} SELECT version, updated_at FROM changed`,
    change.params,
  )) as { version: number; updated_at: Date }[];
  change.apply(row!);
  return record;
}

/**
 * The trail's entry for an update written in SQL, as the audit subscriber records a `save`:
 * the changed columns (secrets and bookkeeping left out), before and after; none when nothing
 * the trail keeps changed. `entityId` is the primary key (`a:b` for a composite one).
 */
export async function appendUpdateEvent(
  manager: EntityManager,
  target: EntityTarget<ObjectLiteral>,
  entityId: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Promise<void> {
  const changes = updateChanges(forTrail(before), forTrail(after));
  if (Object.keys(changes).length === 0) return;
  const entity = manager.connection.getMetadata(target).tableName;
  await appendAuditEvent(manager, { action: 'update', entity, entityId, changes });
}
