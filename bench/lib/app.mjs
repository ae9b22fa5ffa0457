// The built app (dist/src/main.js) as a child process, configured for measuring: production mode,
// warnings only in the log, a generated JWT secret, access tokens that outlive the bench.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk, request } from './http.mjs';
import { freePort, start, waitUntilServing } from './children.mjs';

/** Settings that would make the app write something other than what is measured. */
const DROPPED = ['BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD', 'SEED_DEMO', 'PORT', 'HOST'];

/**
 * Starts the app on a free port with the statement counter preloaded and waits for
 * `/health/ready`. Resolves to `{ child, base }`; throws with the app's output when it fails.
 */
export async function startApp(repoRoot, databaseUrl, preloadUrl, tokenTtlSeconds) {
  const main = join(repoRoot, 'dist/src/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build (npm run bench builds first)`);
  const port = await freePort();
  const env = { ...process.env };
  for (const name of DROPPED) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ACCESS_TOKEN_TTL_SECONDS: String(tokenTtlSeconds),
    SEED_DEMO: 'false',
  });
  // The heap flags of `npm start` (package.json), so the bench measures what production runs.
  const heap = ['--max-semi-space-size=32', '--max-old-space-size=192'];
  const child = start(process.execPath, [...heap, '--import', preloadUrl, main], { cwd: repoRoot, env, ipc: true });
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
