import {
  EventSubscriber,
  type EntityMetadata,
  type EntitySubscriberInterface,
  type InsertEvent,
  type ObjectLiteral,
  type RemoveEvent,
  type UpdateEvent,
} from 'typeorm';
import { appendAuditEvent, type AuditChanges } from './audit.service.js';

/** Tables that are not records of the domain (sessions, counters, the trail itself). */
const NOT_AUDITED = new Set([
  'audit_events',
  'auth_sessions',
  'refresh_tokens',
  'rate_limit_buckets',
  'idempotency_keys',
]);
/** Columns whose values never enter the trail. */
const SECRET_COLUMNS = new Set(['passwordHash', 'keyHash', 'tokenHash']);

/** Whether a column's values may enter the trail (secrets never do). */
export function auditable(propertyName: string): boolean {
  return !SECRET_COLUMNS.has(propertyName);
}
/** Bookkeeping that changes with every write. */
const NOISE_COLUMNS = new Set(['updatedAt', 'version']);

/**
 * Join rows of many-to-many relations are not audited on their own: the services change
 * those sets with `replaceRelationSet`, which records them on the owner, before and after.
 */
/** One column of an entity (TypeORM does not export the class from its root). */
type ColumnMetadata = EntityMetadata['columns'][number];

function skipped(metadata: EntityMetadata): boolean {
  return NOT_AUDITED.has(metadata.tableName) || metadata.isJunction;
}

/** The record's column values by property name (those `keep` accepts; undefined left out). */
export function columnValues(
  metadata: EntityMetadata,
  entity: ObjectLiteral | undefined,
  keep: (column: ColumnMetadata) => boolean = () => true,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (!entity) return values;
  for (const column of metadata.columns) {
    if (!keep(column)) continue;
    const value = column.getEntityValue(entity);
    if (value !== undefined) values[column.propertyName] = value;
  }
  return values;
}

/**
 * Kept by the database (e.g. assignment_assignees.due_on, a trigger's copy): the entity never
 * holds its value, so the trail would record a null the row does not hold.
 */
const keptByDatabase = (column: ColumnMetadata) => !column.isInsert && !column.isUpdate;

/** The record's column values by property name, secrets and database-kept columns left out: what the trail compares. */
export function snapshot(metadata: EntityMetadata, entity: ObjectLiteral | undefined): Record<string, unknown> {
  return columnValues(metadata, entity, (column) => auditable(column.propertyName) && !keptByDatabase(column));
}

export function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : JSON.stringify(v));
  return norm(a) === norm(b);
}

/** An update's entry in the trail: the columns that changed, bookkeeping (version, updatedAt) left out. */
export function updateChanges(before: Record<string, unknown>, after: Record<string, unknown>): AuditChanges {
  const changes: AuditChanges = {};
  for (const [key, value] of Object.entries(after)) {
    if (NOISE_COLUMNS.has(key) || same(before[key], value)) continue;
    changes[key] = { before: before[key] ?? null, after: value };
  }
  return changes;
}

/**
 * Writes an audit event for every insert, update and removal that goes through TypeORM, in
 * the same transaction. Changes made with raw SQL call `appendAuditEvent` themselves.
 */
@EventSubscriber()
export class AuditSubscriber implements EntitySubscriberInterface {
  async afterInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    if (skipped(event.metadata)) return;
    const after = snapshot(event.metadata, event.entity);
    const changes: AuditChanges = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, { after: v }]));
    await appendAuditEvent(event.manager, {
      action: 'create',
      entity: event.metadata.tableName,
      entityId: entityId(event.metadata, event.entity),
      changes,
    });
  }

  async afterUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    if (skipped(event.metadata) || !event.entity) return;
    const changes = updateChanges(
      snapshot(event.metadata, event.databaseEntity),
      snapshot(event.metadata, event.entity as ObjectLiteral),
    );
    if (Object.keys(changes).length === 0) return;
    await appendAuditEvent(event.manager, {
      action: 'update',
      entity: event.metadata.tableName,
      entityId: entityId(event.metadata, { ...event.databaseEntity, ...event.entity }),
      changes,
    });
  }

  async afterRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    if (skipped(event.metadata)) return;
    const before = snapshot(event.metadata, event.databaseEntity ?? event.entity);
    const changes: AuditChanges = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, { before: v }]));
    await appendAuditEvent(event.manager, {
      action: 'delete',
      entity: event.metadata.tableName,
      entityId:
        event.databaseEntity || event.entity
          ? entityId(event.metadata, event.databaseEntity ?? event.entity)
          : formatId(event.entityId),
      changes,
    });
  }
}

function formatId(id: unknown): string {
  return id !== null && typeof id === 'object' ? Object.values(id).map(String).join(':') : String(id);
}

function entityId(metadata: EntityMetadata, entity: ObjectLiteral | undefined): string {
  if (!entity) return '';
  return metadata.primaryColumns.map((c) => String(c.getEntityValue(entity))).join(':');
}
