import type { EntityManager } from 'typeorm';
import { actorId, requestContext } from '../http/request-context.js';
import { normalise } from '../crypto/canonical.js';

export type AuditChanges = Record<string, { before?: unknown; after?: unknown }>;

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string;
  changes: AuditChanges;
}

/** TypeORM runs the subscribers of one save in parallel on the same connection: queue them. */
const pending = new WeakMap<object, Promise<unknown>>();

/**
 * Records one event in the audit trail, in the caller's transaction (pass the transaction's
 * manager). The actor and request id come from the request context. One INSERT, no lock:
 * the row records its transaction id (`xid`, a column default), and the log's sequencer
 * gives it its place in the verifiable log once the transaction has committed
 * (docs/verifiable-log.md), so writers never wait for each other here.
 */
export function appendAuditEvent(manager: EntityManager, input: AuditInput): Promise<void> {
  const key = manager.queryRunner ?? manager;
  const previous = pending.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => insert(manager, input));
  pending.set(key, next);
  return next;
}

async function insert(manager: EntityManager, input: AuditInput): Promise<void> {
  const context = requestContext.getStore();
  const actor = context?.actor;
  await manager.query(
    `INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, entity, entity_id, changes, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      new Date().toISOString(),
      actor ? actor.kind : 'system',
      actorId(actor),
      input.action,
      input.entity,
      input.entityId,
      JSON.stringify(normalise(input.changes)),
      context?.requestId ?? null,
    ],
  );
}
