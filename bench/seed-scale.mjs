#!/usr/bin/env node
/**
 * `npm run seed:scale -- [--commitments N] [--committees 50] [--seed 42] [--reset] [--no-verify] [--out FILE] [--facts-only]`
 *
 * A large, realistic data set for benchmarks, written in SQL (set-based INSERT … SELECT over
 * generate_series, not through the API) into DATABASE_URL, or the embedded database when it
 * is unset (a DATABASE_URL naming a database that does not exist yet gets it created). First
 * the migrations and the demo data (`dist/src/seed-cli.js`), so the demo logins exist; then
 * N commitments (default 1,000,000) over 50 committees of very different sizes, N/5
 * assignments, about two updates per item, one audit event per item; then the verifiable log
 * built by the application's own sequencer (every event a leaf, a signed checkpoint), VACUUM
 * ANALYZE, and the log verified by the application (unless --no-verify). The log is signed
 * with the key the application will use (LOG_SIGNING_KEY and LOG_ORIGIN, as it reads them).
 * The same seed gives the same rows (dates count back from today).
 *
 * It writes `bench/.scale.json` (committees, logins and sample ids for the benchmark) and
 * prints a summary. It refuses a database that holds anything but the demo data; `--reset`
 * drops the public schema first (everything in it: use a database of its own).
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { insertChunk, reserve, stageEvents, AUDIT_CHUNK } from './scale/audit.mjs';
import { BIG, DEMO_CODES, SMALL, buildPlan } from './scale/plan.mjs';
import { Progress } from './scale/progress.mjs';
import { FEW_EMAIL, MANY_EMAIL, benchPeople, seedRegistry } from './scale/registry.mjs';
import { SESSION_FUNCTIONS } from './scale/sql.mjs';
import { CHUNK, assignTo, assignmentChunkSql, commitmentChunkSql, createContext } from './scale/work.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = join(ROOT, 'bench', '.scale.json');
const DAY = 86_400_000;
const DEMO_EMAILS = {
  admin: 'admin@tansiq.demo',
  secretaryLb: 'secretary.lb@tansiq.demo',
  secretarySy: 'secretary.sy@tansiq.demo',
  liaisonLb: 'liaison.lb@tansiq.demo',
  liaisonSy: 'liaison.sy@tansiq.demo',
};

/** The application's modules, from the build (the script runs after `npm run build`). */
async function app(path) {
  const file = join(ROOT, 'dist', 'src', path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first (npm run seed:scale does).`);
  return import(pathToFileURL(file).href);
}

function options() {
  const { values } = parseArgs({
    options: {
      commitments: { type: 'string', default: '1000000' },
      committees: { type: 'string', default: '50' },
      seed: { type: 'string', default: '42' },
      reset: { type: 'boolean', default: false },
      'no-verify': { type: 'boolean', default: false },
      out: { type: 'string', default: OUTPUT },
      'facts-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const int = (name, min, max) => {
    const n = Number(values[name].replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  return {
    help: values.help,
    commitments: int('commitments', 1000, 50_000_000),
    committees: int('committees', 10, 500),
    seed: int('seed', -(2 ** 31), 2 ** 31 - 1),
    reset: values.reset,
    verify: !values['no-verify'],
    out: values.out,
    factsOnly: values['facts-only'],
  };
}

/** Creates the database DATABASE_URL names when it does not exist (connecting to `postgres` on the same server). */
async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      console.error(`Created database ${name}.`);
    }
  } finally {
    await client.end();
  }
}

/** Refuses a database with data other than the demo's (unless --reset, which empties it). */
async function prepare(client, reset) {
  if (reset) {
    // updates and audit_events refuse DELETE and TRUNCATE: the schema goes as a whole.
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public AUTHORIZATION pg_database_owner');
    await client.query('GRANT USAGE ON SCHEMA public TO PUBLIC');
    console.error('--reset: dropped and re-created the public schema.');
    return;
  }
  const { rows } = await client.query(`SELECT to_regclass('public.committees') IS NOT NULL AS migrated`);
  if (!rows[0].migrated) return;
  const other = await client.query(
    `SELECT (SELECT count(*) FROM committees WHERE code <> ALL($1))::int AS committees, (SELECT count(*) FROM commitments)::int AS commitments`,
    [DEMO_CODES],
  );
  const { committees, commitments } = other.rows[0];
  if (committees > 0 || commitments > 100) {
    throw new Error(
      `This database already holds ${committees} committees besides the demo ones and ${commitments.toLocaleString('en-US')} commitments ` +
        `(scale data from an earlier run, or other data). Run again with --reset to drop the public schema and start afresh, ` +
        `or point DATABASE_URL at a database of its own.`,
    );
  }
}

/** Migrations and the demo data, by the project's own `seed:demo` entry point. */
function seedDemo(url) {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'seed-cli.js')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`the demo seed (dist/src/seed-cli.js) failed with status ${result.status}`);
}

/** The demo logins and people the scale data builds on. */
async function demoIds(client) {
  const { rows } = await client.query(
    `SELECT email, id AS "userId", person_id AS "personId", password_hash FROM users WHERE email = ANY($1)`,
    [Object.values(DEMO_EMAILS)],
  );
  const byEmail = new Map(rows.map((r) => [r.email, r]));
  const ids = {};
  for (const [key, email] of Object.entries(DEMO_EMAILS)) {
    const row = byEmail.get(email);
    if (!row) throw new Error(`demo login ${email} is missing after the demo seed`);
    ids[key] = { email, userId: row.userId, personId: row.personId };
  }
  // The demo password's hash, computed by the application's PasswordService when it created
  // the demo logins: the scale logins reuse it, so they sign in with the demo password.
  ids.passwordHash = byEmail.get(DEMO_EMAILS.liaisonLb).password_hash;
  return ids;
}

/** Runs `sql` over [first, first+count) in chunks of `size`, ticking the bar. */
async function chunked(client, progress, sql, k, first, count, size) {
  for (let lo = first; lo < first + count; lo += size) {
    const hi = Math.min(first + count - 1, lo + size - 1);
    await client.query(sql, [k, lo, hi]);
    progress.tick(hi - lo + 1);
  }
}

async function seedWork(client, plan, seed, progress, timings) {
  const committees = plan.committees.filter((c) => c.commitments > 0 || c.assignments > 0);
  const commitmentSql = commitmentChunkSql(seed);
  progress.start(
    'commitments',
    plan.committees.reduce((n, c) => n + c.commitments, 0),
  );
  for (const c of committees)
    await chunked(client, progress, commitmentSql, c.k, c.firstCommitment, c.commitments, CHUNK);
  timings.commitments = progress.finish('(with their updates)');
  const assignmentSql = assignmentChunkSql(seed);
  progress.start('assignments', plan.assignments);
  for (const c of committees)
    await chunked(client, progress, assignmentSql, c.k, c.firstAssignment, c.assignments, CHUNK);
  timings.assignments = progress.finish('(with assignees and updates)');
}

/** Exact numbers of assignments for the benchmark people and the demo liaison officers. */
async function seedBenchAssignees(client, plan, seed, demo, bench) {
  const demoSeats = ['LB-SY-NARC', 'LB-SY-ARMS', 'LB-SY-MIGR'];
  const added = {
    many: await assignTo(client, seed, bench[MANY_EMAIL].personId, plan.manySeats, plan.special.many),
    few: await assignTo(client, seed, bench[FEW_EMAIL].personId, plan.fewSeats, plan.special.few),
    liaisonLb: await assignTo(client, seed, demo.liaisonLb.personId, demoSeats, plan.special.demoLiaison),
    liaisonSy: await assignTo(client, seed, demo.liaisonSy.personId, demoSeats, plan.special.demoLiaison),
  };
  return added;
}

/** The seeded items' audit events, set-based, in creation order (no hash: the log is built after). */
async function seedAudit(client, progress, timings) {
  const total = await stageEvents(client);
  const base = await reserve(client, total);
  progress.start('audit events', total);
  for (let lo = 1; lo <= total; lo += AUDIT_CHUNK) {
    const hi = Math.min(total, lo + AUDIT_CHUNK - 1);
    await insertChunk(client, { lo, hi, base });
    progress.tick(hi - lo + 1);
  }
  timings.audit = progress.finish();
  return total;
}

/** One more event through the application's own append path: the seed itself, like the demo seed records it. */
async function recordSeed(url, modules, changes) {
  const dataSource = modules.dataSource.createDataSource(url);
  await dataSource.initialize();
  try {
    await dataSource.transaction((manager) =>
      modules.audit.appendAuditEvent(manager, { action: 'seed', entity: 'scale', entityId: 'seed-scale', changes }),
    );
  } finally {
    await dataSource.destroy();
  }
}

/** Events per sequencer transaction here (the app's timer takes 2,000; a bulk load goes faster in larger ones). */
const SEQUENCE_BATCH = 50_000;

/**
 * The application's log services over a DataSource of their own, made by hand as Nest would
 * (src/audit/audit.module.ts): the config and signing key as the app loads them.
 */
async function withLog(url, modules, config, work) {
  const signer = modules.logKey.loadLogSigner(config);
  const dataSource = modules.dataSource.createDataSource(url);
  await dataSource.initialize();
  try {
    return await work({
      sequencer: new modules.sequencer.LogSequencer(dataSource, config, signer),
      verification: new modules.verification.LogVerificationService(dataSource, config, signer),
    });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Every committed audit event appended to the verifiable log by the application's own
 * sequencer (LogSequencer.drain: leaves, subtrees, a signed checkpoint per batch).
 * @returns the tree size.
 */
async function sequenceLog(client, url, modules, config, progress, timings) {
  // Fresh statistics, so the sequencer's reads of the new events are planned for their number.
  await client.query('ANALYZE audit_events');
  const { rows } = await client.query(
    `SELECT count(*)::int AS n FROM audit_events a WHERE NOT EXISTS (SELECT 1 FROM log_leaves l WHERE l.event_seq = a.seq)`,
  );
  progress.start('audit log', rows[0].n);
  const size = await withLog(url, modules, config, ({ sequencer }) =>
    sequencer.drain({ batch: SEQUENCE_BATCH, onBatch: (batch) => progress.tick(batch.appended) }),
  );
  timings.log = progress.finish(`(tree size ${size.toLocaleString('en-US')}, signed by ${config.log.origin})`);
  return size;
}

/** The whole log verified by the application's LogVerificationService (GET /audit/verify's code). */
function verifyLog(url, modules, config) {
  return withLog(url, modules, config, ({ verification }) => verification.verify());
}

async function tableCounts(client) {
  const tables = [
    'parties',
    'committees',
    'committee_parties',
    'committee_issue_areas',
    'people',
    'memberships',
    'users',
    'commitments',
    'assignments',
    'assignment_assignees',
    'updates',
    'audit_events',
    'log_leaves',
    'log_checkpoints',
  ];
  const { rows } = await client.query(
    `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})::int8::text AS ${t}`).join(', ')}`,
  );
  return Object.fromEntries(tables.map((t) => [t, Number(rows[0][t])]));
}

