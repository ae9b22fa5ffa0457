/**
 * Who sees the changes of each kind of record in the change feed, and how a change finds its
 * committee: one table (docs/architecture.md, "state machines as data tables"). The scope
 * rules themselves are not restated here: a committee's records follow AccessService.scope
 * (the committees the caller may see), people follow the people list's rule
 * (`personVisibleSql`, identity), and the rest is by kind.
 *
 * - `committee`: whoever may see the record's committee.
 * - `person`: whoever may see the person in the people list.
 * - `everyone`: every caller of the feed (reference data, the parties' witness keys: readable
 *   by every signed-in user and API client).
 * - `admins`: accounts, API clients and the demo seed (admin matters; so is any kind added
 *   later until it is given a row here).
 */
export interface ChangeKind {
  seenBy: 'committee' | 'person' | 'everyone' | 'admins';
  /** The record's committee (uuid), as SQL over the event `e`; for `committee` kinds. */
  committee?: string;
  /** Its table has a `version` column (read for the feed's `version`). */
  versioned?: boolean;
}

/** A record's own `committee_id`; for a record deleted since, the one its deletion recorded. */
const own = (table: string) =>
  `coalesce((SELECT t.committee_id FROM ${table} t WHERE t.id = e.entity_id::uuid), (e.changes->'committeeId'->>'before')::uuid)`;

/** Audit events name the table as `entity`; these are every kind the application writes. */
export const KINDS = {
  committees: { seenBy: 'committee', committee: 'e.entity_id::uuid', versioned: true },
  memberships: { seenBy: 'committee', committee: own('memberships'), versioned: true },
  meetings: { seenBy: 'committee', committee: own('meetings'), versioned: true },
  decisions: {
    seenBy: 'committee',
    committee: `(SELECT m.committee_id FROM decisions d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = e.entity_id::uuid)`,
  },
  assignments: { seenBy: 'committee', committee: own('assignments'), versioned: true },
  // `<assignmentId>:<personId>`; the assignment stays when an assignee is removed.
  assignment_assignees: {
    seenBy: 'committee',
    committee: `(SELECT a.committee_id FROM assignments a WHERE a.id = split_part(e.entity_id, ':', 1)::uuid)`,
  },
  commitments: { seenBy: 'committee', committee: own('commitments'), versioned: true },
  // Timeline entries are never deleted (the database refuses it).
  updates: {
    seenBy: 'committee',
    committee: `(SELECT coalesce(a.committee_id, c.committee_id) FROM updates u
                  LEFT JOIN assignments a ON a.id = u.assignment_id LEFT JOIN commitments c ON c.id = u.commitment_id
                 WHERE u.id = e.entity_id::uuid)`,
  },
  people: { seenBy: 'person', versioned: true },
  parties: { seenBy: 'everyone', versioned: true },
  agencies: { seenBy: 'everyone', versioned: true },
  issue_areas: { seenBy: 'everyone', versioned: true },
  log_witnesses: { seenBy: 'everyone' },
  users: { seenBy: 'admins', versioned: true },
  api_clients: { seenBy: 'admins', versioned: true },
  demo: { seenBy: 'admins' },
} as const satisfies Record<string, ChangeKind>;

export type ChangeKindName = keyof typeof KINDS;
export const CHANGE_KINDS = Object.keys(KINDS) as ChangeKindName[];

const kinds = Object.entries(KINDS) as [string, ChangeKind][];
const names = (seenBy: ChangeKind['seenBy']) =>
  kinds
    .filter(([, kind]) => kind.seenBy === seenBy)
    .map(([name]) => `'${name}'`)
    .join(', ');

/** The record's committee (uuid or null) of the event `e`. */
export const COMMITTEE_SQL = `CASE e.entity ${kinds
  .filter(([, kind]) => kind.committee)
  .map(([name, kind]) => `WHEN '${name}' THEN ${kind.committee}`)
  .join(' ')} END`;

/** The record's current version (integer or null) of the event `e`. */
export const VERSION_SQL = `CASE e.entity ${kinds
  .filter(([, kind]) => kind.versioned)
  .map(([name]) => `WHEN '${name}' THEN (SELECT t.version FROM ${name} t WHERE t.id = e.entity_id::uuid)`)
  .join(' ')} END`;

/**
 * Whether the caller sees the event `e` (its committee `c.committee_id`): `scope` is the SQL
 * of the caller's committees (a uuid[], NULL for every committee), `person` the people rule
 * for that scope, `admin` whether the caller is an admin (SQL boolean).
 */
export function visibleSql(scope: string, person: string, admin: string): string {
  return `CASE
      WHEN e.entity IN (${names('committee')}) THEN (${scope} IS NULL OR c.committee_id = ANY(${scope}))
      WHEN e.entity IN (${names('person')}) THEN (${scope} IS NULL OR ${person})
      WHEN e.entity IN (${names('everyone')}) THEN true
      ELSE ${admin} END`;
}
