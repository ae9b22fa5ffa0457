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
  const event = auditedWith(input, 1);
  await manager.query(`INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES (${event.values})`, event.params);
}

const AUDIT_COLUMN_NAMES = [
  'occurred_at',
  'actor_type',
  'actor_id',
  'action',
  'entity',
  'entity_id',
  'changes',
  'request_id',
] as const;
/** The columns an audit event is written with, in the order `auditedWith` gives their values. */
export const AUDIT_COLUMNS = AUDIT_COLUMN_NAMES.join(', ');

/** An audit event as SQL: `values` for `INSERT … SELECT`, `named` the same each `AS` its column; `params` their values. */
export interface AuditValues {
  values: string;
  named: string;
  params: unknown[];
}

/**
 * One audit event as SQL values, to write it inside a statement that also makes the change
 * (a data-modifying `WITH`, one round trip instead of two): `values` lists the eight values of
 * AUDIT_COLUMNS as parameters numbered from `$first` (the actor and request id from the request
 * context, as `appendAuditEvent` records them); `params` holds them. `sql` overrides a value with
 * an SQL expression over the statement's own rows (e.g. an id or a timestamp the row got on
 * insert): `entityId` (text) and `changes` (jsonb, merged over `input.changes`).
 */
export function auditedWith(
  input: AuditInput,
  first: number,
  sql: { entityId?: string; changes?: string } = {},
): AuditValues {
  const context = requestContext.getStore();
  const actor = context?.actor;
  const params: unknown[] = [];
  const param = (value: unknown, type: string) => `$${first + params.push(value) - 1}::${type}`;
  const changes = param(JSON.stringify(normalise(input.changes)), 'jsonb');
  const list = [
    param(new Date().toISOString(), 'timestamptz'),
    param(actor ? actor.kind : 'system', 'text'),
    param(actorId(actor), 'uuid'),
    param(input.action, 'text'),
    param(input.entity, 'text'),
    sql.entityId ?? param(input.entityId, 'text'),
    sql.changes ? `${changes} || ${sql.changes}` : changes,
    param(context?.requestId ?? null, 'text'),
  ];
  const named = list.map((value, i) => `${value} AS ${AUDIT_COLUMN_NAMES[i]}`).join(', ');
  return { values: list.join(', '), named, params };
}
