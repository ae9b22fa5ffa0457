/**
 * Registry rows of the scale data, in one transaction: the generated committees (both
 * parties, issue areas), their people and seats, the demo secretaries' seats on the largest
 * generated committees, the two benchmark liaison officers, and logins for every secretary.
 * A few hundred rows: built in JavaScript, written with one INSERT … SELECT unnest(…) each.
 * Then the session table `scale_committees` (one row per committee, what the work phases
 * draw from) and `scale_ctx` (one row: parties, agencies, word lists, the day counted back from).
 */
import { createHash } from 'node:crypto';
import { NAMES, RANKS } from './vocabulary.mjs';

export const MANY_EMAIL = 'liaison.many@tansiq.demo';
export const FEW_EMAIL = 'liaison.few@tansiq.demo';
const BENCH_PEOPLE = [
  { key: 'bench:many', email: MANY_EMAIL, nameEn: 'Capt. Nadim Sarkis', nameAr: 'النقيب نديم سركيس' },
  { key: 'bench:few', email: FEW_EMAIL, nameEn: 'Lt. Rawad Maalouf', nameAr: 'الملازم أول رواد معلوف' },
];
const AGENCIES = { LB: ['ISF', 'GDGS', 'MOIM', 'LAF'], SY: ['MOI', 'GSD', 'ANTI-NARC'] };

/** An integer in [0, n) from the seed, a key and a salt (for the few hundred registry rows). */
function draw(seed, key, salt, n) {
  return createHash('sha256').update(`${seed}:${key}:${salt}`).digest().readUInt32BE(0) % n;
}

/** Who sits on a committee besides the demo people: [role, how many per party]. */
function seatsOf(committee) {
  if (committee.status === 'proposed') return [];
  const fresh = !committee.demo;
  return [
    ['co_chair', fresh ? 1 : 0],
    ['secretary', fresh ? 1 : 0],
    ['member', fresh ? 2 : 1],
    ['liaison_officer', committee.liaisonsPerParty],
  ];
}

/** The generated people, with their names drawn from the word lists. */
function planPeople(plan, seed) {
  const people = [];
  for (const c of plan.committees) {
    for (const party of ['LB', 'SY']) {
      for (const [role, n] of seatsOf(c)) {
        for (let i = 1; i <= n; i++) {
          const key = `${c.code}:${party}:${role}:${i}`;
          const names = NAMES[party];
          const [firstEn, firstAr] = names.first[draw(seed, key, 1, names.first.length)];
          const [lastEn, lastAr] = names.last[draw(seed, key, 2, names.last.length)];
          const [rankEn, rankAr, rankTitle] = RANKS[role][draw(seed, key, 3, RANKS[role].length)];
          people.push({
            key,
            committee: c.code,
            party,
            role,
            nameEn: `${rankEn} ${firstEn} ${lastEn}`.trim(),
            nameAr: `${rankAr} ${firstAr} ${lastAr}`.trim(),
            rankTitle,
            agency: AGENCIES[party][draw(seed, key, 4, AGENCIES[party].length)],
          });
        }
      }
    }
  }
  for (const p of BENCH_PEOPLE)
    people.push({ ...p, committee: null, party: 'LB', role: 'liaison_officer', rankTitle: 'Captain', agency: 'ISF' });
  return people;
}

const personId = (key) => `pg_temp.uuid_of('person:' || ${key})`;

/**
 * Writes the registry rows and builds `scale_committees` / `scale_ctx`.
 * @param client a pg client (autocommit); `demo`: ids read from the demo data
 *   ({ secretaryLb, secretarySy, liaisonLb, liaisonSy: { personId }, passwordHash }).
 */
