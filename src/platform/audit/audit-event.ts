import { canonicalJson } from '../crypto/canonical.js';

/**
 * One audit event as the trail records it: who did what to which record, in which request.
 * `seq` numbers events as they are inserted (not in commit order: the log index does that).
 */
export interface AuditEventFields {
  /** The event's number (64-bit, as a decimal string). */
  seq: string;
  /** ISO 8601, milliseconds, UTC. */
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  /** `{ field: { before?, after? } }`; secrets are never recorded. */
  changes: unknown;
  requestId: string | null;
}

/** An `audit_events` row as `STORED_EVENT_COLUMNS` selects it. */
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
}

/** The select list that reads a `StoredAuditEvent` from `audit_events`. */
export const STORED_EVENT_COLUMNS =
  'audit_events.seq::text AS seq, audit_events.occurred_at, audit_events.actor_type, audit_events.actor_id, ' +
  'audit_events.action, audit_events.entity, audit_events.entity_id, audit_events.changes, audit_events.request_id';

/** A stored row as the API serves it (and as its log leaf encodes it). */
export function eventFields(row: StoredAuditEvent): AuditEventFields {
  return {
    seq: row.seq,
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    changes: row.changes,
    requestId: row.request_id,
  };
}

/**
 * The bytes of an event's leaf in the verifiable log (RFC 9162 §2.1.1 leaves are opaque
 * data): the canonical JSON of the event as served (keys sorted at every level, no spaces,
 * timestamps as ISO strings), UTF-8. Anyone holding the event as the API served it can
 * recompute its leaf hash, `SHA-256(0x00 || leafData)`.
 */
export function eventLeafData(event: AuditEventFields): string {
  return canonicalJson({
    seq: event.seq,
    occurredAt: event.occurredAt,
    actorType: event.actorType,
    actorId: event.actorId,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId,
    changes: event.changes,
    requestId: event.requestId,
  });
}
