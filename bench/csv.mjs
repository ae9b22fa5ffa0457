// `npm run bench:csv`: exports 100,000 commitments as CSV through HTTP and samples the server's
// memory meanwhile (issue 13, acceptance 2). Creates a database `<db>_csv` on DATABASE_URL's server,
// migrates it and loads the demo data with the build's own seed, adds a committee holding
// 100,000 commitments (one INSERT … SELECT: the export is measured, not the writes), starts the
// built app as `npm start` runs it (production mode, the same heap flags), and downloads
// `GET /api/v1/committees/{id}/commitments?format=csv` as the demo admin while reading the app's
// RSS (/proc) every 20 ms. The reader stops reading for 3 s after the first megabyte: a server
// that did not respect back-pressure would buffer the rest meanwhile. Prints the rows, bytes,
// time and the RSS growth over the export (the peak sampled minus the RSS just before it), and
// fails when the growth reaches 50 MB or a row is missing. Drops its database at the end, on
// failure and on Ctrl-C too. See README, "Benchmarks".
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { login, startApp } from './lib/app.mjs';
import { memoryOf, run, stopAll, stopChildrenOnExit } from './lib/children.mjs';
import { databaseOf, dropDatabase, freshDatabase } from './lib/databases.mjs';
import { closeConnections, expectOk, request } from './lib/http.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PRELOAD = pathToFileURL(join(repoRoot, 'bench/count-statements.mjs')).href;
const log = (line) => console.error(line);
const LIMIT_MB = 50;

const USAGE = `usage: DATABASE_URL=postgres://…/NAME npm run bench:csv -- [options]

  --rows N       commitments to export (default 100000)
  --pause-ms N   how long the reader stops reading after the first megabyte (default 3000)

DATABASE_URL names the PostgreSQL server and a base name: the bench creates NAME_csv there
(dropping a leftover of an earlier run) and drops it at the end.`;

