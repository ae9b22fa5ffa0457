import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '../audit/audit.service.js';

export interface RelationSet {
  /** Join table, e.g. `meeting_attendees`. */
  table: string;
  ownerColumn: string;
  memberColumn: string;
  /** Audited as an update of this owner table and field. */
  ownerTable: string;
  field: string;
}

/**
 * Makes a many-to-many set equal to `wanted` and records the change on the owner in the
 * audit trail. Returns whether anything changed, so the caller bumps the owner's version:
 * a change to the set is a change to the record (its ETag must change).
 */
export async function replaceRelationSet(
  manager: EntityManager,
  set: RelationSet,
  ownerId: string,
  wanted: string[],
): Promise<boolean> {
  const rows = (await manager.query(
    `SELECT ${set.memberColumn} AS id FROM ${set.table} WHERE ${set.ownerColumn} = $1`,
    [ownerId],
  )) as { id: string }[];
  const before = rows.map((r) => r.id).sort();
  const after = [...new Set(wanted)].sort();
  if (before.length === after.length && before.every((id, i) => id === after[i])) return false;
  await manager.query(
    `DELETE FROM ${set.table} WHERE ${set.ownerColumn} = $1 AND NOT (${set.memberColumn} = ANY($2::uuid[]))`,
    [ownerId, after],
  );
  await manager.query(
    `INSERT INTO ${set.table} (${set.ownerColumn}, ${set.memberColumn}) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
    [ownerId, after],
  );
  await appendAuditEvent(manager, {
    action: 'update',
    entity: set.ownerTable,
    entityId: ownerId,
    changes: { [set.field]: { before, after } },
  });
  return true;
}

export const MEETING_ATTENDEES: RelationSet = {
  table: 'meeting_attendees',
  ownerColumn: 'meeting_id',
  memberColumn: 'person_id',
  ownerTable: 'meetings',
  field: 'attendeeIds',
};
export const COMMITTEE_PARTIES: RelationSet = {
  table: 'committee_parties',
  ownerColumn: 'committee_id',
  memberColumn: 'party_id',
  ownerTable: 'committees',
  field: 'partyIds',
};
export const COMMITTEE_ISSUE_AREAS: RelationSet = {
  table: 'committee_issue_areas',
  ownerColumn: 'committee_id',
  memberColumn: 'issue_area_id',
  ownerTable: 'committees',
  field: 'issueAreaIds',
};
