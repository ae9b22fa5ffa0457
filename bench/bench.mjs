// `npm run bench`: Tansiq measured side by side with the reference floor in one run.
// Starts the built app and the floor (FLOOR_DIR) against the same PostgreSQL server, drives each
// endpoint with autocannon, alternating floor and Tansiq, and prints per endpoint a markdown table
// and one JSON line (req/s, p50, p99, ratio to the floor, SQL statements per request), then the
// one-connection flatness (small against big) and the app's memory. Progress goes to stderr,
// results to stdout (and --json-out FILE); nothing is written into the repository.
// See README, "Benchmarks".
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { logSigningKey, login, loginFirst, startApp } from './lib/app.mjs';
import { memoryOf, stopAll, stopChildrenOnExit, wasInterrupted } from './lib/children.mjs';
import { startFloor } from './lib/floor.mjs';
import { closeConnections } from './lib/http.mjs';
import { logProbe } from './lib/log-probe.mjs';
import { loaded, median, oneConnection, settled, statementsPerRequest } from './lib/measure.mjs';
import { USAGE, readOptions } from './lib/options.mjs';
import { SPREAD, endpoints, flatnessPairs } from './lib/plan.mjs';
import * as report from './lib/report.mjs';
import { findTargets, readScaleHints } from './lib/targets.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PRELOAD = pathToFileURL(join(repoRoot, 'bench/count-statements.mjs')).href;
const log = (line) => console.error(line);

/** Access tokens must outlive the run: twice its estimated length, at least an hour, at most a day. */
function tokenTtl({ duration, rounds }) {
  return Math.min(86_400, Math.max(3_600, 2 * (duration * rounds * 13 + 600)));
}

/** The targets in Tansiq's database (see targets.mjs), with readable errors. */
async function discover(options) {
  const db = new pg.Client({ connectionString: options.databaseUrl });
  await db.connect().catch((error) => {
    throw new Error(`cannot connect to DATABASE_URL: ${error.message}`, { cause: error });
  });
  try {
    const hints = readScaleHints(join(repoRoot, 'bench/.scale.json'), options.databaseUrl);
    return await findTargets(db, hints, 1 + SPREAD + options.connections);
  } catch (error) {
    if (error.code === '42P01')
      throw new Error(
        `the database has no Tansiq tables (${error.message}): run npm run seed:demo or seed:scale first`,
        { cause: error },
      );
    throw error;
  } finally {
    await db.end();
  }
}

/** Starts the app and the floor and logs in: the sides every measurement uses. */
async function startSides(options, targets) {
  const ttl = tokenTtl(options);
  log('starting Tansiq (dist/src/main.js)');
  const app = await startApp(repoRoot, options.databaseUrl, PRELOAD, ttl, {
    LOG_SIGNING_KEY: await logSigningKey(repoRoot),
    ...options.appEnv,
  });
  const probe = await logProbe(options.databaseUrl);
  let floor = null;
  if (options.floor.dir) {
    log(`starting the floor from ${options.floor.dir}`);
    floor = await startFloor(options.floor, PRELOAD, ttl, log);
  }
  const secretary = {
    name: 'Tansiq',
    base: app.base,
    child: app.child,
    token: await login(app.base, targets.secretary.email, targets.password),
    caughtUp: probe?.caughtUp,
  };
  const as = (user) => user && { ...user, side: { ...secretary, token: user.token } };
  const many = as(await loginFirst(app.base, targets.manyAssignments, targets.password));
  const others = targets.fewAssignments.filter((p) => p.email !== many?.email);
  const few = as(await loginFirst(app.base, others, targets.password));
  const floorSide = floor && { name: 'floor', base: floor.base, token: floor.token, child: floor.child };
  return { app, floor, floorSide, secretary, many, few, probe };
}

function runLine(round, options, name, result) {
  return (
    `  round ${round + 1}/${options.rounds} ${name.padEnd(6)} ${result.rps.toFixed(1)} req/s, p50 ${result.p50} ms, ` +
    `p99 ${result.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`
  );
}

/** Medians of the runs; non-2xx and errors summed over them. */
function summarize(subject) {
  if (!subject) return null;
  const { runs } = subject;
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    statements: subject.statements,
  };
}

