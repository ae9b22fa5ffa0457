// The reference floor (FLOOR_DIR, outside this repository): prepared as its floor.sh does it
// (copied into a temp folder, npm install there once, seed.sql run with psql into schema "ref"),
// then started with the statement counter. Nothing of the floor is copied into the repository.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, run, start, waitUntilServing } from './children.mjs';

const FILES = ['package.json', 'server.mjs', 'load.mjs', 'seed.sql'];
const SPREAD = 64;

/** npm as the bench was started with (`npm run bench`), else the one on PATH. */
function npm(args) {
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js') ? [process.execPath, [cli, ...args]] : ['npm', args];
}

/** Copies the floor into os.tmpdir()/tansiq-floor; installs its dependencies when they changed. */
async function install(dir, log) {
  const work = join(tmpdir(), 'tansiq-floor');
  mkdirSync(work, { recursive: true });
  const before = existsSync(join(work, 'package.json')) ? readFileSync(join(work, 'package.json'), 'utf8') : null;
  for (const file of FILES) {
    rmSync(join(work, file), { force: true }); // the originals are read-only: replace, do not overwrite
    writeFileSync(join(work, file), readFileSync(join(dir, file)));
  }
  if (!existsSync(join(work, 'node_modules')) || before !== readFileSync(join(work, 'package.json'), 'utf8')) {
    log(`floor: npm install in ${work}`);
    const [command, args] = npm(['install', '--no-audit', '--no-fund', '--silent']);
    await run(command, args, { cwd: work });
  }
  return work;
}

/** Seeds schema "ref" unless it already holds exactly that many committees and commitments. */
async function seed(work, db, { databaseUrl, committees, commitments }, log) {
  const have = await db
    .query(`SELECT (SELECT count(*) FROM ref.commitments)::int AS n, (SELECT count(*) FROM ref.committees)::int AS c`)
    .then((r) => r.rows[0])
    .catch(() => null);
  if (have?.n === commitments && have?.c === committees) return false;
  log(`floor: seeding schema ref (${committees} committees, ${commitments} commitments) with psql`);
  const args = ['-q', '-X', '-v', 'ON_ERROR_STOP=1', '-v', `committees=${committees}`];
  await run('psql', [...args, '-v', `commitments=${commitments}`, '-f', 'seed.sql', databaseUrl], {
    cwd: work,
  }).catch((error) => {
    if (/ENOENT/.test(error.message))
      throw new Error('psql is not on PATH: the floor is seeded with psql (or run with --no-floor)', { cause: error });
    throw error;
  });
  return true;
}

/** The floor's caller and records, as floor.sh picks them: the first membership, its committee's commitments. */
async function floorTargets(db) {
  const [member] = (
    await db.query(`SELECT committee_id, user_id FROM ref.memberships ORDER BY committee_id, user_id LIMIT 1`)
  ).rows;
  const ids = (
    await db.query(`SELECT id FROM ref.commitments WHERE committee_id = $1 ORDER BY id LIMIT $2`, [
      member.committee_id,
      SPREAD,
    ])
  ).rows.map((r) => r.id);
  const [size] = (
    await db.query(
      `SELECT count(*)::int AS commitments, count(*) FILTER (WHERE status = 'pending')::int AS pending
         FROM ref.commitments WHERE committee_id = $1`,
      [member.committee_id],
    )
  ).rows;
  return { committeeId: member.committee_id, userId: member.user_id, commitmentIds: ids, ...size };
}

/** A token the floor accepts, signed by its own exported sign() (as floor.sh does). */
async function signToken(work, env, userId, ttlSeconds) {
  const claims = JSON.stringify({ sub: userId, exp: Math.floor(Date.now() / 1000) + ttlSeconds });
  const script = `import('./server.mjs').then((m) => { console.log(m.sign(${claims})); process.exit(0); })`;
  const out = await run(process.execPath, ['-e', script], { cwd: work, env });
  const token = out.split('\n').find((line) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(line.trim()));
  if (!token) throw new Error(`the floor's sign() printed no token:\n${out}`);
  return token.trim();
}

/**
 * Prepares and starts the floor. Resolves to `{ child, base, token, committeeId, commitmentIds,
 * commitments, pending, seeded }`; throws a message when it cannot start.
 */
export async function startFloor(options, preloadUrl, tokenTtlSeconds, log) {
  const work = await install(options.dir, log);
  const db = new pg.Client({ connectionString: options.databaseUrl });
  await db.connect();
  try {
    const seeded = await seed(work, db, options, log);
    const targets = await floorTargets(db);
    const port = await freePort();
    const env = { ...process.env, DATABASE_URL: options.databaseUrl, PORT: String(port) };
    const child = start(process.execPath, ['--import', preloadUrl, 'server.mjs'], { cwd: work, env, ipc: true });
    const base = `http://127.0.0.1:${port}`;
    await waitUntilServing(child, 'the floor', `${base}/`, (status) => status > 0, 30_000);
    const token = await signToken(work, env, targets.userId, tokenTtlSeconds);
    return { child, base, token, seeded, ...targets };
  } finally {
    await db.end();
  }
}
