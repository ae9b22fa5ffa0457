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
  const actorType = actor ? actor.kind : 'system';
  const actorIdValue = actorId(actor);
  // One round trip: the chain lock (held to commit), then the last hash and the next seq.
  const [tail] = (await manager.query(`SELECT prev_hash AS "prevHash", seq FROM tansiq_audit_tail($1)`, [
    AUDIT_CHAIN_LOCK,
  ])) as { prevHash: string | null; seq: string }[];
  const seq = tail!.seq;
  const fields: ChainedFields = {
    seq,
    occurredAt: new Date().toISOString(),
    actorType,
    actorId: actorIdValue,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId,
    changes: normalise(input.changes),
    requestId: context?.requestId ?? null,
    prevHash: tail!.prevHash ?? GENESIS_HASH,
  };
  await manager.query(
    `INSERT INTO audit_events (seq, occurred_at, actor_type, actor_id, action, entity, entity_id, changes, request_id, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      fields.seq,
      fields.occurredAt,
      fields.actorType,
      fields.actorId,
      fields.action,
      fields.entity,
      fields.entityId,
      JSON.stringify(fields.changes),
      fields.requestId,
      fields.prevHash,
      hashEvent(fields),
    ],
  );
}
