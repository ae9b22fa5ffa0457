import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cosign, formatCheckpoint, generateKey, parseSignerKey, signNote } from '../../src/audit/log/signed-note.js';
import { createApiClient, createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { sql, type TestDatabase } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * `npm run log:verify` as a party runs it: the built CLI in a child process against the real
 * app listening on a port, with a state file of its own. The acceptance case: a superuser who
 * rewrites history and has the server re-sign it fools `GET /audit/verify`, never a party that
 * kept a checkpoint from before.
 */

const VERIFY = 'dist/src/log-verify.js';
const KEYGEN = 'dist/src/log-keygen.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built CLI without blocking this process (the server under test lives in it). */
function runCli(script: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, TANSIQ_TOKEN: '', TANSIQ_API_KEY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The app listening on 127.0.0.1; @returns its base URL. */
async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** A port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs statements as a superuser would, past the append-only triggers and foreign keys. */
function asSuperuser(db: TestDatabase, statements: string): Promise<unknown> {
  return sql(db.url, `BEGIN; SET LOCAL session_replication_role = replica; ${statements}; COMMIT`);
}

/**
 * A dishonest server in front of the real one: forwards every request, but passes the JSON
 * answer of GET `path` through `rewrite`. @returns its base URL and how to stop it.
 */
async function proxy(
  upstream: string,
  path: string,
  rewrite: (body: Record<string, unknown>) => unknown,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createHttpServer((req, res) => {
    const headers: Record<string, string> = {};
    for (const name of ['accept', 'authorization', 'x-api-key', 'content-type'])
      if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      void fetch(`${upstream}${req.url}`, { method: req.method, headers, body })
        .then(async (answer) => {
          let text = await answer.text();
          const type = answer.headers.get('content-type') ?? 'text/plain';
          if (answer.ok && new URL(req.url!, upstream).pathname === path && type.includes('json'))
            text = JSON.stringify(rewrite(JSON.parse(text) as Record<string, unknown>));
          res.writeHead(answer.status, { 'content-type': type }).end(text);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const bearer = (actor: Actor) => actor.headers.authorization!.replace(/^Bearer /, '');

/** `log:verify` run by a party signed in as `actor` (credentials from the environment, as in a cron job). */
const verifyAs = (actor: Actor, url: string, state: string, ...args: string[]) =>
  runCli(VERIFY, ['--url', url, '--state', state, ...args], { TANSIQ_TOKEN: bearer(actor) });
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

interface Served {
  origin: string;
  treeSize: number;
  rootHash: string;
  note: string;
  witnesses: { partyId: string; keyName: string; latestCosigned: { treeSize: number } | null }[];
}

async function checkpointOf(t: TestApp, reader: Actor): Promise<Served> {
  const res = await t.http().get('/api/v1/log/checkpoint').set(reader.headers);
  expect(res.status).toBe(200);
  return res.body as Served;
}

async function serverVerify(t: TestApp, admin: Actor): Promise<Record<string, unknown>> {
  const res = await t.http().get('/api/v1/audit/verify').set(admin.headers);
  expect(res.status).toBe(200);
  return res.body as Record<string, unknown>;
}

beforeAll(() => {
  if (!existsSync(VERIFY) || !existsSync(KEYGEN)) throw new Error('run npm run build first: the CLIs are run as built');
});

describe('a party verifying the log (npm run log:verify)', () => {
  let t: TestApp;
  let url: string;
  let admin: Actor;
  /** The party's own account: any signed-in user may read the log and post cosignatures. */
  let analyst: Actor;
  let f: RegistryFactory;
  let lb: Ref;
  let dir: string;
  let state: string;
  const verify = (...args: string[]) => verifyAs(analyst, url, state, ...args);
  let logKey: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tansiq-log-verify-'));
    state = join(dir, 'lb-state.json');
    t = await createTestApp();
    url = await listen(t);
    admin = await createUser(t, 'admin');
    analyst = await createUser(t, 'analyst');
    f = new RegistryFactory(t, admin);
    lb = await f.party();
    await f.party();
    await t.sequenceLog();
    const res = await t.http().get('/api/v1/log/key').set('accept', 'text/plain');
    expect(res.status).toBe(200);
    logKey = res.text.trim();
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('first run: trusts the announced key on first use, pins it and stores the checkpoint', async () => {
    const served = await checkpointOf(t, admin);
    const ran = await verify();
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain(`trusting on first use: ${logKey} — compare it out of band`);
    expect(ran.stdout).toContain(
      `log tansiq.local/audit-log: checkpoint of ${served.treeSize} leaves, root ${served.rootHash}, signed by the log key`,
    );
    expect(ran.stdout.trim().split('\n').at(-1)).toBe('OK');
    const stored = readJson(state);
    expect(stored).toEqual({
      logKey,
      checkpoint: served.note,
      treeSize: served.treeSize,
      rootHash: served.rootHash,
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it('after more writes: proves the new checkpoint extends the stored one and stores it', async () => {
    const before = readJson(state);
    await f.party();
    await f.party();
    const size = await t.sequenceLog();
    expect(size).toBeGreaterThan(before.treeSize as number);
    const ran = await verify();
    expect(ran.code).toBe(0);
    expect(ran.stdout).not.toContain('trusting on first use');
    expect(ran.stdout).toContain(
      `consistent with the checkpoint you stored on ${before.checkedAt as string}: ${before.treeSize as number} → ${size} leaves, history unchanged`,
    );
    expect(readJson(state)).toMatchObject({
      logKey,
      treeSize: size,
      rootHash: (await checkpointOf(t, admin)).rootHash,
    });
  });

  it('nothing new: the same checkpoint again', async () => {
    const before = readJson(state);
    const ran = await verify('--json');
    expect(ran.code).toBe(0);
    const report = JSON.parse(ran.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      ok: true,
      exitCode: 0,
      origin: 'tansiq.local/audit-log',
      treeSize: before.treeSize,
      rootHash: before.rootHash,
      logKey,
      trustedOnFirstUse: false,
      previous: { treeSize: before.treeSize, rootHash: before.rootHash, checkedAt: before.checkedAt },
      stored: true,
      error: null,
    });
  });

  it('--events: recomputes the newest events and proves those in the checkpoint', async () => {
    await f.party(); // one event, not sequenced yet
    const ran = await verify('--events', '3', '--token', bearer(admin));
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('events: 3 checked, 2 proven in the checkpoint, 1 not in it yet');
    const one = await verify('--events', '1', '--token', bearer(admin));
    expect(one.stdout).toContain('events: 1 checked, 0 proven in the checkpoint, 1 not in it yet');
    expect(one.code).toBe(0);
    // The audit trail is for admins: another user's token cannot check events.
    const notAdmin = await verify('--events', '1');
    expect(notAdmin.code).toBe(2);
    expect(notAdmin.stderr).toContain('ERROR: /api/v1/audit: HTTP 403');
    const without = await runCli(VERIFY, ['--url', url, '--state', state, '--events', '1']);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain("ERROR: --events needs an admin's token (--token or TANSIQ_TOKEN)");
  });

  it('a party witness: keygen, registration by an admin, cosignature posted and then verified', async () => {
    const keyFile = join(dir, 'lb-witness.key');
    const name = `lb-witness-${lb.code as string}`;
    const gen = await runCli(KEYGEN, ['--name', name, '--witness', '--out', keyFile]);
    expect(gen.code).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(new RegExp(`^PRIVATE\\+KEY\\+${name}\\+[0-9a-f]{8}\\+\\S+\\n$`));
    expect(gen.stdout).not.toContain('PRIVATE+KEY');
    const vkey = /^verifier key: (\S+)$/m.exec(gen.stdout)![1]!;
    expect(vkey).toMatch(new RegExp(`^${name}\\+[0-9a-f]{8}\\+`));
    // Never over an existing key.
    expect((await runCli(KEYGEN, ['--name', name, '--witness', '--out', keyFile])).code).toBe(2);

    const put = await t.http().put(`/api/v1/log/witnesses/${lb.id}`).set(admin.headers).send({ verifierKey: vkey });
    expect([200, 201]).toContain(put.status);

    const size = (await checkpointOf(t, admin)).treeSize;
    const signed = await verify('--sign-key', keyFile, '--witness', vkey);
    const id = vkey.split('+').slice(0, 2).join('+');
    // Its first run: there is no cosignature of it yet to cross-check (a warning, not a failure).
    expect(signed.stderr).toBe(
      `WARNING: witness ${id} has not cosigned any checkpoint yet: nothing shows it saw the history you verified ` +
        '(--witness-max-age makes this a failure)\n',
    );
    expect(signed.code).toBe(0);
    expect(signed.stdout).toContain(`witness ${id}: has not cosigned this checkpoint (yet)`);
    expect(signed.stdout).toMatch(new RegExp(`cosignature of ${name} posted for ${size} leaves \\(HTTP 20[01]\\)`));

    const served = await checkpointOf(t, admin);
    expect(served.treeSize).toBe(size);
    expect(served.note).toMatch(new RegExp(`^— ${name} \\S+$`, 'm'));
    expect(served.witnesses).toContainEqual(
      expect.objectContaining({
        partyId: lb.id,
        keyName: name,
        latestCosigned: expect.objectContaining({ treeSize: size }),
      }),
    );

    const again = await verify('--witness', vkey);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(
        `witness ${name}\\+[0-9a-f]{8}: cosigned this checkpoint at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z`,
      ),
    );
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(
      new RegExp(
        `witness ${id.replace('+', '\\+')}: cosigned ${size} leaves at \\S+Z, consistent with what you verified`,
      ),
    );
  });

  it('a cosignature the server refuses (a key no party registered) exits 1, after storing the verified checkpoint', async () => {
    const stranger = generateKey('stranger-witness', 0x04);
    const keyFile = join(dir, 'stranger.key');
    writeFileSync(keyFile, `${stranger.skey}\n`, { mode: 0o600 });
    await f.party();
    const size = await t.sequenceLog();
    const ran = await verify('--sign-key', keyFile);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^FAILED: the server refused the cosignature \(HTTP 403\): .+$/m);
    expect(ran.stderr).not.toContain('was left as it was');
    expect(readJson(state).treeSize).toBe(size);
  });

  it('a witness key that is not a cosigner key, or a sign key of the wrong type: usage errors', async () => {
    const logLike = generateKey('someone', 0x01);
    const ran = await verify('--witness', logLike.vkey);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`--witness ${logLike.vkey} is not a cosigner key (type 0x04)`);
    const keyFile = join(dir, 'log-type.key');
    writeFileSync(keyFile, `${logLike.skey}\n`, { mode: 0o600 });
    const signing = await verify('--sign-key', keyFile);
    expect(signing.code).toBe(2);
    expect(signing.stderr).toContain('is not a cosigner key (type 0x04)');
  });

  it('a log key mismatch fails: --log-key against the pinned key, and a state pinned to another key', async () => {
    const other = generateKey('tansiq.local/audit-log');
    const before = readFileSync(state, 'utf8');

    const flag = await verify('--log-key', other.vkey);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain(
      `FAILED: log key mismatch: the state file pins ${logKey} but --log-key is ${other.vkey}`,
    );
    expect(readFileSync(state, 'utf8')).toBe(before);

    // A state file kept from a log that signs with another key (say, a server replaced wholesale).
    const elsewhere = join(dir, 'other-key-state.json');
    const rootHash = Buffer.alloc(32, 7);
    const note = signNote(formatCheckpoint({ origin: 'tansiq.local/audit-log', size: 1, rootHash }), [
      parseSignerKey(other.skey),
    ]);
    const pinned = JSON.stringify({
      logKey: other.vkey,
      checkpoint: note,
      treeSize: 1,
      rootHash: rootHash.toString('base64'),
      checkedAt: '2026-01-01T00:00:00.000Z',
    });
    writeFileSync(elsewhere, pinned);
    const ran = await verifyAs(analyst, url, elsewhere);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(`FAILED: the checkpoint is not signed by the log key ${other.vkey}`);
    expect(ran.stderr).toContain(`${elsewhere} was left as it was: keep it as evidence.`);
    expect(readFileSync(elsewhere, 'utf8')).toBe(pinned);

    // First run with the key given out of band: no trust on first use, and the wrong one fails.
    const fresh = join(dir, 'fresh-state.json');
    const wrong = await verifyAs(analyst, url, fresh, '--log-key', other.vkey);
    expect(wrong.code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
    // No state file to keep: the output says that nothing was stored, not that a file was kept.
    expect(wrong.stderr).toContain(
      `nothing was stored: ${fresh} did not exist and was not created; keep this output as evidence.`,
    );
    expect(wrong.stderr).not.toContain('was left as it was');
    const right = await verifyAs(analyst, url, fresh, '--log-key', logKey);
    expect(right.code).toBe(0);
    expect(right.stdout).not.toContain('trusting on first use');
    expect(readJson(fresh).logKey).toBe(logKey);
  });

  it("an API client's key reads the log too (TANSIQ_API_KEY), and cosigns unattended with --sign-key", async () => {
    const client = await createApiClient(t);
    const ran = await runCli(VERIFY, ['--url', url, '--state', state], { TANSIQ_API_KEY: client.key });
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('unchanged since the checkpoint you stored on');

    await f.party();
    const size = await t.sequenceLog();
    const signed = await runCli(VERIFY, ['--url', url, '--state', state, '--sign-key', join(dir, 'lb-witness.key')], {
      TANSIQ_API_KEY: client.key,
    });
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);
    expect(signed.stdout).toMatch(
      new RegExp(`cosignature of lb-witness-\\S+ posted for ${size} leaves \\(HTTP 201\\)`),
    );
    const served = await checkpointOf(t, admin);
    expect(served.witnesses).toContainEqual(
      expect.objectContaining({ partyId: lb.id, latestCosigned: expect.objectContaining({ treeSize: size }) }),
    );
  });

  it('usage, credential and network errors exit 2', async () => {
    const anonymous = await runCli(VERIFY, ['--url', url, '--state', state]);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('ERROR: /api/v1/log/checkpoint: HTTP 401');
    const missing = await runCli(VERIFY, ['--url', url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ERROR: --url and --state are required');
    const unknown = await verify('--frobnicate');
    expect(unknown.code).toBe(2);
    const port = await closedPort();
    const closed = await runCli(VERIFY, ['--url', `http://127.0.0.1:${port}`, '--state', join(dir, 'never.json')]);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toContain(
      `ERROR: cannot reach http://127.0.0.1:${port}/api/v1/log/checkpoint: connect ECONNREFUSED`,
    );
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });
});

describe('history rewritten by a superuser (acceptance)', () => {
  let t: TestApp;
  let db: TestDatabase;
  let url: string;
  let admin: Actor;
  /** The party's account (any signed-in user reads the log). */
  let party: Actor;
  let f: RegistryFactory;
  let dir: string;
  /** The state file a party saved before the tampering. */
  let before: string;
  let storedSize: number;
  let storedRoot: string;
  let leafCount: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tansiq-log-tamper-'));
    before = join(dir, 'before.json');
    t = await createTestApp();
    db = t.db;
    url = await listen(t);
    admin = await createUser(t, 'admin');
    party = await createUser(t, 'analyst');
    f = new RegistryFactory(t, admin);
    for (let i = 0; i < 3; i++) await f.party();
    await t.sequenceLog();
    const ran = await verifyAs(party, url, before);
    expect(ran.code).toBe(0);
    ({ treeSize: storedSize, rootHash: storedRoot } = readJson(before) as { treeSize: number; rootHash: string });
    // The log goes on after the party's run: a rewritten history is then longer than the stored one.
    for (let i = 0; i < 3; i++) await f.party();
    leafCount = await t.sequenceLog();
    const later = join(dir, 'later.json');
    copyFileSync(before, later);
    expect((await verifyAs(party, url, later)).code).toBe(0);
    expect(await serverVerify(t, admin)).toMatchObject({ ok: true, treeSize: leafCount });
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t.close({ auditTampered: true });
  });

  const seqAtLeaf = async (index: number): Promise<string> =>
    (
      await sql<{ seq: string }>(db.url, `SELECT event_seq::text AS seq FROM log_leaves WHERE "index" = $1`, [index])
    )[0]!.seq;

  it('(a) one event changed in place: /audit/verify names the altered event', async () => {
    const seq = await seqAtLeaf(2);
    await asSuperuser(db, `UPDATE audit_events SET changes = '{"nameEn": {"after": "Forged"}}' WHERE seq = ${seq}`);
    expect(await serverVerify(t, admin)).toMatchObject({
      ok: false,
      firstBroken: { logIndex: 2, seq, reason: `event ${seq} does not match its leaf 2 (the event was altered)` },
    });
  });

  it('(b) one event deleted: /audit/verify names the missing event', async () => {
    const seq = await seqAtLeaf(1);
    await asSuperuser(db, `DELETE FROM audit_events WHERE seq = ${seq}`);
    expect(await serverVerify(t, admin)).toMatchObject({
      ok: false,
      firstBroken: { logIndex: 1, seq, reason: 'the event of leaf 1 is missing (it was deleted)' },
    });
  });

  it('(c) the tree rebuilt from the tampered events and re-signed: the server cannot tell, the party can', async () => {
    await asSuperuser(
      db,
      'DELETE FROM log_cosignatures; DELETE FROM log_checkpoints; DELETE FROM log_nodes; DELETE FROM log_leaves',
    );
    // The server restarted on the rewritten database: its own sequencer and key sign the new history.
    await t.close({ keepDatabase: true, auditTampered: true });
    t = await createTestApp({ database: db });
    url = await listen(t);
    admin = await createUser(t, 'admin');
    party = await createUser(t, 'analyst');
    const rebuilt = await t.sequenceLog();
    // Every event but the deleted one, and the new accounts'.
    expect(rebuilt).toBeGreaterThan(storedSize);
    expect(await serverVerify(t, admin)).toMatchObject({ ok: true, treeSize: rebuilt, firstBroken: null });

    const kept = readFileSync(before, 'utf8');
    const ran = await verifyAs(party, url, before);
    const served = await checkpointOf(t, admin);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      `FAILED: the log's history was rewritten since the checkpoint you stored on ${readJson(before).checkedAt as string}: ` +
        `the server's checkpoint (${served.treeSize} leaves, root ${served.rootHash}) does not extend yours ` +
        `(${storedSize} leaves, root ${storedRoot}): the consistency proof fails`,
    );
    expect(ran.stderr).toContain(`${before} was left as it was: keep it as evidence.`);
    expect(readFileSync(before, 'utf8')).toBe(kept);

    // A newcomer with no stored checkpoint has nothing to compare with: it sees a well-signed log.
    const newcomer = await verifyAs(party, url, join(dir, 'newcomer.json'));
    expect(newcomer.code).toBe(0);
  });
});

describe('a log tampered with after a party checked it: a forged cosignature, a rollback', () => {
  let t: TestApp;
  let url: string;
  let admin: Actor;
  let dir: string;
  let state: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tansiq-log-rollback-'));
    state = join(dir, 'state.json');
    t = await createTestApp();
    url = await listen(t);
    admin = await createUser(t, 'admin');
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t.close({ auditTampered: true });
  });

  it("a registered witness's cosignature that does not verify on the checkpoint fails", async () => {
    const f = new RegistryFactory(t, admin);
    const party = await f.party();
    const name = `witness-${party.code as string}`;
    const witness = generateKey(name, 0x04);
    const keyFile = join(dir, 'witness.key');
    writeFileSync(keyFile, `${witness.skey}\n`, { mode: 0o600 });
    const put = await t
      .http()
      .put(`/api/v1/log/witnesses/${party.id}`)
      .set(admin.headers)
      .send({ verifierKey: witness.vkey });
    expect(put.status).toBe(200);
    const cosigned = await t.sequenceLog();
    const posted = await verifyAs(admin, url, join(dir, 'witness-state.json'), '--sign-key', keyFile);
    expect(posted.code).toBe(0);
    const [{ line }] = await sql<{ line: string }>(
      t.db.url,
      `SELECT signature_line AS line FROM log_cosignatures WHERE tree_size = $1`,
      [cosigned],
    );

    // The next checkpoint carries that line, though the witness signed the previous one.
    await f.party();
    const next = await t.sequenceLog();
    await sql(
      t.db.url,
      `INSERT INTO log_cosignatures (party_id, tree_size, verifier_key, signature_line, cosigned_at) VALUES ($1, $2, $3, $4, now())`,
      [party.id, next, witness.vkey, line],
    );
    const keyId = witness.vkey.split('+')[1]!;
    const ran = await verifyAs(admin, url, join(dir, 'witness-state.json'), '--witness', witness.vkey);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      `FAILED: the cosignature of witness ${name}+${keyId} does not verify: verifyCosignature: invalid cosignature for key ${name}+${keyId}`,
    );
    // Without --witness the run does not look at cosignatures: the log itself is fine.
    expect((await verifyAs(admin, url, join(dir, 'witness-state.json'))).code).toBe(0);
  });

  it('a smaller tree than the stored checkpoint fails', async () => {
    const f = new RegistryFactory(t, admin);
    await f.party();
    const older = await t.sequenceLog();
    const olderRoot = (await checkpointOf(t, admin)).rootHash;
    await f.party();
    const newer = await t.sequenceLog();
    const ran = await verifyAs(admin, url, state);
    expect(ran.code).toBe(0);
    const { rootHash: newerRoot, checkedAt } = readJson(state) as { rootHash: string; checkedAt: string };

    // The server goes back to its older checkpoint (say, restored from a backup).
    await asSuperuser(t.db, `DELETE FROM log_cosignatures; DELETE FROM log_checkpoints WHERE tree_size > ${older}`);
    expect((await checkpointOf(t, admin)).treeSize).toBe(older);
    const rolledBack = await verifyAs(admin, url, state);
    expect(rolledBack.code).toBe(1);
    expect(rolledBack.stderr).toContain(
      `FAILED: the log was rolled back: the server's checkpoint (${older} leaves, root ${olderRoot}) is smaller than ` +
        `the checkpoint you stored on ${checkedAt} (${newer} leaves, root ${newerRoot})`,
    );
  });
});

/** `<name>+<key ID>`: how the verifier names a witness key. */
const keyIdOf = (vkey: string) => vkey.split('+').slice(0, 2).join('+');
/** The checkpoint text of a signed note (up to and with the blank line's first newline). */
const textOf = (note: string) => note.slice(0, note.indexOf('\n\n') + 1);

interface Witness {
  party: Ref;
  vkey: string;
  skey: string;
  /** The private key's file, as a party keeps it. */
  file: string;
}

describe('witnesses cross-checked: the checkpoint each last cosigned is of the history you verified', () => {
  let t: TestApp;
  let db: TestDatabase;
  let url: string;
  let admin: Actor;
  /** Each side's account (any signed-in user reads the log and posts cosignatures). */
  let user: Actor;
  let f: RegistryFactory;
  let dir: string;
  let lb: Witness;
  let sy: Witness;
  const lbState = () => join(dir, 'lb.json');
  const syState = () => join(dir, 'sy.json');
  const verify = (state: string, ...args: string[]) => verifyAs(user, url, state, ...args);

  async function witness(label: string): Promise<Witness> {
    const party = await f.party();
    const { skey, vkey } = generateKey(`${label}-${party.code as string}`, 0x04);
    const file = join(dir, `${label}.key`);
    writeFileSync(file, `${skey}\n`, { mode: 0o600 });
    const put = await t.http().put(`/api/v1/log/witnesses/${party.id}`).set(admin.headers).send({ verifierKey: vkey });
    expect(put.status).toBe(200);
    return { party, vkey, skey, file };
  }
  const latestOf = async (w: Witness) =>
    (await checkpointOf(t, admin)).witnesses.find((x) => x.partyId === w.party.id)!.latestCosigned as {
      treeSize: number;
      rootHash: string;
      cosignedAt: string;
    } | null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tansiq-log-witness-'));
    t = await createTestApp();
    db = t.db;
    url = await listen(t);
    admin = await createUser(t, 'admin');
    user = await createUser(t, 'analyst');
    f = new RegistryFactory(t, admin);
    lb = await witness('lb');
    sy = await witness('sy');
    await t.sequenceLog();
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t.close({ auditTampered: true });
  });

  it("the other side's last cosigned checkpoint, older than yours or the same, is proven part of your history", async () => {
    const syRun = await verify(syState(), '--sign-key', sy.file);
    expect(syRun.code).toBe(0);
    const cosigned = (await checkpointOf(t, admin)).treeSize;
    await f.party();
    const size = await t.sequenceLog();
    expect(size).toBeGreaterThan(cosigned);
    const syLatest = await latestOf(sy);
    expect(syLatest).toMatchObject({ treeSize: cosigned });

    const lbRun = await verify(lbState(), '--sign-key', lb.file, '--witness', sy.vkey, '--witness-max-age', '24');
    expect(lbRun.stderr).toBe('');
    expect(lbRun.code).toBe(0);
    expect(lbRun.stdout).toContain(`witness ${keyIdOf(sy.vkey)}: has not cosigned this checkpoint (yet)`);
    expect(lbRun.stdout).toContain(
      `witness ${keyIdOf(sy.vkey)}: cosigned ${cosigned} leaves at ${syLatest!.cosignedAt}, consistent with what you verified`,
    );

    // The other way round, on the checkpoint both now cosigned: the same size, the same root.
    const lbLatest = await latestOf(lb);
    expect(lbLatest).toMatchObject({ treeSize: size });
    const back = await verify(syState(), '--sign-key', sy.file, '--witness', lb.vkey, '--json');
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({
      ok: true,
      treeSize: size,
      warnings: [],
      witnesses: [
        {
          key: keyIdOf(lb.vkey),
          cosignedAt: lbLatest!.cosignedAt,
          latestCosigned: { treeSize: size, rootHash: lbLatest!.rootHash, cosignedAt: lbLatest!.cosignedAt },
        },
      ],
    });
  });

  it('a witness with no cosignature warns; --witness-max-age makes it, or one too old, a failure', async () => {
    const xx = await witness('xx');
    await t.sequenceLog();
    const id = keyIdOf(xx.vkey);
    const never = await verify(lbState(), '--witness', xx.vkey);
    expect(never.code).toBe(0);
    expect(never.stderr).toBe(
      `WARNING: witness ${id} has not cosigned any checkpoint yet: nothing shows it saw the history you verified ` +
        '(--witness-max-age makes this a failure)\n',
    );
    const checkedAt = readJson(lbState()).checkedAt;
    const strict = await verify(lbState(), '--witness', xx.vkey, '--witness-max-age', '24');
    expect(strict.code).toBe(1);
    // Stored first (the other side may be waiting for this side's cosignature), then failed.
    expect(strict.stderr).toBe(
      `FAILED: witness ${id} has not cosigned any checkpoint yet: nothing shows it saw the history you verified (--witness-max-age 24)\n`,
    );
    expect(strict.stdout).toContain(`stored in ${lbState()}`);
    expect(readJson(lbState()).checkedAt).not.toBe(checkedAt);
    const stranger = generateKey('nobody-registered', 0x04);
    const unlisted = await verify(lbState(), '--witness', stranger.vkey);
    expect(unlisted.code).toBe(0);
    expect(unlisted.stderr).toContain(
      'WARNING: the server lists no witness key named nobody-registered: nothing shows it saw the history you verified',
    );

    // Its only cosignature dates from two days ago (the timestamp is the witness's, signed).
    const served = await checkpointOf(t, admin);
    const twoDaysAgo = Math.floor(Date.now() / 1000) - 48 * 3600;
    const posted = await t
      .http()
      .post('/api/v1/log/cosignatures')
      .set(admin.headers)
      .send({
        checkpoint: textOf(served.note),
        cosignature: cosign(textOf(served.note), parseSignerKey(xx.skey), twoDaysAgo),
      });
    expect(posted.status).toBe(201);
    const at = new Date(twoDaysAgo * 1000).toISOString();
    await f.party();
    const grown = await t.sequenceLog();
    expect(grown).toBeGreaterThan(served.treeSize);
    const old = await verify(lbState(), '--witness', xx.vkey, '--witness-max-age', '24', '--sign-key', lb.file);
    expect(old.code).toBe(1);
    expect(old.stderr).toBe(
      `FAILED: witness ${id} last cosigned at ${at} (${served.treeSize} leaves), more than 24 hours ago (--witness-max-age 24): ` +
        'nothing recent shows it saw the history you verified\n',
    );
    // The checkpoint was verified, stored and cosigned before the run failed on the witness's age.
    expect(readJson(lbState())).toMatchObject({ treeSize: grown });
    expect(old.stdout).toContain(`cosignature of ${lb.vkey.split('+')[0]!} posted for ${grown} leaves (HTTP 201)`);
    expect(await latestOf(lb)).toMatchObject({ treeSize: grown });
    const lenient = await verify(lbState(), '--witness', xx.vkey, '--witness-max-age', '72');
    expect(lenient.stderr).toBe('');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain(`witness ${id}: cosigned ${served.treeSize} leaves at ${at}, consistent`);

    const bad = await verify(lbState(), '--witness-max-age', '24');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ERROR: --witness-max-age needs at least one --witness');
    const zero = await verify(lbState(), '--witness', xx.vkey, '--witness-max-age', '0');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('ERROR: --witness-max-age must be a number of hours above 0');
  });

  it("--witness-max-age on both sides' first runs: each stores and cosigns before failing, so neither is locked out", async () => {
    const p = await witness('p');
    const q = await witness('q');
    const size = await t.sequenceLog();
    const pState = join(dir, 'p.json');
    const qState = join(dir, 'q.json');
    const strict = (w: Witness) => ['--sign-key', w.file, '--witness-max-age', '24'];

    // Neither side has cosigned yet: the first run fails on the other side's missing cosignature...
    const pFirst = await verify(pState, ...strict(p), '--witness', q.vkey);
    expect(pFirst.code).toBe(1);
    expect(pFirst.stderr).toBe(
      `FAILED: witness ${keyIdOf(q.vkey)} has not cosigned any checkpoint yet: nothing shows it saw the history you ` +
        'verified (--witness-max-age 24)\n',
    );
    // ...but only after storing its checkpoint and posting its own cosignature.
    expect(pFirst.stdout).toContain(`stored in ${pState}`);
    expect(pFirst.stdout).toContain(`cosignature of ${p.vkey.split('+')[0]!} posted for ${size} leaves (HTTP 201)`);
    expect(readJson(pState)).toMatchObject({ treeSize: size });
    expect(await latestOf(p)).toMatchObject({ treeSize: size });

    // So the other side's first run finds it, and this side's next run finds the other's.
    const qFirst = await verify(qState, ...strict(q), '--witness', p.vkey);
    expect(qFirst.stderr).toBe('');
    expect(qFirst.code).toBe(0);
    const pNext = await verify(pState, ...strict(p), '--witness', q.vkey);
    expect(pNext.stderr).toBe('');
    expect(pNext.code).toBe(0);
  });

  it('a frozen view: a latest checkpoint smaller than one a witness already cosigned fails, trusted or not', async () => {
    const older = (await checkpointOf(t, admin)) as Served & { signedAt: string };
    await f.party();
    const size = await t.sequenceLog();
    expect((await verify(syState(), '--sign-key', sy.file)).code).toBe(0);
    expect(await latestOf(sy)).toMatchObject({ treeSize: size });
    // A server that holds this party back at an older (well-signed) checkpoint, the witnesses as they are.
    const { origin, treeSize, rootHash, signedAt, note } = older;
    const frozen = await proxy(url, '/api/v1/log/checkpoint', (body) => ({
      ...body,
      ...{ origin, treeSize, rootHash, signedAt, note },
    }));
    const trustedState = join(dir, 'frozen-trusted.json');
    const untrustedState = join(dir, 'frozen-untrusted.json');
    let trusted: Ran;
    let untrusted: Ran;
    try {
      trusted = await verifyAs(user, frozen.url, trustedState, '--witness', sy.vkey);
      untrusted = await verifyAs(user, frozen.url, untrustedState);
    } finally {
      await frozen.close();
    }
    expect(trusted.code).toBe(1);
    expect(trusted.stderr).toBe(
      `FAILED: the server shows you a checkpoint of ${treeSize} leaves while ${keyIdOf(sy.vkey)} already cosigned ` +
        `${size} > ${treeSize}: your view is held back (that cosignature verifies with your --witness key)\n` +
        `nothing was stored: ${trustedState} did not exist and was not created; keep this output as evidence.\n`,
    );
    // Without --witness, the server's own list contradicts its latest checkpoint.
    const syName = sy.vkey.split('+')[0]!;
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain(
      `FAILED: the server shows you a checkpoint of ${treeSize} leaves while ${syName} (party ${sy.party.code as string}) ` +
        `already cosigned ${size} > ${treeSize}: your view is held back (as the server lists it; that cosignature was ` +
        `not verified, ${syName} not being a --witness you trust, but an honest server never lists a cosigned ` +
        'checkpoint larger than the latest it serves)',
    );
    expect(existsSync(trustedState)).toBe(false);
    expect(existsSync(untrustedState)).toBe(false);
    // Served as it is, the same checks pass.
    expect((await verify(untrustedState, '--witness', sy.vkey)).code).toBe(0);
  });

  it('(acceptance) a split view: shown a history of its own, a party finds the other side cosigned another', async () => {
    // The other side verifies and cosigns the log as it is (history X).
    await f.party();
    await t.sequenceLog();
    expect((await verify(syState(), '--sign-key', sy.file)).code).toBe(0);
    const theirs = (await latestOf(sy))!;
    expect(theirs.treeSize).toBe((await checkpointOf(t, admin)).treeSize);

    // A superuser rewrites an event and has the server rebuild and re-sign the log (history Y),
    // keeping the other side's cosigned checkpoint of X to show beside it.
    const [{ seq }] = await sql<{ seq: string }>(
      db.url,
      `SELECT event_seq::text AS seq FROM log_leaves WHERE "index" = 2`,
    );
    await asSuperuser(
      db,
      `CREATE TABLE split_checkpoint AS SELECT * FROM log_checkpoints WHERE tree_size = ${theirs.treeSize};
       CREATE TABLE split_cosignature AS SELECT * FROM log_cosignatures
         WHERE tree_size = ${theirs.treeSize} AND party_id = '${sy.party.id}';
       UPDATE audit_events SET changes = '{"nameEn": {"after": "Forged"}}' WHERE seq = ${seq};
       DELETE FROM log_cosignatures; DELETE FROM log_checkpoints; DELETE FROM log_nodes; DELETE FROM log_leaves`,
    );
    await t.close({ keepDatabase: true, auditTampered: true });
    t = await createTestApp({ database: db });
    url = await listen(t);
    admin = await createUser(t, 'admin');
    user = await createUser(t, 'analyst');
    const rebuilt = await t.sequenceLog();
    expect(rebuilt).toBeGreaterThan(theirs.treeSize);
    await asSuperuser(
      db,
      `INSERT INTO log_checkpoints SELECT * FROM split_checkpoint;
       INSERT INTO log_cosignatures SELECT * FROM split_cosignature;
       DROP TABLE split_checkpoint; DROP TABLE split_cosignature`,
    );
    const yours = await checkpointOf(t, admin);
    expect(yours.treeSize).toBe(rebuilt);
    expect(await latestOf(sy)).toEqual(theirs);

    // A party shown only Y (no earlier checkpoint of its own) sees a well-signed log...
    const fresh = join(dir, 'shown-y.json');
    expect((await verify(fresh)).code).toBe(0);
    rmSync(fresh);
    // ...until it cross-checks the other side's cosignature.
    const ran = await verify(fresh, '--witness', sy.vkey);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      `FAILED: split view: the checkpoint ${keyIdOf(sy.vkey)} cosigned (${theirs.treeSize} leaves, root ${theirs.rootHash}) ` +
        `is not consistent with the one you verified (${rebuilt} leaves, root ${yours.rootHash})`,
    );
    // A split view fails before anything is stored, even with --witness-max-age and --sign-key.
    expect(existsSync(fresh)).toBe(false);
    expect(ran.stderr).toContain(`nothing was stored: ${fresh} did not exist and was not created`);
    const strict = await verify(fresh, '--witness', sy.vkey, '--witness-max-age', '24', '--sign-key', lb.file);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`FAILED: split view: the checkpoint ${keyIdOf(sy.vkey)} cosigned`);
    expect(existsSync(fresh)).toBe(false);
    expect(await latestOf(lb)).toBeNull(); // its cosignatures went with history X; none posted on Y
  });
});