/** Statements, then `rounds` loaded runs alternating floor and Tansiq (each on an idle server). */
async function measureEndpoint(endpoint, tansiqSide, floorSide, options) {
  const tansiq = { side: tansiqSide, workload: endpoint.tansiq, runs: [] };
  const floor = floorSide && endpoint.floor ? { side: floorSide, workload: endpoint.floor, runs: [] } : null;
  log(`\n${endpoint.title}`);
  for (const subject of [tansiq, floor].filter(Boolean))
    subject.statements = await statementsPerRequest(subject.side, subject.workload, options.sequential, endpoint.key);
  // Not counted: the first seconds of load on a freshly started server measure its JIT warming up.
  if (options.warmup > 0)
    for (const subject of [tansiq, floor].filter(Boolean)) {
      await settled(subject.side);
      await loaded(subject.side, subject.workload, { ...options, duration: options.warmup });
    }
  for (let round = 0; round < options.rounds; round++) {
    const order = floor ? (round % 2 === 0 ? [floor, tansiq] : [tansiq, floor]) : [tansiq];
    for (const subject of order) {
      for (const side of [tansiqSide, floorSide]) if (side) await settled(side);
      const result = await loaded(subject.side, subject.workload, options);
      subject.runs.push(result);
      log(runLine(round, options, subject.side.name, result));
    }
  }
  return report.endpointJson(endpoint.key, summarize(tansiq), summarize(floor));
}

/** p50 with one connection, small against big, median of rounds (alternating which goes first). */
async function measureFlatness(pair, options) {
  const runs = { small: [], big: [] };
  log(`\n${pair.key}: one connection, small against big`);
  for (let round = 0; round < options.rounds; round++) {
    for (const which of round % 2 === 0 ? ['small', 'big'] : ['big', 'small']) {
      const { side, path } = pair[which];
      await settled(side);
      const result = await oneConnection(side, path, options.duration, `${pair.key} (${which})`);
      runs[which].push(result);
      log(
        `  round ${round + 1}/${options.rounds} ${which.padEnd(5)} p50 ${result.p50.toFixed(2)} ms (${result.requests} requests)`,
      );
    }
  }
  const pick = (list) => ({ p50: median(list.map((r) => r.p50)), p99: median(list.map((r) => r.p99)) });
  return report.flatnessJson(pair.key, pick(runs.small), pick(runs.big), pair.small.size, pair.big.size);
}

function printEnd(results, flat, memory, options) {
  if (flat.length > 0) {
    console.log(`#### Flatness: one connection, p50 small against big\n\n${report.flatnessTable(flat)}\n`);
    for (const f of flat) console.log(JSON.stringify(f.json));
    console.log('');
  }
  const settings = `median of ${options.rounds} round(s), ${options.duration} s each, ${options.connections} connections`;
  console.log(`#### Summary (${settings})\n\n${report.summaryTable(results)}\n`);
  console.log(`${report.memoryLine(memory)}\n\n${JSON.stringify(memory)}`);
}

function writeJson(file, options, results, flat, memory) {
  const { duration, rounds, warmup, connections, sequential } = options;
  const document = {
    finishedAt: new Date().toISOString(),
    options: { duration, rounds, warmup, connections, sequential, floorDir: options.floor.dir },
    endpoints: results.map((r) => r.json),
    flatness: flat.map((f) => f.json),
    memory,
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  log(`results written to ${file}`);
}

async function main() {
  const options = readOptions(process.argv.slice(2), process.env, repoRoot);
  if (options.help) return console.log(USAGE);
  stopChildrenOnExit();
  const targets = await discover(options);
  const sides = await startSides(options, targets);
  const idle = memoryOf(sides.app.child.pid);
  console.log(report.header(targets, sides.floor, options, idle));

  // --only: the endpoints (and flatness pairs, keyed `flatness.<endpoint>`) whose key starts with one given.
  const wanted = (key) => !options.only || options.only.some((prefix) => key.startsWith(prefix));
  const results = [];
  for (const endpoint of endpoints(targets, sides, options.connections).filter((e) => wanted(e.key))) {
    const json = await measureEndpoint(endpoint, endpoint.side ?? sides.secretary, sides.floorSide, options);
    results.push({ title: endpoint.title, json });
    console.log(`${report.endpointTable(endpoint.title, json)}\n\n${JSON.stringify(json)}\n`);
  }
  const { pairs, skipped } = flatnessPairs(targets, sides);
  for (const reason of skipped) log(`\nflatness of ${reason}: skipped`);
  const flat = [];
  for (const pair of pairs.filter((p) => wanted(p.key.replace(/^flatness\./, ''))))
    flat.push({ title: pair.title, json: await measureFlatness(pair, options) });

  const floorPeak = sides.floor && memoryOf(sides.floor.child.pid);
  const memory = report.memoryJson(idle, memoryOf(sides.app.child.pid), floorPeak);
  printEnd(results, flat, memory, options);
  if (options.jsonOut) writeJson(options.jsonOut, options, results, flat, memory);
  await sides.probe?.close();
}

try {
  await main();
  await stopAll();
  closeConnections();
} catch (error) {
  if (wasInterrupted()) await new Promise(() => {}); // the signal handler stops the children and exits
  console.error(`\nbench failed: ${error.message}`);
  if (/DATABASE_URL is not set|must be a positive integer|Unknown option|unexpected argument/i.test(error.message))
    console.error(`\n${USAGE}`);
  await stopAll();
  closeConnections();
  process.exit(1);
}
