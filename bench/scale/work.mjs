/**
 * Commitments and assignments with their timelines, set-based: each statement inserts one
 * chunk of one committee's items from generate_series, their updates (and assignees) in the
 * same statement through data-modifying CTEs. Per item, from hashes of its number:
 * - created in its committee's window; status from a draw that older items win more often
 *   (commitments ≈ 25 % pending, 26 % in progress, 8 % claimed, 35 % fulfilled, 6 % withdrawn);
 * - 0–4 updates consistent with the status (the moves it went through, progress notes),
 *   spread between creation and the last change; version = 1 + updates;
 * - due 2 weeks to 16 months after creation (assignments: 1 week to 6 months), 10 % none;
 * - `status_changed_at` the time of the entry that moved it into its status (the reports'
 *   fulfilment time and claim age); the database's triggers tally every inserted chunk;
 * - a title drawn from an action, a place and an ending, in English and Arabic together,
 *   or one of the two.
 */
import { ms, randomness, textArray } from './sql.mjs';
import {
  ASSIGNMENT_ACTIONS,
  COMMITMENT_ACTIONS,
  DESCRIPTIONS,
  PLACES,
  QUALIFIERS,
  SECTORS,
  TRANSITION_NOTES,
  UPDATE_NOTES,
} from './vocabulary.mjs';

/** Items per statement: small enough that the progress bar moves, large enough to stay set-based. */
export const CHUNK = 50_000;

const en = (pairs) => textArray(pairs.map((p) => p[0]));
const ar = (pairs) => textArray(pairs.map((p) => p[1]));

/** `scale_ctx`: one row with the parties, agencies and word lists; `scale_items`: what was created, for the audit phase. */
export async function createContext(client) {
  await client.query(`CREATE TEMP TABLE scale_ctx AS SELECT
      (SELECT id FROM parties WHERE code = 'LB') AS lb, (SELECT id FROM parties WHERE code = 'SY') AS sy,
      (SELECT array_agg(a.id ORDER BY a.code) FROM agencies a JOIN parties p ON p.id = a.party_id WHERE p.code = 'LB') AS ag_lb,
      (SELECT array_agg(a.id ORDER BY a.code) FROM agencies a JOIN parties p ON p.id = a.party_id WHERE p.code = 'SY') AS ag_sy`);
  await client.query(
    `CREATE TEMP TABLE scale_items (kind smallint NOT NULL, id uuid NOT NULL, created_at timestamptz NOT NULL)`,
  );
}

/**
 * The word lists as SQL array constants (parsed once per statement; read from a table row
 * they would be de-TOASTed for every access), with their lengths.
 */
const TRANSITIONS = Object.entries(TRANSITION_NOTES);
const WORDS = {
  cact: COMMITMENT_ACTIONS,
  aact: ASSIGNMENT_ACTIONS,
  place: PLACES,
  qual: QUALIFIERS,
  desc: DESCRIPTIONS,
  note: UPDATE_NOTES,
  tr: TRANSITIONS.map((t) => t[1]),
};
const w = (name, lang) => `(${lang === 'en' ? en(WORDS[name]) : ar(WORDS[name])})`;
const size = (name) => WORDS[name].length;
const TR_KEYS = textArray(TRANSITIONS.map((t) => t[0]));
const SECTOR_WORDS = `(${textArray(SECTORS)})`;

