// `npm run bench:writes`: audited writes before and after the verifiable log, measured in one run.
// Builds the BEFORE commit (--before, default 90fd2d1: the hash chain, one global advisory lock per
// audited write held to commit) in a temporary git worktree, and takes the working tree (built by
// `npm run bench:writes`) as AFTER. Each gets a fresh database on DATABASE_URL's server
// (`<db>_before`, `<db>_after`), migrated and loaded with the demo data by its own build's seed, and
// its own app. Then progress updates (spread over 64 commitments, and on one) in alternating rounds,
// with pg_locks sampled: connections waiting for an advisory lock are writes queued behind each
// other. Prints a table and one JSON line per workload; drops its databases and the worktree at
// the end, on failure and on Ctrl-C too. See README, "Benchmarks".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { login, startApp } from './lib/app.mjs';
import { build, checkOut, describeRef, describeWorkingTree } from './lib/build-ref.mjs';
import { run, stopAll, stopChildrenOnExit, wasInterrupted } from './lib/children.mjs';
import { databaseOf, dropDatabase, freshDatabase } from './lib/databases.mjs';
import { closeConnections, expectOk, request } from './lib/http.mjs';
import { sampleLocks } from './lib/lock-sampler.mjs';
import { logProbe } from './lib/log-probe.mjs';
import { loaded, median, settled, statementsPerRequest } from './lib/measure.mjs';
import { SPREAD, UPDATE_BODY, updatesPath } from './lib/plan.mjs';
import { table } from './lib/report.mjs';
import { findTargets } from './lib/targets.mjs';
import { fixed, rotating } from './lib/workloads.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PRELOAD = pathToFileURL(join(repoRoot, 'bench/count-statements.mjs')).href;
const log = (line) => console.error(line);

/** The last main commit before the verifiable log. */
const DEFAULT_BEFORE = '90fd2d1';

const USAGE = `usage: DATABASE_URL=postgres://…/NAME npm run bench:writes -- [options]

  --before REF       the commit measured as BEFORE (default ${DEFAULT_BEFORE}); AFTER is the working tree
  --duration S       seconds per measured run (default 10)
  --rounds N         rounds per workload, alternating which side goes first; medians (default 3)
  --connections N    autocannon connections (default 32)
  --sequential N     sequential requests counting SQL statements (default 20)
  --json-out FILE    also write every result as one JSON document to FILE

DATABASE_URL names the PostgreSQL server and a base name: the bench creates NAME_before and
NAME_after there (dropping leftovers of an earlier run) and drops them at the end.`;