/** What the benchmark needs: committees, logins with their assignment counts, sample ids. */
async function benchFacts(client, demo, bench) {
  const committee = async (code) => {
    const { rows } = await client.query(
      `SELECT c.id, c.code,
              (SELECT count(*) FROM commitments m WHERE m.committee_id = c.id)::int AS commitments,
              (SELECT count(*) FROM commitments m WHERE m.committee_id = c.id AND m.status = 'pending')::int AS "pendingCommitments",
              (SELECT count(*) FROM assignments a WHERE a.committee_id = c.id)::int AS assignments
         FROM committees c WHERE c.code = $1`,
      [code],
    );
    return rows[0];
  };
  const { rows: all } = await client.query(
    `SELECT c.code, c.id, c.status, count(m.id)::int AS commitments
       FROM committees c LEFT JOIN commitments m ON m.committee_id = c.id GROUP BY c.id ORDER BY commitments DESC, c.code`,
  );
  const assignmentsOf = async (personId) =>
    (await client.query(`SELECT count(*)::int AS n FROM assignment_assignees WHERE person_id = $1`, [personId])).rows[0]
      .n;
  const big = await committee(BIG);
  const users = {};
  for (const [key, who] of Object.entries({
    ...Object.fromEntries(Object.entries(demo).filter(([k]) => k !== 'passwordHash')),
    liaisonMany: { email: MANY_EMAIL, ...bench[MANY_EMAIL] },
    liaisonFew: { email: FEW_EMAIL, ...bench[FEW_EMAIL] },
  })) {
    users[key] = { ...who, ...(who.personId ? { assignments: await assignmentsOf(who.personId) } : {}) };
  }
  // LB-owned commitments in progress in the big committee: secretary.lb may post progress on them.
  const { rows: open } = await client.query(
    `SELECT m.id FROM commitments m JOIN parties p ON p.id = m.owner_party_id
      WHERE m.committee_id = $1 AND p.code = 'LB' AND m.status = 'in_progress' ORDER BY m.id LIMIT 65`,
    [big.id],
  );
  const { rows: mine } = await client.query(
    `SELECT a.id FROM assignments a JOIN assignment_assignees aa ON aa.assignment_id = a.id
      WHERE aa.person_id = $1 AND a.status IN ('open', 'in_progress') ORDER BY a.id LIMIT 1`,
    [bench[MANY_EMAIL].personId],
  );
  return {
    committees: { big, small: await committee(SMALL), all: all },
    users,
    samples: {
      commitmentId: open[0]?.id ?? null,
      spreadCommitmentIds: open.slice(1).map((r) => r.id),
      assignmentId: mine[0]?.id ?? null,
    },
  };
}