/** SQL pieces shared by both kinds of item; `key` is the SQL integer the draws hang on. */
function shared(r, key) {
  const { u, int } = r;
  return {
    /** English / Arabic / both, from `enExpr` and `arExpr`. */
    bilingual: (salt, enExpr, arExpr) =>
      `CASE ${int(salt, key, 4)} WHEN 2 THEN ${enExpr} WHEN 3 THEN ${arExpr} ELSE ${enExpr} || ' / ' || ${arExpr} END`,
    /** A title from an action list, a place and (half the time) an ending. */
    title: (actions) => {
      const a = `1 + ${int(10, key, size(actions))}`;
      const p = `1 + ${int(11, key, size('place'))}`;
      const q = `CASE WHEN ${u(12, key)} < 0.5 THEN 1 ELSE 2 + ${int(13, key, size('qual') - 1)} END`;
      return [
        `${w(actions, 'en')}[${a}] || ' ' || ${w('place', 'en')}[${p}] || ${w('qual', 'en')}[${q}]`,
        `${w(actions, 'ar')}[${a}] || ' ' || ${w('place', 'ar')}[${p}] || ${w('qual', 'ar')}[${q}]`,
      ];
    },
    description: `CASE WHEN ${u(14, key)} < 0.3 THEN ${w('desc', 'en')}[1 + ${int(15, key, size('desc'))}] || E'\\n' || ${w('desc', 'ar')}[1 + ${int(15, key, size('desc'))}] ELSE '' END`,
    createdAt: ms(`c.t0 + (c.t1 - c.t0) * ${u(1, key)}`),
    /** Older items (a low draw 1) score higher: further along their workflow. */
    score: `(0.6 * ${u(3, key)} + 0.4 * (1 - ${u(1, key)}))`,
  };
}

/** The body, progress and author of update j of n; `moves` gives from_status / to_status. */
function updateColumns(r, key, fromTo) {
  const { int } = r;
  const uKey = `(${key}) * 8 + j`;
  const pair = (lang) =>
    `CASE WHEN t.to_s IS NOT NULL THEN ${w('tr', lang)}[array_position(${TR_KEYS}, CASE WHEN t.to_s = 'in_progress' THEN 'start' ELSE t.to_s END)]
          ELSE ${w('note', lang)}[1 + ${int(20, uKey, size('note'))}] END`;
  return {
    lateral: `CROSS JOIN LATERAL generate_series(1, s.n_up) j CROSS JOIN LATERAL (SELECT ${fromTo}) t`,
    body: `CASE ${int(21, uKey, 3)} WHEN 1 THEN ${pair('en')} WHEN 2 THEN ${pair('ar')} ELSE ${pair('en')} || ' / ' || ${pair('ar')} END`,
    at: `CASE WHEN j = s.n_up THEN s.updated_at ELSE ${ms('s.created_at + (s.updated_at - s.created_at) * j / s.n_up')} END`,
  };
}

/**
 * When the item entered its status (`status_changed_at`): the time of the timeline entry that
 * moved it there, as the migration back-fills it: its creation while still in `initial`, the
 * first entry for `in_progress` (later entries are notes), the last one for any other status.
 */
function statusChangedAt(initial) {
  return `CASE status WHEN '${initial}' THEN created_at
    WHEN 'in_progress' THEN CASE WHEN n_up = 1 THEN updated_at ELSE ${ms('created_at + (updated_at - created_at) / n_up')} END
    ELSE updated_at END`;
}

