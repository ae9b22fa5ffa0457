import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, realpathSync, readlinkSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from '../support/test-database.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Every server this file started, so a failing test never leaves one (and its PostgreSQL) running. */
const running = new Set<Started>();

function start(env: Record<string, string>): Started {
  let output = '';
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = { child, output: () => output, exited };
  running.add(started);
  void exited.then(() => running.delete(started));
  return started;
}

/** Stops what a failed test left running: SIGTERM lets the app stop its embedded PostgreSQL. */
async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(async (s) => {
      s.child.kill('SIGTERM');
      const stopped = await Promise.race([
        s.exited.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 15_000)),
      ]);
      if (!stopped) s.child.kill('SIGKILL');
    }),
  );
}

/** Waits for a line of output; the access log is written after the response, asynchronously. */
async function waitForLine(
  started: Started,
  test: (line: string) => boolean,
  timeoutMs = 10_000,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = started.output().split('\n').find(test);
    if (line || Date.now() > deadline) return line;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForReady(base: string, started: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`server exited early:\n${started.output()}`);
    const status = await fetch(`${base}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready within ${timeoutMs} ms:\n${started.output()}`);
}

function postgresProcessesFor(dataDir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dataDir) && !line.includes('ps -eo'));
}

/** The zero-setup path of `npm start`: embedded PostgreSQL, migrations, serve, stop cleanly, restart on the same data. */
describe('zero-setup start (no DATABASE_URL)', () => {
  const home = mkdtempSync(join(tmpdir(), 'tansiq-start-'));
  const dataDir = join(home, 'data');
  // As a newcomer runs it (jest's NODE_ENV=test would give the log a key for the process only).
  const env = () => ({
    NODE_ENV: 'development',
    DATABASE_URL: '',
    TEST_DATABASE_URL: '',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
  });

  beforeAll(() => chmodSync(home, 0o755));
  afterAll(async () => {
    await stopAll();
    rmSync(home, { recursive: true, force: true });
  });

  it('starts, serves health and docs, stops on SIGTERM without leftovers, and reuses the data on the next start', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;

    const first = start({ ...env(), PORT: String(port), LOG_LEVEL: 'info' });
    await waitForReady(base, first);

    // JSON access logs carry the request id and never the credentials.
    const probe = await fetch(`${base}/api/v1/me`, {
      headers: { authorization: 'Bearer super-secret-token', 'x-request-id': 'log-check-1' },
    });
    expect(probe.status).toBe(401);
    const line = await waitForLine(first, (l) => l.includes('"log-check-1"') && l.includes('request completed'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      level: 30,
      req: { id: 'log-check-1', headers: { authorization: '[redacted]' } },
      res: { statusCode: 401 },
    });
    expect(first.output()).not.toContain('super-secret-token');
    expect(first.output()).toContain(`${base}/docs`);
    expect(first.output()).toMatch(/admin\s+admin@tansiq\.demo\s+\(created now\)/);
    expect((await fetch(`${base}/docs`)).status).toBe(200);
    const doc = (await (await fetch(`${base}/docs/openapi.json`)).json()) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@tansiq.demo', password: 'tansiq-demo-2025' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const committees = (await (
      await fetch(`${base}/api/v1/committees`, { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()) as {
      items: { code: string }[];
    };
    expect(committees.items.map((c) => c.code)).toContain('LB-SY-NARC');
    expect(committees.items).toHaveLength(5);

    const pgPort = /on port (\d+)/.exec(first.output())![1];
    const url = `postgres://postgres@127.0.0.1:${pgPort}/tansiq`;
    await sql(url, `CREATE TABLE start_marker (note text)`);
    await sql(url, `INSERT INTO start_marker VALUES ('kept')`);

    // The log: its key generated once into the data folder (owner only), the demo's events
    // sequenced by the running app's own timer and covered by a signed checkpoint.
    const keyFile = join(dataDir, 'log-signing.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/^PRIVATE\+KEY\+tansiq\.local\/audit-log\+[0-9a-f]{8}\+/);
    const logged = async () => {
      const [row] = await sql<{ events: string; leaves: string; checkpoint: string | null }>(
        url,
        `SELECT (SELECT count(*) FROM audit_events) AS events, (SELECT count(*) FROM log_leaves) AS leaves,
                (SELECT max(tree_size) FROM log_checkpoints) AS checkpoint`,
      );
      return Number(row!.events) > 0 && row!.leaves === row!.events && row!.checkpoint === row!.events;
    };
    const deadline = Date.now() + 5_000;
    while (!(await logged()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await logged()).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const pgData = lstatSync(join(dataDir, 'pg')).isSymbolicLink()
      ? readlinkSync(join(dataDir, 'pg'))
      : realpathSync(join(dataDir, 'pg'));
    expect(postgresProcessesFor(pgData)).toEqual([]);

    const port2 = await freePort();
    const second = start({ ...env(), PORT: String(port2) });
    await waitForReady(`http://127.0.0.1:${port2}`, second);
    expect(second.output()).not.toContain('Applied migrations');
    expect(second.output()).toContain('admin@tansiq.demo');
    expect(second.output()).not.toContain('(created now)');
    const pgPort2 = /on port (\d+)/.exec(second.output())![1];
    expect(await sql(`postgres://postgres@127.0.0.1:${pgPort2}/tansiq`, `SELECT note FROM start_marker`)).toEqual([
      { note: 'kept' },
    ]);

    expect(readFileSync(keyFile, 'utf8')).toBe(key);

    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(postgresProcessesFor(pgData)).toEqual([]);
  });
});
