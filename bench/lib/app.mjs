// The built app (dist/src/main.js) as a child process, configured for measuring: production mode,
// warnings only in the log, a generated JWT secret, access tokens that outlive the bench, the
// verifiable log's signing key (production requires one).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import { expectOk, request } from './http.mjs';
import { freePort, start, waitUntilServing } from './children.mjs';

/** Settings that would make the app write something other than what is measured. */
const DROPPED = ['BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD', 'SEED_DEMO', 'PORT', 'HOST'];

/**
 * Starts the app on a free port with the statement counter preloaded and waits for
 * `/health/ready`. `env`: more settings (e.g. LOG_SIGNING_KEY). Resolves to `{ child, base }`;
 * throws with the app's output when it fails.
 */
export async function startApp(repoRoot, databaseUrl, preloadUrl, tokenTtlSeconds, env = {}) {
  const main = join(repoRoot, 'dist/src/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build (npm run bench builds first)`);
  const port = await freePort();
  const childEnv = { ...process.env };
  for (const name of DROPPED) delete childEnv[name];
  Object.assign(childEnv, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ACCESS_TOKEN_TTL_SECONDS: String(tokenTtlSeconds),
    SEED_DEMO: 'false',
    ...env,
  });
  // The heap flags of `npm start` (package.json), so the bench measures what production runs.
  const heap = ['--max-semi-space-size=32', '--max-old-space-size=192'];
  const child = start(process.execPath, [...heap, '--import', preloadUrl, main], {
    cwd: repoRoot,
    env: childEnv,
    ipc: true,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitUntilServing(child, 'Tansiq', `${base}/health/ready`, (status) => status === 200);
  return { child, base };
}

/** An access token for `email`, through POST /api/v1/auth/login. */
export async function login(base, email, password) {
  const response = await request(`${base}/api/v1/auth/login`, { method: 'POST', body: { email, password } });
  return expectOk(`login as ${email}`, response).body.accessToken;
}

/** The first candidate (`{ email }`) that can log in with the password, with its token; null when none. */
export async function loginFirst(base, candidates, password, tries = 3) {
  for (const candidate of candidates.slice(0, tries)) {
    try {
      return { ...candidate, token: await login(base, candidate.email, password) };
    } catch (error) {
      console.error(`  (skipping ${candidate.email}: ${error.message})`);
    }
  }
  return null;
}

/**
 * The log signing key the app at `repoRoot` would use as a development instance, so that its
 * checkpoints extend those `npm run seed:scale` or `seed:demo` signed: LOG_SIGNING_KEY when set,
 * else `<DATA_DIR>/log-signing.key` (src/audit/log/log-key.ts) when it exists, else a key
 * generated for this run (named LOG_ORIGIN). Read from the build; writes nothing.
 */
export async function logSigningKey(repoRoot) {
  const dist = (path) => import(pathToFileURL(join(repoRoot, 'dist/src', path)).href);
  const { loadConfig } = await dist('platform/config/config.js');
  // The app reads `.env` in its folder under the environment (src/main.ts), as seed:scale does.
  const dotEnv = join(repoRoot, '.env');
  const fromFile = existsSync(dotEnv) ? parseEnv(readFileSync(dotEnv, 'utf8')) : {};
  const config = loadConfig({ ...fromFile, ...process.env, NODE_ENV: 'development' }, repoRoot);
  if (config.log.signingKey) return config.log.signingKey;
  const { KEY_FILE } = await dist('audit/log/log-key.js');
  const file = join(config.dataDir, KEY_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const { generateKey } = await dist('audit/log/signed-note.js');
  return generateKey(config.log.origin).skey;
}