/** One statement: commitments g in [lo, hi] of committee k, their updates, their rows in scale_items. */
export function commitmentChunkSql(seed) {
  const r = randomness(seed);
  const { u, int, pick } = r;
  const s = shared(r, 'g');
  const [titleEn, titleAr] = s.title('cact');
  const upd = updateColumns(
    r,
    's.g',
    `CASE WHEN s.status = 'fulfilled' AND j = s.n_up THEN 'fulfilment_claimed'
          WHEN s.status IN ('fulfilled', 'fulfilment_claimed') AND j = s.n_up - (s.status = 'fulfilled')::int THEN 'in_progress'
          WHEN s.status = 'withdrawn' AND j = s.n_up THEN CASE WHEN s.n_up = 1 THEN 'pending' ELSE 'in_progress' END
          WHEN j = 1 AND s.status <> 'pending' THEN 'pending' END AS from_s,
     CASE WHEN s.status = 'fulfilled' AND j = s.n_up THEN 'fulfilled'
          WHEN s.status IN ('fulfilled', 'fulfilment_claimed') AND j = s.n_up - (s.status = 'fulfilled')::int THEN 'fulfilment_claimed'
          WHEN s.status = 'withdrawn' AND j = s.n_up THEN 'withdrawn'
          WHEN j = 1 AND s.status <> 'pending' THEN 'in_progress' END AS to_s`,
  );
  return `
WITH s AS MATERIALIZED (
  SELECT b.*, CASE WHEN b.n_up = 0 THEN b.created_at
                   ELSE ${ms(`b.created_at + (b.t1 - b.created_at) * CASE WHEN b.status IN ('fulfilled', 'withdrawn') THEN 0.1 + 0.6 * ${u(6, 'b.g')} ELSE 0.15 + 0.85 * ${u(6, 'b.g')} END`)} END AS updated_at
  FROM (
    SELECT a.*, CASE a.status WHEN 'pending' THEN ${int(4, 'a.g', 2)} WHEN 'in_progress' THEN 1 + ${int(4, 'a.g', 3)}
                  WHEN 'fulfilment_claimed' THEN 2 + ${int(4, 'a.g', 3)} WHEN 'fulfilled' THEN 3 + ${int(4, 'a.g', 2)}
                  ELSE 1 + ${int(4, 'a.g', 2)} END AS n_up,
           CASE a.status WHEN 'pending' THEN 0 WHEN 'in_progress' THEN 5 * (1 + ${int(5, 'a.g', 19)})
                  WHEN 'withdrawn' THEN 5 * ${int(5, 'a.g', 12)} ELSE 100 END AS progress
    FROM (
      SELECT g, c.id AS committee_id, c.t1, g % 2 = 0 AS lb_owner,
             pg_temp.uuid_of('commitment:${r.seed}:' || g) AS id,
             ${s.createdAt} AS created_at,
             CASE WHEN ${u(2, 'g')} < 0.06 THEN 'withdrawn' WHEN ${s.score} < 0.36 THEN 'pending'
                  WHEN ${s.score} < 0.53 THEN 'in_progress' WHEN ${s.score} < 0.578 THEN 'fulfilment_claimed'
                  ELSE 'fulfilled' END AS status,
             CASE WHEN g % 2 = 0 THEN x.lb ELSE x.sy END AS owner_party_id,
             CASE WHEN ${u(16, 'g')} < 0.7 THEN CASE WHEN g % 2 = 0 THEN ${pick('x.ag_lb', 17, 'g')} ELSE ${pick('x.ag_sy', 17, 'g')} END END AS agency_id,
             ${s.bilingual(9, titleEn, titleAr)} AS title,
             ${s.description} AS description,
             ${pick('c.areas', 18, 'g')} AS issue_area_id,
             CASE WHEN g % 2 = 0 THEN c.sec_user_lb ELSE c.sec_user_sy END AS created_by_id,
             CASE WHEN g % 2 = 0 THEN c.sec_lb ELSE c.sec_sy END AS owner_sec,
             CASE WHEN g % 2 = 0 THEN c.sec_user_lb ELSE c.sec_user_sy END AS owner_sec_user,
             CASE WHEN g % 2 = 0 THEN c.sec_sy ELSE c.sec_lb END AS other_sec,
             CASE WHEN g % 2 = 0 THEN c.sec_user_sy ELSE c.sec_user_lb END AS other_sec_user,
             ${u(7, 'g')} < 0.1 AS no_due, ${int(8, 'g', 480)} AS due_days
      FROM scale_committees c CROSS JOIN scale_ctx x CROSS JOIN generate_series($2::int8, $3::int8) g
      WHERE c.k = $1
    ) a
  ) b
),
ins AS (
  INSERT INTO commitments (id, created_at, updated_at, version, committee_id, owner_party_id, agency_id, title, description,
                           issue_area_id, due_on, progress, status, created_by_id, status_changed_at)
  SELECT id, created_at, updated_at, 1 + n_up, committee_id, owner_party_id, agency_id, title, description, issue_area_id,
         CASE WHEN NOT no_due THEN (created_at AT TIME ZONE 'Asia/Beirut')::date + 14 + due_days END,
         progress, status::commitment_status, created_by_id, ${statusChangedAt('pending')}
  FROM s
),
items AS (INSERT INTO scale_items (kind, id, created_at) SELECT 1, id, created_at FROM s)
INSERT INTO updates (id, commitment_id, author_user_id, author_person_id, body, progress, from_status, to_status, created_at)
SELECT pg_temp.uuid_of('update:c:${r.seed}:' || s.g || ':' || j), s.id,
       CASE WHEN t.to_s = 'fulfilled' THEN s.other_sec_user ELSE s.owner_sec_user END,
       CASE WHEN t.to_s = 'fulfilled' THEN s.other_sec ELSE s.owner_sec END,
       ${upd.body},
       CASE WHEN t.to_s = 'fulfilment_claimed' THEN 100 WHEN t.to_s IN ('fulfilled', 'withdrawn') OR s.status = 'pending' THEN NULL
            WHEN s.status IN ('in_progress', 'withdrawn') THEN round(s.progress * j / s.n_up::numeric)
            ELSE round(100 * j / s.n_up::numeric) END,
       t.from_s, t.to_s, ${upd.at}
FROM s ${upd.lateral}`;
}