/** What LogVerificationService.verify found, in one line. */
function verificationLine(v) {
  const n = (x) => x.toLocaleString('en-US');
  const checked = `${n(v.checked)} leaves and ${n(v.checkpoints)} signed checkpoints checked by LogVerificationService.verify`;
  const pending = v.unsequenced > 0 ? `; ${n(v.unsequenced)} events not yet in the log` : '';
  if (v.ok) return `valid (${checked}${pending})`;
  const at = v.firstBroken ?? {};
  return `BROKEN (log index ${at.logIndex}, event ${at.seq}, tree size ${at.treeSize}): ${at.reason} (${checked})`;
}

function summary({ facts, counts, timings, started, opts, verification }) {
  const n = (x) => x.toLocaleString('en-US');
  const out = [];
  out.push(
    '',
    `Scale data: ${n(opts.commitments)} commitments, seed ${opts.seed}, ${((performance.now() - started) / 1000).toFixed(1)} s in all.`,
  );
  out.push(
    'Phases (s): ' +
      Object.entries(timings)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', '),
  );
  out.push('Rows per table:');
  for (const [t, c] of Object.entries(counts)) out.push(`  ${t.padEnd(22)} ${n(c).padStart(12)}`);
  const { big, small } = facts.committees;
  out.push('Committees for the benchmark:');
  for (const [label, c] of [
    ['big', big],
    ['small', small],
  ])
    out.push(
      `  ${label.padEnd(6)} ${c.code.padEnd(11)} ${c.id}  ${n(c.commitments)} commitments (${n(c.pendingCommitments)} pending), ${n(c.assignments)} assignments`,
    );
  const sizes = facts.committees.all.map((c) => c.commitments).filter((x) => x > 0);
  out.push(
    `  the ${sizes.length} committees with work hold ${n(Math.min(...sizes))} to ${n(Math.max(...sizes))} commitments each`,
  );
  out.push('Logins (password tansiq-demo-2025):');
  for (const u of Object.values(facts.users))
    out.push(
      `  ${u.email.padEnd(27)} user ${u.userId}${u.personId ? `  person ${u.personId}  ${n(u.assignments)} assignments` : ''}`,
    );
  out.push(
    verification ? `Verifiable log: ${verificationLine(verification)}` : 'Verifiable log: not verified (--no-verify)',
  );
  out.push(`Details for the benchmark: ${opts.out}`);
  console.log(out.join('\n'));
}

