import type { EntityManager } from 'typeorm';
import type { Principal } from '../../identity/index.js';
import {
  AUDIT_COLUMNS,
  auditedWith,
  isoTimestampSql,
  type AuditValues,
  type ChangeStatement,
} from '../../platform/index.js';
import { Update } from './update.entity.js';

export type Subject = { assignmentId: string } | { commitmentId: string };

/**
 * A change of the record an entry is about, guarded instead of read under a lock beforehand:
 * the statement itself locks the record (`locked`, a `SELECT … FOR UPDATE` that returns no row
 * when the record no longer passes the checks the caller made on an unlocked read), then
 * changes it (`changed`, an `UPDATE … FROM locked … RETURNING version, updated_at`, no row when
 * nothing changes) and inserts the entry only when `locked` has its row. The lock is thus held
 * for the statement alone, not across round trips. Parameters numbered from `$1`; `event` is
 * the change's audit event over `changed`.
 */
export interface GuardedChange {
  locked: string;
  changed: string;
  params: unknown[];
  event: AuditValues;
}

/** The entry's id and creation time, as the database gives them on insert (the audit event records them as `after`). */
const GENERATED_CHANGES = `jsonb_build_object('id', jsonb_build_object('after', entry.id),
  'createdAt', jsonb_build_object('after', ${isoTimestampSql('entry.created_at')}))`;

type Entry = { body: string; progress?: number | null; fromStatus?: string | null; toStatus?: string | null };

/**
 * Appends an entry to a timeline, in the caller's transaction, with its audit event (`create`
 * on `updates`, every column as `after`, as the audit subscriber records an insert) in the same
 * statement: a data-modifying `WITH`, one round trip instead of two. `change` (from
 * `changeStatement`): a change of the record the entry is about (a progress figure), written by
 * the same statement, its audit event first. Returns the entry.
 */
export async function appendUpdate(
  manager: EntityManager,
  subject: Subject,
  principal: Principal,
  entry: Entry,
  change: ChangeStatement | null = null,
): Promise<Update> {
  return (await appendEntry(manager, subject, principal, entry, change))!;
}

/**
 * `appendUpdate` with a `GuardedChange`, in a statement of its own (no transaction needed: one
 * statement is atomic). Null when the guard found the record changed since the caller's
 * checks: nothing was written, and the caller takes the locked path, whose checks give the
 * right answer.
 */
export function appendGuardedUpdate(
  manager: EntityManager,
  subject: Subject,
  principal: Principal,
  entry: Entry,
  change: GuardedChange,
): Promise<Update | null> {
  return appendEntry(manager, subject, principal, entry, change);
}

async function appendEntry(
  manager: EntityManager,
  subject: Subject,
  principal: Principal,
  entry: Entry,
  change: ChangeStatement | GuardedChange | null,
): Promise<Update | null> {
  const guarded = change !== null && 'locked' in change;
  const values = {
    assignmentId: 'assignmentId' in subject ? subject.assignmentId : null,
    commitmentId: 'commitmentId' in subject ? subject.commitmentId : null,
    authorUserId: principal.kind === 'user' ? principal.userId : null,
    authorPersonId: principal.kind === 'user' ? principal.personId : null,
    body: entry.body,
    progress: entry.progress ?? null,
    fromStatus: entry.fromStatus ?? null,
    toStatus: entry.toStatus ?? null,
  };
  const params: unknown[] = change ? [...change.params] : [];
  const $ = (value: unknown, type: string) => `$${params.push(value)}::${type}`;
  const row = `${$(values.assignmentId, 'uuid')}, ${$(values.commitmentId, 'uuid')}, ${$(values.authorUserId, 'uuid')},
      ${$(values.authorPersonId, 'uuid')}, ${$(values.body, 'text')}, ${$(values.progress, 'smallint')},
      ${$(values.fromStatus, 'text')}, ${$(values.toStatus, 'text')}`;
  // Guarded: the entry only when the record passed the guard (its row locked).
  const insert = `INSERT INTO updates (assignment_id, commitment_id, author_user_id, author_person_id, body, progress, from_status, to_status)
    ${guarded ? `SELECT ${row} FROM locked` : `VALUES (${row})`}
    RETURNING id, created_at`;
  const changes = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { after: value }]));
  const event = auditedWith({ action: 'create', entity: 'updates', entityId: '', changes }, params.length + 1, {
    entityId: 'entry.id::text',
    changes: GENERATED_CHANGES,
  });
  params.push(...event.params);
  // The events in the order the writes happen (the record's change, then the entry): one
  // INSERT, its rows sorted before the sequence numbers them.
  const events = [
    change?.event ? `SELECT 1 AS n, ${change.event.named} FROM changed` : null,
    `SELECT 2 AS n, ${event.named} FROM entry`,
  ].filter(Boolean);
  const [written] = (await manager.query(
    `WITH ${guarded ? `locked AS (${change.locked}), ` : ''}${change ? `changed AS (${change.changed}), ` : ''}entry AS (${insert}),
     audited AS (INSERT INTO audit_events (${AUDIT_COLUMNS})
       SELECT ${AUDIT_COLUMNS} FROM (${events.join(' UNION ALL ')}) e ORDER BY e.n)
     SELECT entry.id, entry.created_at${change && !guarded ? ', changed.version, changed.updated_at' : ''}
       FROM entry${change && !guarded ? ', changed' : ''}`,
    params,
  )) as { id: string; created_at: Date; version: number; updated_at: Date }[];
  if (!written) return null;
  if (change && !guarded) change.apply(written);
  return Object.assign(new Update(), values, { id: written.id, createdAt: written.created_at });
}