export async function seedRegistry(client, plan, seed, demo, ctx) {
  const generated = plan.committees.filter((c) => !c.demo);
  const people = planPeople(plan, seed);
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO committees (id, code, name_en, name_ar, mandate, status, established_on, version, created_at, updated_at)
     SELECT pg_temp.uuid_of('committee:' || code), code, name_en, name_ar, mandate, status::committee_status, est::date, 1, est::timestamptz, est::timestamptz
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(code, name_en, name_ar, mandate, status, est)`,
    [
      generated.map((c) => c.code),
      generated.map((c) => c.nameEn),
      generated.map((c) => c.nameAr),
      generated.map((c) => c.mandate),
      // Created active; suspended once their members sit (below).
      generated.map(() => 'active'),
      generated.map((c) => c.establishedOn),
    ],
  );
  await client.query(
    `INSERT INTO committee_parties (committee_id, party_id)
     SELECT c.id, p.id FROM committees c CROSS JOIN parties p WHERE c.code = ANY($1) AND p.code IN ('LB', 'SY')`,
    [generated.map((c) => c.code)],
  );
  const areaPairs = generated.flatMap((c) => c.areas.map((a) => [c.code, a]));
  await client.query(
    `INSERT INTO committee_issue_areas (committee_id, issue_area_id)
     SELECT c.id, a.id FROM unnest($1::text[], $2::text[]) t(committee, area)
       JOIN committees c ON c.code = t.committee JOIN issue_areas a ON a.code = t.area`,
    [areaPairs.map((p) => p[0]), areaPairs.map((p) => p[1])],
  );
  await client.query(
    `INSERT INTO people (id, party_id, agency_id, name_en, name_ar, rank_title, email, version, created_at, updated_at)
     SELECT ${personId('t.key')}, p.id, a.id, t.name_en, t.name_ar, t.rank_title,
            lower(replace(t.key, ':', '.')) || '@delegation.example', 1, $7::timestamptz, $7::timestamptz
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) t(key, party, agency, name_en, name_ar, rank_title)
       JOIN parties p ON p.code = t.party JOIN agencies a ON a.party_id = p.id AND a.code = t.agency`,
    [
      people.map((p) => p.key),
      people.map((p) => p.party),
      people.map((p) => p.agency),
      people.map((p) => p.nameEn),
      people.map((p) => p.nameAr),
      people.map((p) => p.rankTitle),
      ctx.threeYearsAgo,
    ],
  );
  // Seats: the generated people on their committee; the benchmark liaison officers and the
  // demo secretaries on theirs. Every seat starts when its committee was established.
  const seats = [
    ...people.filter((p) => p.committee).map((p) => [p.key, null, p.committee, p.role]),
    ...plan.manySeats.map((code) => ['bench:many', null, code, 'liaison_officer']),
    ...plan.fewSeats.map((code) => ['bench:few', null, code, 'liaison_officer']),
    ...plan.secretarySeats.flatMap((code) => [
      ['demo', demo.secretaryLb.personId, code, 'secretary'],
      ['demo', demo.secretarySy.personId, code, 'secretary'],
    ]),
  ];
  await client.query(
    `INSERT INTO memberships (id, committee_id, person_id, party_id, role, start_on, version, created_at, updated_at)
     SELECT pg_temp.uuid_of('membership:' || coalesce(t.person_id::text, t.key) || ':' || t.committee), c.id, pe.id, pe.party_id,
            t.role::membership_role, least(coalesce(c.established_on, $5::date), $5::date), 1, $6::timestamptz, $6::timestamptz
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[]) t(key, person_id, committee, role)
       JOIN committees c ON c.code = t.committee
       JOIN people pe ON pe.id = coalesce(t.person_id, ${personId('t.key')})`,
    [
      seats.map((s) => s[0]),
      seats.map((s) => s[1]),
      seats.map((s) => s[2]),
      seats.map((s) => s[3]),
      ctx.monthAgo,
      ctx.threeYearsAgo,
    ],
  );
  await client.query(`UPDATE committees SET status = 'suspended' WHERE code = ANY($1)`, [
    generated.filter((c) => c.status === 'suspended').map((c) => c.code),
  ]);
  const logins = [
    ...people
      .filter((p) => p.role === 'secretary')
      .map((p) => [
        `secretary.${p.committee.split('-').pop().toLowerCase()}.${p.party.toLowerCase()}@tansiq.demo`,
        `${p.nameEn} (${p.party} secretary, ${p.committee})`,
        'secretary',
        p.key,
      ]),
    ...BENCH_PEOPLE.map((p) => [
      p.email,
      `${p.nameEn.replace(/^\S+\s/, '')} (LB liaison, benchmark)`,
      'liaison_officer',
      p.key,
    ]),
  ];
  await client.query(
    `INSERT INTO users (id, email, display_name, role, person_id, password_hash, version, created_at, updated_at)
     SELECT pg_temp.uuid_of('user:' || t.email), t.email, t.display_name, t.role::user_role, ${personId('t.key')}, $5, 1, $6::timestamptz, $6::timestamptz
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) t(email, display_name, role, key)`,
    [
      logins.map((l) => l[0]),
      logins.map((l) => l[1]),
      logins.map((l) => l[2]),
      logins.map((l) => l[3]),
      demo.passwordHash,
      ctx.threeYearsAgo,
    ],
  );
  await client.query('COMMIT');
  await buildCommitteeTable(client, plan, demo, ctx);
  return { people: people.length, seats: seats.length, logins: logins.length };
}

/**
 * `scale_committees`: per committee, its ranges of item numbers, the time window its items
 * are created in (from its establishment, at most three years back), its issue areas, the
 * secretary (person and login) of each side, and its liaison officers other than the demo
 * and benchmark ones (who get exact numbers of assignments later).
 */
async function buildCommitteeTable(client, plan, demo, ctx) {
  const cs = plan.committees;
  await client.query(
    `CREATE TEMP TABLE scale_committees AS
     SELECT t.k, c.id, c.code, t.c_first, t.c_count, t.a_first, t.a_count,
            greatest(least(coalesce(c.established_on, $9::date), $9::date)::timestamp AT TIME ZONE 'UTC', $10::timestamptz) AS t0,
            $11::timestamptz AS t1,
            (SELECT array_agg(ca.issue_area_id ORDER BY ca.issue_area_id) FROM committee_issue_areas ca WHERE ca.committee_id = c.id) AS areas,
            coalesce(t.sec_lb, pg_temp.uuid_of('person:' || c.code || ':LB:secretary:1')) AS sec_lb,
            coalesce(t.sec_sy, pg_temp.uuid_of('person:' || c.code || ':SY:secretary:1')) AS sec_sy,
            NULL::uuid AS sec_user_lb, NULL::uuid AS sec_user_sy, NULL::uuid[] AS liaisons
       FROM unnest($1::int[], $2::text[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], $7::uuid[], $8::uuid[])
              t(k, code, c_first, c_count, a_first, a_count, sec_lb, sec_sy)
       JOIN committees c ON c.code = t.code`,
    [
      cs.map((c) => c.k),
      cs.map((c) => c.code),
      cs.map((c) => c.firstCommitment),
      cs.map((c) => c.commitments),
      cs.map((c) => c.firstAssignment),
      cs.map((c) => c.assignments),
      cs.map((c) => (c.demo ? demo.secretaryLb.personId : null)),
      cs.map((c) => (c.demo ? demo.secretarySy.personId : null)),
      ctx.monthAgo,
      ctx.threeYearsAgo,
      ctx.today,
    ],
  );
  const excluded = [demo.liaisonLb.personId, demo.liaisonSy.personId];
  await client.query(
    `UPDATE scale_committees sc SET
       sec_user_lb = (SELECT u.id FROM users u WHERE u.person_id = sc.sec_lb ORDER BY u.email LIMIT 1),
       sec_user_sy = (SELECT u.id FROM users u WHERE u.person_id = sc.sec_sy ORDER BY u.email LIMIT 1),
       liaisons = (SELECT array_agg(m.person_id ORDER BY m.person_id) FROM memberships m
                    WHERE m.committee_id = sc.id AND m.role = 'liaison_officer'
                      AND m.person_id <> ALL($1::uuid[]) AND m.person_id <> ALL(ARRAY[${personId(`'bench:many'`)}, ${personId(`'bench:few'`)}]))`,
    [excluded],
  );
  await client.query(`CREATE UNIQUE INDEX ON scale_committees (k)`);
  await client.query(`ANALYZE scale_committees`);
}

/** Ids of the benchmark people and their logins. */
export async function benchPeople(client) {
  const { rows } = await client.query(
    `SELECT u.email, u.id AS user_id, u.person_id FROM users u WHERE u.email = ANY($1)`,
    [[MANY_EMAIL, FEW_EMAIL]],
  );
  return Object.fromEntries(rows.map((r) => [r.email, { userId: r.user_id, personId: r.person_id }]));
}
