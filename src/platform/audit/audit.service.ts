import type { EntityManager } from 'typeorm';
import { actorId, requestContext } from '../http/request-context.js';
import { canonicalJson, normalise, sha256Hex } from './canonical.js';

export const GENESIS_HASH = '0'.repeat(64);
// Serialises appends so that each event links to the one committed before it.
const AUDIT_CHAIN_LOCK = 7_316_942_054;

export type AuditChanges = Record<string, { before?: unknown; after?: unknown }>;

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string;
  changes: AuditChanges;
}

export interface ChainedFields {
  seq: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  changes: unknown;
  requestId: string | null;
  prevHash: string;
}

export function hashEvent(fields: ChainedFields): string {
  return sha256Hex(canonicalJson(fields));
}

/** The chained columns of an `audit_events` row, read with `seq::text` (as `STORED_EVENT_COLUMNS` selects them). */
export interface StoredAuditEvent {
  seq: string;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  changes: unknown;
  request_id: string | null;
  prev_hash: string;
}

/** The select list that reads a `StoredAuditEvent` (and its stored `hash`). */
export const STORED_EVENT_COLUMNS =
  'seq::text, occurred_at, actor_type, actor_id, action, entity, entity_id, changes, request_id, prev_hash, hash';

/** The hash a stored event must carry: what `hashEvent` gave when it was appended. */
export function hashStoredEvent(row: StoredAuditEvent): string {
  return hashEvent({
    seq: row.seq,
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    changes: row.changes,
    requestId: row.request_id,
    prevHash: row.prev_hash,
  });
}

/**
 * Appends one event to the hash-chained audit trail, in the caller's transaction (pass the
 * transaction's manager). The actor and request id come from the request context.
 */
const pending = new WeakMap<object, Promise<unknown>>();

export function appendAuditEvent(manager: EntityManager, input: AuditInput): Promise<void> {
  // TypeORM runs the subscribers of one save in parallel on the same connection: queue them.
  const key = manager.queryRunner ?? manager;
  const previous = pending.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => append(manager, input));
  pending.set(key, next);
  return next;
}

async function append(manager: EntityManager, input: AuditInput): Promise<void> {
  const context = requestContext.getStore();
  const actor = context?.actor;
  const event = {
    occurredAt: new Date().toISOString(),
    actorType: actor ? actor.kind : 'system',
    actorId: actorId(actor),
    action: input.action,
    entity: input.entity,
    entityId: input.entityId,
    changes: normalise(input.changes),
    requestId: context?.requestId ?? null,
  };
  const { head, tail } = canonicalAround(event);
  // One round trip: the function takes the chain's lock (held to commit), reads the last
  // hash, numbers the event and stores it with its hash (migration ListIndexes1795990000000).
  await manager.query(`SELECT tansiq_audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
    AUDIT_CHAIN_LOCK,
    head,
    tail,
    event.occurredAt,
    event.actorType,
    event.actorId,
    event.action,
    event.entity,
    event.entityId,
    JSON.stringify(event.changes),
    event.requestId,
  ]);
}

/**
 * The canonical JSON of an event (`hashEvent`'s input) around its `prevHash` and `seq`, which
 * only the database knows when it appends: `head + '"prevHash":"' + prev + '"' + tail + seq
 * + '"}'`. Keys sort as action, actorId, actorType, changes, entity, entityId, occurredAt,
 * prevHash, requestId, seq, so the two values sit at fixed places.
 */
export function canonicalAround(event: Omit<ChainedFields, 'seq' | 'prevHash'>): { head: string; tail: string } {
  const { requestId, ...before } = event;
  return {
    head: `${canonicalJson(before).slice(0, -1)},`,
    tail: `,"requestId":${JSON.stringify(requestId)},"seq":"`,
  };
}