function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      before: { type: 'string', default: DEFAULT_BEFORE },
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      sequential: { type: 'string', default: '20' },
      'json-out': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { help: true };
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (!databaseUrl)
    throw new Error('DATABASE_URL is not set: it names the server and the base name of the two databases');
  const positive = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got "${values[name]}")`);
    return n;
  };
  return {
    help: false,
    databaseUrl,
    before: values.before,
    duration: positive('duration'),
    rounds: positive('rounds'),
    connections: positive('connections'),
    sequential: positive('sequential'),
    jsonOut: values['json-out'] ? resolve(values['json-out']) : null,
  };
}

/** What to undo at the end, last first; runs once, whatever happened. */
const undo = [];
async function cleanup() {
  while (undo.length > 0) {
    const step = undo.pop();
    try {
      await step();
    } catch (error) {
      log(`  cleanup: ${error.message}`);
    }
  }
}

/** The log's signing key for the AFTER app, named as the app's config names its log (LOG_ORIGIN). */
async function afterLogKey() {
  const dist = (path) => import(pathToFileURL(join(repoRoot, 'dist/src', path)).href);
  const { loadConfig } = await dist('platform/config/config.js');
  const { generateKey } = await dist('audit/log/signed-note.js');
  const origin = loadConfig({ LOG_ORIGIN: process.env.LOG_ORIGIN }).log.origin;
  return { LOG_ORIGIN: origin, LOG_SIGNING_KEY: generateKey(origin).skey };
}

/** Migrations and demo data by the build's own seed (`dist/src/seed-cli.js`), in a scratch folder. */
async function seedDemo(root, url, env, scratch) {
  await run(process.execPath, [join(root, 'dist/src/seed-cli.js')], {
    cwd: scratch,
    env: { ...process.env, ...env, NODE_ENV: 'development', DATABASE_URL: url, DATA_DIR: join(scratch, 'data') },
  });
}

/**
 * The commitments the side's secretary posts progress on: the demo's open ones of their party in
 * their biggest committee, topped up to 1 + SPREAD through the API (`POST /committees/{id}/commitments`,
 * an audited write like any other). Resolves to the ids, the first for the one-commitment workload.
 */
async function commitmentsToUpdate(side, targets) {
  const ids = [...targets.open];
  for (let i = ids.length; i < 1 + SPREAD; i++) {
    const response = await request(`${side.base}/api/v1/committees/${targets.big.id}/commitments`, {
      method: 'POST',
      token: side.token,
      body: { title: `Bench commitment ${i + 1}: joint patrols at the crossings`, ownerPartyId: targets.big.partyId },
    });
    ids.push(expectOk(`create a commitment (${side.name})`, response).body.id);
  }
  return ids;
}

/** Prepares one side: database, seed, app, login, commitments. */
async function prepareSide(name, root, options, env, scratch, ttl) {
  const dbName = `${databaseOf(options.databaseUrl)}_${name}`;
  const url = await freshDatabase(options.databaseUrl, dbName);
  undo.push(() => dropDatabase(options.databaseUrl, dbName));
  log(`${name}: database ${dbName}, migrations and demo data by its own seed`);
  await seedDemo(root, url, env, scratch);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const targets = await findTargets(db, {}, 1 + SPREAD).finally(() => db.end());
  const app = await startApp(root, url, PRELOAD, ttl, env);
  const probe = await logProbe(url);
  if (probe) undo.push(() => probe.close());
  const side = { name, url, base: app.base, child: app.child, caughtUp: probe?.caughtUp, probe };
  side.token = await login(app.base, targets.secretary.email, targets.password);
  side.ids = await commitmentsToUpdate(side, targets);
  side.server = targets.server;
  return side;
}

function workloadsOf(side) {
  return {
    'updates.spread': rotating('POST', side.ids.slice(1, 1 + SPREAD).map(updatesPath), UPDATE_BODY),
    'updates.one': fixed('POST', updatesPath(side.ids[0]), UPDATE_BODY),
  };
}

const WORKLOADS = [
  { key: 'updates.spread', title: `progress updates spread over ${SPREAD} commitments` },
  { key: 'updates.one', title: 'progress update, one commitment' },
];

/** One loaded run with pg_locks sampled meanwhile. */
async function measuredRun(side, workload, options) {
  const sampler = await sampleLocks(side.url);
  let result;
  try {
    result = await loaded(side, workload, options);
  } finally {
    result = { ...result, locks: await sampler.stop() };
  }
  return result;
}

const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

function summarize(runs, statements) {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    advisoryWaiting: mean(runs.map((r) => r.locks.advisory.mean)),
    advisoryWaitingMax: Math.max(...runs.map((r) => r.locks.advisory.max ?? 0)),
    otherLockWaiting: mean(runs.map((r) => r.locks.other.mean)),
    statements,
  };
}

const round = (value, digits) =>
  typeof value === 'number' && Number.isFinite(value) ? Number(value.toFixed(digits)) : null;

/** The JSON line of one workload. */
function workloadJson(key, before, after) {
  const side = (s) => ({
    rps: round(s.rps, 1),
    p50: round(s.p50, 2),
    p99: round(s.p99, 2),
    non2xx: s.non2xx,
    errors: s.errors,
    advisoryWaiting: round(s.advisoryWaiting, 2),
    advisoryWaitingMax: s.advisoryWaitingMax,
    otherLockWaiting: round(s.otherLockWaiting, 2),
    statementsPerRequest: round(s.statements, 2),
  });
  return {
    workload: key,
    before: side(before),
    after: side(after),
    ratio: before.rps ? round(after.rps / before.rps, 3) : null,
  };
}

const cell = (value, digits) => (value === null || value === undefined ? '—' : value.toFixed(digits));

function workloadTable(title, json) {
  const rows = ['before', 'after'].map((name) => {
    const s = json[name];
    return [
      name,
      cell(s.rps, 1),
      cell(s.p50, 1),
      cell(s.p99, 1),
      `${cell(s.advisoryWaiting, 2)} (max ${s.advisoryWaitingMax})`,
      cell(s.otherLockWaiting, 2),
      String(s.non2xx + (s.errors ? ` (+${s.errors} errors)` : '')),
      cell(s.statementsPerRequest, 1),
    ];
  });
  rows.push(['ratio (after/before req/s)', `**${cell(json.ratio, 3)}**`, '', '', '', '', '', '']);
  const header = [
    '',
    'req/s',
    'p50 ms',
    'p99 ms',
    'waiting on advisory lock',
    'waiting on other locks',
    'non-2xx',
    'SQL/request',
  ];
  return `#### ${title}\n\n${table(header, rows)}`;
}

