// Command line and environment of `npm run bench`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `usage: DATABASE_URL=postgres://… npm run bench -- [options]

  --duration S       seconds per measured run (default 10)
  --rounds N         rounds per endpoint; the median is reported (default 3)
  --warmup S         seconds of load on each side before an endpoint's measured rounds, not
                     counted: both servers' code paths compiled by the JIT first (default 3, 0: none)
  --connections N    autocannon connections (default 32)
  --sequential N     requests of the sequential run that counts SQL statements (default 20)
  --json-out FILE    also write every result as one JSON document to FILE
  --floor-dir DIR    the reference floor's folder (default: $FLOOR_DIR, else ../shared/bench)
  --no-floor         measure Tansiq only (ratios print as —)
  --only KEYS        only the endpoints (and flatness pairs) whose key starts with one of these,
                     comma-separated (e.g. --only reports or --only commitments.list,updates)
  --app-env N=V      a setting of the app for this run, repeatable (e.g. --app-env LIST_CACHE_PAGES=0
                     measures the commitments list without its kept pages)

environment:
  DATABASE_URL        the database Tansiq serves (migrated and seeded: npm run seed:demo or seed:scale)
  FLOOR_DIR           the reference floor's folder, relative to the repository root (default ../shared/bench)
  FLOOR_DATABASE_URL  where the floor puts its schema "ref" (default: DATABASE_URL)
  FLOOR_COMMITMENTS   rows of the floor's data set (default 200000)
  FLOOR_COMMITTEES    committees of the floor's data set (default 50, as floor.sh)`;

function positiveInt(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got "${value}")`);
  return n;
}

/** `--app-env NAME=VALUE` settings as an object; throws on a malformed one. */
function appEnvOf(pairs) {
  const env = {};
  for (const pair of pairs) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match) throw new Error(`--app-env must be NAME=VALUE with an upper-case NAME (got "${pair}")`);
    env[match[1]] = match[2];
  }
  return env;
}

function nonNegativeInt(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a whole number of seconds, 0 or more (got "${value}")`);
  return n;
}

/**
 * Reads argv and the environment. Throws an Error whose message is fit for the user.
 * `floorDir` is null when the floor is off or its folder does not exist (`floorMissing` says which).
 */
export function readOptions(argv, env, repoRoot) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      sequential: { type: 'string', default: '20' },
      'json-out': { type: 'string' },
      'floor-dir': { type: 'string' },
      'no-floor': { type: 'boolean', default: false },
      only: { type: 'string' },
      'app-env': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { help: true };
  const databaseUrl = env.DATABASE_URL?.trim();
  if (!databaseUrl)
    throw new Error(
      'DATABASE_URL is not set: the bench measures Tansiq against a database you seeded, e.g.\n' +
        '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tansiq_scale npm run seed:scale\n' +
        '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tansiq_scale npm run bench',
    );
  const floorDir = resolve(repoRoot, values['floor-dir'] ?? env.FLOOR_DIR ?? '../shared/bench');
  const floorPresent = !values['no-floor'] && existsSync(resolve(floorDir, 'server.mjs'));
  return {
    help: false,
    databaseUrl,
    duration: positiveInt('--duration', values.duration),
    rounds: positiveInt('--rounds', values.rounds),
    warmup: nonNegativeInt('--warmup', values.warmup),
    connections: positiveInt('--connections', values.connections),
    sequential: positiveInt('--sequential', values.sequential),
    jsonOut: values['json-out'] ? resolve(values['json-out']) : null,
    appEnv: appEnvOf(values['app-env']),
    only: values.only
      ? values.only
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
      : null,
    floor: {
      dir: floorPresent ? floorDir : null,
      wanted: !values['no-floor'],
      lookedIn: floorDir,
      databaseUrl: env.FLOOR_DATABASE_URL?.trim() || databaseUrl,
      commitments: positiveInt('FLOOR_COMMITMENTS', env.FLOOR_COMMITMENTS ?? '200000'),
      committees: positiveInt('FLOOR_COMMITTEES', env.FLOOR_COMMITTEES ?? '50'),
    },
  };
}