/**
 * Writes the benchmark facts of the database (as seeded: N and the seed come from the seed's
 * own audit event) to `out`. @returns { facts, counts }.
 */
async function writeFacts(client, url, out, demo, bench, timings = {}) {
  const { rows } = await client.query(
    `SELECT changes FROM audit_events WHERE entity = 'scale' AND action = 'seed' ORDER BY seq DESC LIMIT 1`,
  );
  if (!rows[0]) throw new Error('this database holds no scale data (no seed event in the audit trail)');
  const seeded = rows[0].changes;
  const counts = await tableCounts(client);
  const facts = await benchFacts(client, demo, bench);
  const safeUrl = new URL(url);
  safeUrl.password = '';
  const document = {
    generatedAt: new Date().toISOString(),
    database: safeUrl.toString(),
    seed: seeded.seed.after,
    commitments: seeded.commitments.after,
    assignments: seeded.assignments.after,
    password: 'tansiq-demo-2025',
    ...facts,
    rows: counts,
    seconds: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Number(v.toFixed(1))])),
  };
  writeFileSync(out, JSON.stringify(document, null, 2) + '\n');
  return { facts, counts };
}

async function main() {
  const opts = options();
  if (opts.help) {
    console.log(readUsage());
    return 0;
  }
  const started = performance.now();
  if (existsSync(join(ROOT, '.env'))) process.loadEnvFile(join(ROOT, '.env'));
  const modules = {
    config: await app('platform/config/config.js'),
    server: await app('platform/database/database-server.js'),
    audit: await app('platform/audit/audit.service.js'),
    dataSource: await app('data-source.js'),
    logKey: await app('audit/log/log-key.js'),
    sequencer: await app('audit/log/log-sequencer.service.js'),
    verification: await app('audit/log/log-verification.service.js'),
  };
  const config = { ...modules.config.loadConfig(), logLevel: 'warn' };
  if (config.databaseUrl) await ensureDatabase(config.databaseUrl);
  const server = await modules.server.openDatabaseServer(config);
  const client = new pg.Client({ connectionString: server.url });
  try {
    await client.connect();
    if (opts.factsOnly) {
      await writeFacts(client, server.url, opts.out, await demoIds(client), await benchPeople(client));
      console.log(`Wrote ${opts.out} for the scale data already in the database.`);
      return 0;
    }
    await prepare(client, opts.reset);
    const timings = {};
    let t = performance.now();
    seedDemo(server.url);
    timings['migrations+demo'] = (performance.now() - t) / 1000;
    await client.query(`SET synchronous_commit = off`);
    await client.query(`SET work_mem = '256MB'`);
    // The statements are long expressions over many rows: JIT would compile them for ~2 s each.
    await client.query(`SET jit = off`);
    for (const sql of SESSION_FUNCTIONS) await client.query(sql);
    const demo = await demoIds(client);
    const today = new Date(Math.floor(Date.now() / DAY) * DAY);
    const ctx = {
      today: today.toISOString(),
      threeYearsAgo: new Date(today.getTime() - 3 * 365 * DAY).toISOString(),
      monthAgo: new Date(today.getTime() - 30 * DAY).toISOString().slice(0, 10),
    };
    const plan = buildPlan({ commitments: opts.commitments, committees: opts.committees, today });
    t = performance.now();
    await seedRegistry(client, plan, opts.seed, demo, ctx);
    await createContext(client);
    timings.registry = (performance.now() - t) / 1000;
    const progress = new Progress();
    await seedWork(client, plan, opts.seed, progress, timings);
    const bench = await benchPeople(client);
    t = performance.now();
    await seedBenchAssignees(client, plan, opts.seed, demo, bench);
    timings['bench assignees'] = (performance.now() - t) / 1000;
    await seedAudit(client, progress, timings);
    await recordSeed(server.url, modules, {
      commitments: { after: opts.commitments },
      assignments: { after: plan.assignments },
      committees: { after: opts.committees },
      seed: { after: opts.seed },
    });
    await sequenceLog(client, server.url, modules, config, progress, timings);
    t = performance.now();
    process.stderr.write('VACUUM ANALYZE …');
    // Settles the fresh rows (visibility map, hint bits, statistics) now, so that neither the
    // planner's guesses nor autovacuum disturb the first benchmark run.
    await client.query('VACUUM (ANALYZE)');
    timings['vacuum analyze'] = (performance.now() - t) / 1000;
    process.stderr.write(` ${timings['vacuum analyze'].toFixed(1)}s\n`);
    let verification = null;
    if (opts.verify) {
      t = performance.now();
      process.stderr.write('Verifying the verifiable log with the application …');
      verification = await verifyLog(server.url, modules, config);
      timings.verify = (performance.now() - t) / 1000;
      process.stderr.write(` ${timings.verify.toFixed(1)}s\n`);
    }
    const { facts, counts } = await writeFacts(client, server.url, opts.out, demo, bench, timings);
    summary({ facts, counts, timings, started, opts, verification });
    return verification && !verification.ok ? 1 : 0;
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
  }
}

function readUsage() {
  return `usage: npm run seed:scale -- [--commitments N] [--committees C] [--seed S] [--reset] [--no-verify] [--out FILE] [--facts-only]
  --commitments N  commitments to create (default 1000000); assignments: N/5
  --committees C   committees in all, the 5 demo ones included (default 50)
  --seed S         seed of the draws (default 42): same seed, same rows
  --reset          drop and re-create the public schema first (all data in it goes)
  --no-verify      skip the verification of the log at the end
  --out FILE       where the benchmark facts go (default bench/.scale.json)
  --facts-only     seed nothing: write the facts of the scale data already there
DATABASE_URL names the database (created when missing); unset: the embedded one.
LOG_SIGNING_KEY / LOG_ORIGIN: the log's key and name, as the application reads them (unset: the
development key in DATA_DIR, created when missing).`;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`\nseed:scale failed: ${error instanceof Error ? error.message : error}`);
    if (process.env.DEBUG) console.error(error);
    process.exit(1);
  },
);