describe('--events against a server that keeps events out of the log', () => {
  let t: TestApp;
  let url: string;
  let admin: Actor;
  let dir: string;
  let size: number;
  /** The events as the honest server serves them, newest first. */
  let served: { seq: string; occurredAt: string; logIndex: number | null; leafHash: string | null }[];
  let signedAt: string;
  const verify = (base: string) => verifyAs(admin, base, join(dir, 'state.json'), '--events', '4');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tansiq-log-events-'));
    t = await createTestApp();
    url = await listen(t);
    admin = await createUser(t, 'admin');
    const f = new RegistryFactory(t, admin);
    for (let i = 0; i < 3; i++) await f.party();
    // Events of ten minutes ago (backdated before they are logged: the log holds them so).
    await asSuperuser(t.db, `UPDATE audit_events SET occurred_at = occurred_at - interval '10 minutes'`);
    size = await t.sequenceLog();
    ({ signedAt } = (await checkpointOf(t, admin)) as unknown as { signedAt: string });
    await f.party(); // one event just now, not logged yet
    const res = await t.http().get('/api/v1/audit?limit=4').set(admin.headers);
    expect(res.status).toBe(200);
    served = (res.body as { items: typeof served }).items;
    expect(served.map((e) => e.logIndex)).toEqual([null, size - 1, size - 2, size - 3]);
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  /** The verifier through a proxy that changes the served events. */
  async function verifyThrough(change: (items: Record<string, unknown>[]) => void): Promise<Ran> {
    const dishonest = await proxy(url, '/api/v1/audit', (body) => {
      change(body.items as Record<string, unknown>[]);
      return body;
    });
    try {
      return await verify(dishonest.url);
    } finally {
      await dishonest.close();
    }
  }

  it('served honestly: the logged ones proven, the new one not in the checkpoint yet', async () => {
    const ran = await verify(url);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('events: 4 checked, 3 proven in the checkpoint, 1 not in it yet');
  });

  it('an event ten minutes older than the checkpoint served without a log index fails', async () => {
    const ran = await verifyThrough((items) => {
      for (const item of items) Object.assign(item, { logIndex: null, leafHash: null });
    });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      `FAILED: event ${served[1]!.seq} occurred at ${served[1]!.occurredAt}, more than 60 s before the checkpoint of ` +
        `${size} leaves was signed (${signedAt}), but the server gives it no log index: it is kept out of the log`,
    );
  });

  it('an old event served at a leaf beyond the checkpoint fails', async () => {
    const ran = await verifyThrough((items) => {
      items[2]!.logIndex = size + 5;
    });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      `FAILED: event ${served[2]!.seq} occurred at ${served[2]!.occurredAt}, more than 60 s before the checkpoint of ` +
        `${size} leaves was signed (${signedAt}), but the server puts it at leaf ${size + 5}, beyond that checkpoint`,
    );
  });

  it('a served leaf hash that is not the hash of the served event fails', async () => {
    const forged = Buffer.alloc(32, 1).toString('base64');
    const ran = await verifyThrough((items) => {
      items[3]!.leafHash = forged;
    });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      `FAILED: event ${served[3]!.seq}: the served leaf hash ${forged} is not the hash of its fields (${served[3]!.leafHash})`,
    );
  });
});