/** One statement: assignments g in [lo, hi] of committee k, their assignees, updates and scale_items rows. */
export function assignmentChunkSql(seed) {
  const r = randomness(seed);
  const { u, int, pick } = r;
  const s = shared(r, 'g');
  const [titleEn, titleAr] = s.title('aact');
  const upd = updateColumns(
    r,
    's.g',
    `CASE WHEN s.status IN ('blocked', 'done') AND j = s.n_up THEN 'in_progress'
          WHEN s.status = 'cancelled' AND j = s.n_up THEN CASE WHEN s.n_up = 1 THEN 'open' ELSE 'in_progress' END
          WHEN j = 1 AND s.status <> 'open' THEN 'open' END AS from_s,
     CASE WHEN s.status IN ('blocked', 'done', 'cancelled') AND j = s.n_up THEN s.status
          WHEN j = 1 AND s.status <> 'open' THEN 'in_progress' END AS to_s`,
  );
  const ack = (salt) =>
    `CASE WHEN s.status = 'open' AND ${u(salt, 's.g')} < 0.6 THEN NULL
          ELSE greatest(s.created_at, least(${ms(`s.created_at + interval '1 minute' * (30 + ${int(salt + 1, 's.g', 4000)})`)}, s.t1 - interval '1 minute')) END`;
  return `
WITH s AS MATERIALIZED (
  SELECT b.*, CASE WHEN b.n_up = 0 THEN b.created_at
                   ELSE ${ms(`b.created_at + (b.t1 - b.created_at) * CASE WHEN b.status IN ('done', 'cancelled') THEN 0.1 + 0.6 * ${u(6, 'b.g')} ELSE 0.15 + 0.85 * ${u(6, 'b.g')} END`)} END AS updated_at
  FROM (
    SELECT a.*, CASE a.status WHEN 'open' THEN ${int(4, 'a.g', 2)} WHEN 'in_progress' THEN 1 + ${int(4, 'a.g', 3)}
                  WHEN 'blocked' THEN 2 + ${int(4, 'a.g', 2)} WHEN 'done' THEN 2 + ${int(4, 'a.g', 3)}
                  ELSE 1 + ${int(4, 'a.g', 2)} END AS n_up
    FROM (
      SELECT g, c.id AS committee_id, c.t1,
             pg_temp.uuid_of('assignment:${r.seed}:' || g) AS id,
             ${s.createdAt} AS created_at,
             CASE WHEN ${u(2, 'g')} < 0.07 THEN 'cancelled' WHEN ${s.score} < 0.36 THEN 'open'
                  WHEN ${s.score} < 0.56 THEN 'in_progress' WHEN ${s.score} < 0.608 THEN 'blocked' ELSE 'done' END AS status,
             CASE WHEN ${u(16, 'g')} < 0.15 THEN 'low' WHEN ${u(16, 'g')} < 0.65 THEN 'normal'
                  WHEN ${u(16, 'g')} < 0.9 THEN 'high' ELSE 'urgent' END AS priority,
             CASE WHEN g % 2 = 0 THEN x.lb ELSE x.sy END AS raising_party_id,
             CASE WHEN ${u(17, 'g')} < 0.6 THEN ${SECTOR_WORDS}[1 + ${int(19, 'g', SECTORS.length)}] END AS border_sector,
             ${s.bilingual(9, titleEn, titleAr)} AS title,
             ${s.description} AS description,
             ${pick('c.areas', 18, 'g')} AS issue_area_id,
             CASE WHEN g % 2 = 0 THEN c.sec_user_lb ELSE c.sec_user_sy END AS created_by_id,
             CASE WHEN g % 2 = 0 THEN c.sec_lb ELSE c.sec_sy END AS sec,
             CASE WHEN g % 2 = 0 THEN c.sec_user_lb ELSE c.sec_user_sy END AS sec_user,
             c.liaisons[1 + ${int(30, 'g', 'cardinality(c.liaisons)')}] AS assignee1,
             CASE WHEN ${u(31, 'g')} < 0.3 AND cardinality(c.liaisons) > 1
                  THEN c.liaisons[1 + (${int(30, 'g', 'cardinality(c.liaisons)')} + 1 + ${int(32, 'g', 'cardinality(c.liaisons) - 1')}) % cardinality(c.liaisons)] END AS assignee2,
             ${u(7, 'g')} < 0.1 AS no_due, ${int(8, 'g', 174)} AS due_days
      FROM scale_committees c CROSS JOIN scale_ctx x CROSS JOIN generate_series($2::int8, $3::int8) g
      WHERE c.k = $1
    ) a
  ) b
),
ins AS (
  INSERT INTO assignments (id, created_at, updated_at, version, committee_id, title, description, issue_area_id, priority,
                           due_on, raising_party_id, border_sector, status, created_by_id, status_changed_at)
  SELECT id, created_at, updated_at, 1 + n_up, committee_id, title, description, issue_area_id, priority::assignment_priority,
         CASE WHEN NOT no_due THEN (created_at AT TIME ZONE 'Asia/Beirut')::date + 7 + due_days END,
         raising_party_id, border_sector, status::assignment_status, created_by_id, ${statusChangedAt('open')}
  FROM s
),
assignees AS (
  INSERT INTO assignment_assignees (assignment_id, person_id, acknowledged_at)
  SELECT id, assignee1, ${ack(33)} FROM s
  UNION ALL
  SELECT id, assignee2, ${ack(35)} FROM s WHERE assignee2 IS NOT NULL
),
items AS (INSERT INTO scale_items (kind, id, created_at) SELECT 2, id, created_at FROM s)
INSERT INTO updates (id, assignment_id, author_user_id, author_person_id, body, progress, from_status, to_status, created_at)
SELECT pg_temp.uuid_of('update:a:${r.seed}:' || s.g || ':' || j), s.id,
       CASE WHEN t.to_s = 'cancelled' THEN s.sec_user END,
       CASE WHEN t.to_s = 'cancelled' THEN s.sec ELSE s.assignee1 END,
       ${upd.body}, NULL, t.from_s, t.to_s, ${upd.at}
FROM s ${upd.lateral}`;
}

/**
 * Gives `person` exactly `count` more assignments, drawn among the scale assignments of the
 * committees `codes` that do not already have them; acknowledged unless still open (40 %).
 * @returns the number added.
 */
export async function assignTo(client, seed, personId, codes, count) {
  const { rowCount } = await client.query(
    `INSERT INTO assignment_assignees (assignment_id, person_id, acknowledged_at)
     SELECT a.id, $1, CASE WHEN a.status = 'open' AND (hashtextextended(a.id::text || ':ack', $4) & 1023) < 614 THEN NULL
                           ELSE least(a.created_at + interval '2 hours', a.updated_at) END
       FROM assignments a JOIN committees c ON c.id = a.committee_id
      WHERE c.code = ANY($2) AND a.source_decision_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM assignment_assignees aa WHERE aa.assignment_id = a.id AND aa.person_id = $1)
      ORDER BY hashtextextended(a.id::text || $1::text, $4)
      LIMIT $3`,
    [personId, codes, count, seed],
  );
  return rowCount;
}