async function measureWorkload({ key, title }, sides, options) {
  log(`\n${title}`);
  const subjects = sides.map((side) => ({ side, workload: workloadsOf(side)[key], runs: [] }));
  for (const subject of subjects)
    subject.statements = await statementsPerRequest(subject.side, subject.workload, options.sequential, key);
  for (let r = 0; r < options.rounds; r++) {
    for (const subject of r % 2 === 0 ? subjects : [...subjects].reverse()) {
      for (const side of sides) await settled(side);
      const result = await measuredRun(subject.side, subject.workload, options);
      subject.runs.push(result);
      log(
        `  round ${r + 1}/${options.rounds} ${subject.side.name.padEnd(6)} ${result.rps.toFixed(1)} req/s, ` +
          `p50 ${result.p50} ms, p99 ${result.p99} ms, waiting on an advisory lock ${result.locks.advisory.mean.toFixed(2)} ` +
          `(max ${result.locks.advisory.max}), non-2xx ${result.non2xx}, errors ${result.errors}`,
      );
    }
  }
  const [before, after] = subjects.map((s) => summarize(s.runs, s.statements));
  return workloadJson(key, before, after);
}

function summaryTable(results) {
  const rows = results.map(({ title, json }) => [
    title,
    `${cell(json.before.rps, 1)} (p50 ${cell(json.before.p50, 1)}, p99 ${cell(json.before.p99, 1)} ms)`,
    `${cell(json.after.rps, 1)} (p50 ${cell(json.after.p50, 1)}, p99 ${cell(json.after.p99, 1)} ms)`,
    `**${cell(json.ratio, 3)}**`,
    `${cell(json.before.advisoryWaiting, 2)} → ${cell(json.after.advisoryWaiting, 2)}`,
  ]);
  return table(['request', 'before req/s', 'after req/s', 'after/before', 'waiting on advisory lock'], rows, [
    false,
    true,
    true,
    true,
    true,
  ]);
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  if (options.help) return console.log(USAGE);
  stopChildrenOnExit(cleanup);
  const before = describeRef(repoRoot, options.before);
  const afterLabel = describeWorkingTree(repoRoot);
  const checkout = checkOut(repoRoot, before.commit, log);
  undo.push(() => checkout.remove());
  await build(checkout.root, log);
  const scratch = mkdtempSync(join(tmpdir(), 'tansiq-writes-'));
  undo.push(() => rmSync(scratch, { recursive: true, force: true }));
  const ttl = Math.min(86_400, Math.max(3_600, 2 * (options.duration * options.rounds * 6 + 600)));
  const logEnv = await afterLogKey();
  const sides = [
    await prepareSide('before', checkout.root, options, logEnv, scratch, ttl),
    await prepareSide('after', repoRoot, options, logEnv, scratch, ttl),
  ];
  const { version, database } = sides[0].server;
  console.log(
    [
      `### Audited writes, before and after the verifiable log`,
      '',
      `- before: ${before.label}`,
      `- after: ${afterLabel}`,
      `- PostgreSQL ${version} (databases ${database} and ${sides[1].server.database}), demo data, ${SPREAD + 1} commitments of the secretary's party`,
      `- ${options.rounds} round(s) of ${options.duration} s per side and workload, alternating, ${options.connections} connections; medians`,
      `- waiting on advisory lock: connections of that database waiting for an advisory lock (pg_locks, not granted), mean of samples every 50 ms`,
      '',
    ].join('\n'),
  );
  const results = [];
  for (const workload of WORKLOADS) {
    const json = await measureWorkload(workload, sides, options);
    results.push({ title: workload.title, json });
    console.log(`${workloadTable(workload.title, json)}\n\n${JSON.stringify(json)}\n`);
  }
  for (const side of sides) await settled(side);
  const logState = await sides[1].probe?.state();
  console.log(`#### Summary\n\n${summaryTable(results)}\n`);
  if (logState)
    console.log(
      `After the runs the AFTER log holds ${logState.treeSize.toLocaleString('en-US')} leaves; ${logState.unsequenced} audit event(s) not yet sequenced.`,
    );
  if (options.jsonOut) {
    const document = {
      finishedAt: new Date().toISOString(),
      before: before.label,
      after: afterLabel,
      options: { duration: options.duration, rounds: options.rounds, connections: options.connections },
      workloads: results.map((r) => r.json),
      afterLog: logState ?? null,
    };
    writeFileSync(options.jsonOut, `${JSON.stringify(document, null, 2)}\n`);
    log(`results written to ${options.jsonOut}`);
  }
}

let failed = false;
try {
  await main();
} catch (error) {
  if (wasInterrupted()) await new Promise(() => {}); // the signal handler stops, cleans up and exits
  failed = true;
  console.error(`\nbench:writes failed: ${error.message}`);
  if (/DATABASE_URL is not set|must be a positive integer|Unknown option|unexpected argument/i.test(error.message))
    console.error(`\n${USAGE}`);
}
await stopAll();
await cleanup();
closeConnections();
process.exit(failed ? 1 : 0);