describe('--events against a log that stopped signing', () => {
  let t: TestApp;
  let url: string;
  let admin: Actor;
  let f: RegistryFactory;
  let dir: string;
  let size: number;
  const state = () => join(dir, 'state.json');
  const newestEvent = async () => {
    const res = await t.http().get('/api/v1/audit?limit=1').set(admin.headers);
    expect(res.status).toBe(200);
    return (res.body as { items: { seq: string; occurredAt: string; logIndex: number | null }[] }).items[0]!;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tansiq-log-stalled-'));
    t = await createTestApp();
    url = await listen(t);
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    for (let i = 0; i < 2; i++) await f.party();
    size = await t.sequenceLog();
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('after a quiet spell, an event served a moment before its checkpoint is signed: asks again, and passes', async () => {
    await f.party(); // not logged yet (the sequencer runs when the test says)
    const event = await newestEvent();
    expect(event.logIndex).toBeNull();
    const real = (await checkpointOf(t, admin)) as Served & { signedAt: string };
    // The first answer is from before the quiet spell ended; the second, from the log signing again.
    const quietSince = new Date(Date.now() - 20 * 60_000).toISOString();
    let asked = 0;
    const racing = await proxy(url, '/api/v1/log/checkpoint', (body) =>
      ++asked === 1 ? { ...body, signedAt: quietSince } : body,
    );
    let ran: Ran;
    try {
      ran = await verifyAs(admin, racing.url, state(), '--events', '2');
    } finally {
      await racing.close();
    }
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(asked).toBe(2);
    expect(ran.stdout).toContain(
      `event ${event.seq} occurred at ${event.occurredAt}, more than 5 minutes after the checkpoint was signed ` +
        `(${quietSince}): asking again in 3 s`,
    );
    expect(ran.stdout).toContain(
      `asked again: the latest checkpoint (${size} leaves) was signed at ${real.signedAt}: the log is signing`,
    );
  });

  it('the latest checkpoint signed 20 minutes before an event not in it, still after asking again: fails', async () => {
    // The sequencer stopped signing 20 minutes ago; events keep coming.
    await asSuperuser(t.db, `UPDATE log_checkpoints SET signed_at = signed_at - interval '20 minutes'`);
    const { signedAt } = (await checkpointOf(t, admin)) as Served & { signedAt: string };
    const event = await newestEvent();
    expect(event.logIndex).toBeNull();
    const ran = await verifyAs(admin, url, state(), '--events', '2');
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      `FAILED: the latest checkpoint (${size} leaves) was signed at ${signedAt}, more than 5 minutes before event ` +
        `${event.seq} occurred (${event.occurredAt}), and the latest 3 s later was signed at ${signedAt}: the log has ` +
        'stopped signing while events keep coming (a stalled sequencer, or a server keeping new events out)',
    );
    expect(ran.stderr).toContain(`${state()} was left as it was: keep it as evidence.`);
  });

  it("an event not in the log that occurred more than 5 minutes ago by the verifier's clock fails, naming it", async () => {
    const { seq } = await newestEvent();
    await asSuperuser(
      t.db,
      `UPDATE audit_events SET occurred_at = occurred_at - interval '6 minutes' WHERE seq = ${seq}`,
    );
    const { occurredAt } = await newestEvent();
    const { signedAt } = (await checkpointOf(t, admin)) as Served & { signedAt: string };
    const ran = await verifyAs(admin, url, state(), '--events', '2');
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      `FAILED: event ${seq} occurred at ${occurredAt}, more than 5 minutes ago by this machine's clock, but is not in ` +
        `the latest checkpoint (${size} leaves, signed ${signedAt}): the log has stopped taking events in, or the ` +
        'server keeps this one out',
    );
  });
});
