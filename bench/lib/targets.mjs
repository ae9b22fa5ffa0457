// What to measure in Tansiq's database, found by SQL (so any seeded database works):
// the committee with the most commitments where the demo secretary holds a secretary seat, a
// small one of theirs, open commitments of the secretary's side to update, and the people with
// the most and about 50 assignments. `bench/.scale.json` (written by `npm run seed:scale`) is only
// a hint: each id or e-mail in it is used when this database confirms it.
import { existsSync, readFileSync } from 'node:fs';

export const DEMO_PASSWORD = 'tansiq-demo-2025';
const DEMO_SECRETARY = 'secretary.lb@tansiq.demo';

/** An active membership of alias `m`, as the app counts it (up to the committee's time zone). */
const ACTIVE = `m.start_on <= current_date AND (m.end_on IS NULL OR m.end_on > current_date)`;

/** An e-mail from a hint that is either the e-mail or a user object `{ email }`. */
function emailOf(...candidates) {
  for (const c of candidates) {
    const email = typeof c === 'string' ? c : c?.email;
    if (email) return email;
  }
  return undefined;
}

/**
 * The hints of `npm run seed:scale` as `{ bigId, smallId, secretary, many, few, password }` (each
 * may be undefined), or {} when the file is missing, unreadable or names another database.
 * Accepts `users.secretary`/`secretaryLb`, `users.manyAssignments`/`liaisonMany` and
 * `users.fewAssignments`/`liaisonFew`, as e-mails or `{ email }`.
 */
export function readScaleHints(path, databaseUrl) {
  if (!existsSync(path)) return {};
  try {
    const file = JSON.parse(readFileSync(path, 'utf8'));
    const seeded = file.databaseUrl ?? (typeof file.database === 'string' ? file.database : file.database?.url);
    if (seeded && new URL(seeded).pathname !== new URL(databaseUrl).pathname) return {};
    const users = file.users ?? {};
    return {
      bigId: file.committees?.big?.id,
      smallId: file.committees?.small?.id,
      secretary: emailOf(users.secretary, users.secretaryLb),
      many: emailOf(users.manyAssignments, users.liaisonMany),
      few: emailOf(users.fewAssignments, users.liaisonFew),
      password: typeof file.password === 'string' ? file.password : undefined,
    };
  } catch {
    return {};
  }
}

async function rows(db, sql, params = []) {
  return (await db.query(sql, params)).rows;
}

/** The secretary's seats (committee, party) with commitment counts, largest committee first. */
async function seatsOf(db, email) {
  return rows(
    db,
    `SELECT m.committee_id AS id, m.party_id AS "partyId", c.code,
            (SELECT count(*)::int FROM commitments x WHERE x.committee_id = c.id) AS commitments,
            (SELECT count(*)::int FROM commitments x WHERE x.committee_id = c.id AND x.status = 'pending') AS pending
       FROM users u JOIN memberships m ON m.person_id = u.person_id JOIN committees c ON c.id = m.committee_id
      WHERE lower(u.email) = lower($1) AND u.active AND u.role = 'secretary'
        AND m.role IN ('secretary', 'co_chair') AND ${ACTIVE} AND c.status IN ('active', 'proposed', 'suspended')
      ORDER BY commitments DESC, c.code`,
    [email],
  );
}

/** Active users by how many assignments they hold in committees they sit on, most first. */
async function assignees(db) {
  return rows(
    db,
    `SELECT u.email, count(*)::int AS assignments
       FROM users u JOIN assignment_assignees aa ON aa.person_id = u.person_id
       JOIN assignments a ON a.id = aa.assignment_id
      WHERE u.active AND EXISTS (SELECT 1 FROM memberships m
                                  WHERE m.person_id = u.person_id AND m.committee_id = a.committee_id AND ${ACTIVE})
      GROUP BY u.email ORDER BY assignments DESC, u.email`,
  );
}

/**
 * Other committees for the flatness comparison, best first: the smallest whose pending
 * commitments still fill a page of 50 (so both pages hold as many items), then the others by
 * pending count, largest first.
 */
function smallerCommittees(seats, big) {
  const others = seats.filter((s) => s.id !== big.id && s.pending > 0);
  const full = others.filter((s) => s.pending >= 50).sort((a, b) => a.commitments - b.commitments);
  const partial = others.filter((s) => s.pending < 50).sort((a, b) => b.pending - a.pending);
  return [...full, ...partial];
}

/** Puts the hinted entry first when it is in the list. */
function hintedFirst(list, matches) {
  const i = list.findIndex(matches);
  return i <= 0 ? list : [list[i], ...list.slice(0, i), ...list.slice(i + 1)];
}

/**
 * Everything the bench drives in Tansiq: `{ server, password, secretary, big, small, open,
 * manyAssignments, fewAssignments }`. `open` holds up to `openNeeded` commitment ids of the big
 * committee owned by the secretary's party and not frozen (pending or in progress).
 * `manyAssignments`/`fewAssignments` are candidate lists (`{ email, assignments }`), best first.
 * Throws a message naming what is missing.
 */
export async function findTargets(db, hints, openNeeded) {
  const [server] = await rows(
    db,
    `SELECT current_setting('server_version') AS version, current_database() AS database`,
  );
  const email = hints.secretary ?? DEMO_SECRETARY;
  let seats = await seatsOf(db, email);
  if (seats.length === 0)
    throw new Error(
      `${email} holds no active secretary seat in this database: load the data first (npm run seed:demo or npm run seed:scale).`,
    );
  seats = hintedFirst(seats, (s) => s.id === hints.bigId);
  const big = seats[0];
  if (big.commitments === 0) throw new Error(`No commitments in the committees of ${email}: run npm run seed:scale.`);
  const small = hintedFirst(smallerCommittees(seats, big), (s) => s.id === hints.smallId)[0] ?? null;
  const open = (
    await rows(
      db,
      `SELECT id FROM commitments WHERE committee_id = $1 AND owner_party_id = $2
          AND status IN ('pending', 'in_progress') ORDER BY id LIMIT $3`,
      [big.id, big.partyId, openNeeded],
    )
  ).map((r) => r.id);
  if (open.length === 0)
    throw new Error(`No pending or in-progress commitment of ${email}'s party in ${big.code} to post updates on.`);
  const people = await assignees(db);
  const many = hintedFirst(people, (p) => p.email === hints.many);
  const few = hintedFirst(
    people
      .filter((p) => p.email !== many[0]?.email)
      .sort((a, b) => Math.abs(a.assignments - 50) - Math.abs(b.assignments - 50)),
    (p) => p.email === hints.few,
  );
  return {
    server,
    password: hints.password ?? DEMO_PASSWORD,
    secretary: { email, partyId: big.partyId },
    big,
    small,
    open,
    manyAssignments: many,
    fewAssignments: few,
  };
}