function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '100000' },
      'pause-ms': { type: 'string', default: '3000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { help: true };
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: it names the server and the base name of the database');
  const integer = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min} (got "${values[name]}")`);
    return n;
  };
  return { help: false, databaseUrl, rows: integer('rows', 1), pauseMs: integer('pause-ms', 0) };
}

const undo = [];
async function cleanup() {
  await stopAll();
  for (const step of undo.reverse()) {
    try {
      await step();
    } catch (error) {
      log(`  cleanup: ${error.message}`);
    }
  }
}

/** A signing key named as the app names its log (production requires one). */
async function logEnv() {
  const dist = (path) => import(pathToFileURL(join(repoRoot, 'dist/src', path)).href);
  const { loadConfig } = await dist('platform/config/config.js');
  const { generateKey } = await dist('audit/log/signed-note.js');
  const origin = loadConfig({ LOG_ORIGIN: process.env.LOG_ORIGIN }).log.origin;
  return { LOG_ORIGIN: origin, LOG_SIGNING_KEY: generateKey(origin).skey };
}

/** A committee of the demo's first two parties holding `rows` commitments; @returns its id. */
async function loadCommitments(url, rows) {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const [parties] = (
      await db.query(
        `SELECT array_agg(id ORDER BY code) AS ids FROM (SELECT id, code FROM parties ORDER BY code LIMIT 2) p`,
      )
    ).rows;
    const [{ id }] = (
      await db.query(
        `INSERT INTO committees (version, code, name_en, name_ar, mandate, status, time_zone, established_on)
         VALUES (1, 'BENCH-CSV', 'Bench committee for the CSV export', 'لجنة قياس التصدير', '', 'active', 'Asia/Beirut', date '2025-01-01')
         RETURNING id`,
      )
    ).rows;
    await db.query(`INSERT INTO committee_parties (committee_id, party_id) SELECT $1, unnest($2::uuid[])`, [
      id,
      parties.ids,
    ]);
    // Titles in Arabic and English, a third with a formula to neutralise, descriptions of ~120 characters.
    await db.query(
      `INSERT INTO commitments (version, committee_id, owner_party_id, title, description, status, progress, due_on)
       SELECT 1, $1, ($2::uuid[])[1 + g % 2],
              CASE g % 3 WHEN 0 THEN 'تبادل المعلومات عن شبكات التهريب ' || g
                         WHEN 1 THEN 'Joint patrols at the crossing, batch ' || g
                         ELSE '=HYPERLINK("https://example.invalid/' || g || '")' END,
              repeat('Details of the pledge and its follow-up. ', 3),
              (ARRAY['pending', 'in_progress', 'fulfilment_claimed', 'fulfilled', 'withdrawn'])[1 + g % 5]::commitment_status,
              g % 101, date '2025-01-01' + (g % 900)
         FROM generate_series(1, $3::int) g`,
      [id, parties.ids, rows],
    );
    await db.query('ANALYZE commitments');
    return id;
  } finally {
    await db.end();
  }
}

/**
 * Downloads `url` (the whole body, counted, not kept), pausing `pauseMs` after the first
 * megabyte; @returns `{ status, headers, bytes, lines }`.
 */
function download(url, token, pauseMs) {
  return new Promise((resolveDownload, reject) => {
    const req = httpRequest(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv' } }, (res) => {
      let bytes = 0;
      let lines = 0;
      let paused = false;
      res.on('data', (chunk) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        if (!paused && bytes > 1_000_000 && pauseMs > 0) {
          paused = true;
          res.pause();
          setTimeout(() => res.resume(), pauseMs);
        }
      });
      res.on('end', () => resolveDownload({ status: res.statusCode, headers: res.headers, bytes, lines }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  if (options.help) return console.log(USAGE);
  stopChildrenOnExit(cleanup);
  const dbName = `${databaseOf(options.databaseUrl)}_csv`;
  const url = await freshDatabase(options.databaseUrl, dbName);
  undo.push(() => dropDatabase(options.databaseUrl, dbName));
  const scratch = mkdtempSync(join(tmpdir(), 'tansiq-csv-'));
  undo.push(() => rmSync(scratch, { recursive: true, force: true }));
  const env = await logEnv();
  log(`database ${dbName}: migrations and demo data by the build's seed`);
  await run(process.execPath, [join(repoRoot, 'dist/src/seed-cli.js')], {
    cwd: scratch,
    env: { ...process.env, ...env, NODE_ENV: 'development', DATABASE_URL: url, DATA_DIR: join(scratch, 'data') },
  });
  log(`${options.rows.toLocaleString('en-US')} commitments in one committee`);
  const committeeId = await loadCommitments(url, options.rows);
  const app = await startApp(repoRoot, url, PRELOAD, 3_600, env);
  const token = await login(app.base, 'admin@tansiq.demo', 'tansiq-demo-2025');
  const path = `/api/v1/committees/${committeeId}/commitments`;
  // Warm up: the routes, the statements, a small export.
  for (let i = 0; i < 5; i++) expectOk('warm-up', await request(`${app.base}${path}?limit=200`, { token }));
  await download(`${app.base}/api/v1/committees?format=csv`, token, 0);
  await sleep(500);

  const baseline = memoryOf(app.child.pid).rssMb;
  let maxRss = baseline;
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rssMb } = memoryOf(app.child.pid);
      if (rssMb !== null) maxRss = Math.max(maxRss, rssMb);
      samples++;
      await sleep(20);
    }
  })();
  const started = performance.now();
  const result = await download(`${app.base}${path}?format=csv`, token, options.pauseMs);
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  const after = memoryOf(app.child.pid);
  const growth = maxRss - baseline;
  const rows = result.lines - 1;
  const ok = result.status === 200 && rows === options.rows && growth < LIMIT_MB;
  const mb = (n) => `${n.toFixed(1)} MB`;
  console.log(
    [
      '### CSV export: commitments through HTTP, server memory sampled',
      '',
      `- ${result.headers['content-type']}; ${result.headers['content-disposition']}`,
      `- rows: ${rows.toLocaleString('en-US')} of ${options.rows.toLocaleString('en-US')} (plus the header row)`,
      `- bytes: ${(result.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s (the reader paused ${options.pauseMs} ms after the first MB)`,
      `- server RSS: ${mb(baseline)} before, ${mb(maxRss)} at most during the export (${samples} samples), ${mb(after.rssMb)} after; peak of the process ${mb(after.peakMb)}`,
      `- **RSS growth during the export: ${mb(growth)}** (limit ${LIMIT_MB} MB): ${ok ? 'pass' : 'FAIL'}`,
      '',
      JSON.stringify({
        rows,
        bytes: result.bytes,
        seconds,
        baselineMb: baseline,
        maxRssMb: maxRss,
        growthMb: growth,
        ok,
      }),
    ].join('\n'),
  );
  if (!ok) process.exitCode = 1;
}

main()
  .catch((error) => {
    console.error(error.stack ?? error.message);
    process.exitCode = 1;
  })
  .finally(async () => {
    closeConnections();
    await cleanup();
  });
