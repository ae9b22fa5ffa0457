/**
 * `npm run log:verify -- --url <base> --state <file> [options]`: one party's own check of Tansiq's
 * verifiable log, trusting neither the server nor whoever runs it (docs/verifiable-log.md).
 *
 * 1. Fetches the latest checkpoint (`GET /api/v1/log/checkpoint`) and verifies the log's signature
 *    on it (c2sp.org/signed-note) with the pinned log key: `--log-key`, else the one in the state
 *    file, else (first run only) the one the server announces, trusted on first use and pinned.
 *    The note text must be a checkpoint (c2sp.org/tlog-checkpoint) whose origin is the key's name.
 * 2. Verifies the cosignature of every `--witness` key found on it (c2sp.org/tlog-cosignature).
 * 3. Against the checkpoint kept in the state file: a smaller tree is a rollback, an equal one must
 *    have the same root, a larger one must be proven an extension of it (RFC 9162 §2.1.4).
 * 4. `--events N`: recomputes the newest N events' leaf hashes from their served fields and checks
 *    their inclusion proofs against the checkpoint (RFC 9162 §2.1.3).
 * 5. Stores the checkpoint in the state file (atomically), then with `--sign-key` cosigns it and
 *    posts the cosignature (`POST /api/v1/log/cosignatures`).
 *
 * Exit codes: 0 verified; 1 verification failed (the state file is then left as it was: keep it as
 * evidence), or the server refused the cosignature; 2 bad arguments, unreadable state, network or
 * server errors. Output: short lines (failures on stderr), or one JSON line with `--json`.
 * A composition root that imports only the pure log modules, node:fs and fetch: no Nest, no database.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { leafHash, verifyConsistency, verifyInclusion } from './audit/log/merkle.js';
import {
  SIG_COSIGNATURE_V1,
  SIG_ED25519,
  cosign,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  verifyCosignature,
  verifyNote,
  type Checkpoint,
  type NoteSigner,
  type NoteVerifier,
} from './audit/log/signed-note.js';
import { eventLeafData, type AuditEventFields } from './platform/audit/audit-event.js';

const USAGE = `usage: npm run log:verify -- --url <base URL> --state <file>
  [--token <bearer> | --api-key <key>]   credentials (or TANSIQ_TOKEN / TANSIQ_API_KEY): any user's or API client's
                                         (reading and cosigning), an admin's for --events
  [--log-key <vkey>]                     the log's verifier key (default: the one pinned in the state file)
  [--witness <vkey>]...                  cosigner keys whose cosignatures to verify
  [--sign-key <file>]                    your party's cosigner private key (PRIVATE+KEY+…, type 0x04): cosign and post
  [--events <N>]                         also check the newest N audit events (1–200) against the checkpoint
  [--json]                               one JSON line instead of text`;

/** Requests give up after this long (milliseconds). */
const TIMEOUT_MS = 30_000;
/** The audit list's largest page (ListAuditQueryDto). */
const MAX_EVENTS = 200;

/** The log is not what it must be, or the server refused the cosignature: exit 1. */
class Failed extends Error {}
/** Bad arguments, an unreadable state file, the server unreachable or in error: exit 2. */
class Unusable extends Error {}

interface Options {
  base: string;
  statePath: string;
  credentials: Record<string, string>;
  logKey: string | null;
  witnesses: NoteVerifier[];
  signer: NoteSigner | null;
  events: number | null;
  json: boolean;
}

/** The state file: what this party last verified, and the log key it pinned. */
interface State {
  /** The log's verifier key (`<origin>+<key ID>+<base64>`). */
  logKey: string;
  /** The signed checkpoint note as served (log signature and the cosignatures it carried). */
  checkpoint: string;
  treeSize: number;
  /** Base64. */
  rootHash: string;
  /** ISO 8601: when it was verified and stored. */
  checkedAt: string;
}

/** A verified checkpoint. */
interface Head {
  note: string;
  text: string;
  checkpoint: Checkpoint;
}

interface WitnessResult {
  key: string;
  /** ISO 8601 time of its cosignature on this checkpoint; null when it has not cosigned it. */
  cosignedAt: string | null;
}

/** What a run found; printed as one JSON line with --json. */
interface Report {
  ok: boolean;
  exitCode: number;
  origin: string | null;
  treeSize: number | null;
  rootHash: string | null;
  logKey: string | null;
  trustedOnFirstUse: boolean;
  previous: { treeSize: number; rootHash: string; checkedAt: string } | null;
  witnesses: WitnessResult[];
  events: { checked: number; included: number; notYetIncluded: number } | null;
  cosignature: { posted: boolean; status: number | null } | null;
  error: string | null;
}

const b64 = (bytes: Buffer) => bytes.toString('base64');

class Run {
  readonly report: Report = {
    ok: false,
    exitCode: 2,
    origin: null,
    treeSize: null,
    rootHash: null,
    logKey: null,
    trustedOnFirstUse: false,
    previous: null,
    witnesses: [],
    events: null,
    cosignature: null,
    error: null,
  };

  constructor(private readonly o: Options) {}

  /** Records why the run failed (Failed: exit 1; anything else: exit 2) and tells people. */
  fail(error: unknown): void {
    const exitCode = error instanceof Failed ? 1 : 2;
    const stored = this.report.ok; // the state was stored before the cosignature was posted
    const message = error instanceof Error ? error.message : String(error);
    Object.assign(this.report, { ok: false, exitCode, error: message });
    if (this.o.json) return;
    console.error(`${exitCode === 1 ? 'FAILED' : 'ERROR'}: ${message}`);
    if (exitCode === 1 && !stored) console.error(`${this.o.statePath} was left as it was: keep it as evidence.`);
  }

  /** A line for people (not printed with --json). */
  say(line: string): void {
    if (!this.o.json) console.log(line);
  }

  async execute(): Promise<void> {
    const stored = readState(this.o.statePath);
    const served = await this.getJson('/api/v1/log/checkpoint');
    const logKey = await this.logKey(stored);
    const head = this.verifyHead(served, logKey);
    const { origin, size, rootHash } = head.checkpoint;
    Object.assign(this.report, { origin, treeSize: size, rootHash: b64(rootHash), logKey });
    this.say(`log ${origin}: checkpoint of ${size} leaves, root ${b64(rootHash)}, signed by the log key`);
    this.verifyWitnesses(head);
    if (stored) await this.verifyExtends(stored, head);
    else this.say('no stored checkpoint yet: this one becomes the reference for the next runs');
    if (this.o.events !== null) await this.verifyEvents(head);
    writeState(this.o.statePath, {
      logKey,
      checkpoint: head.note,
      treeSize: size,
      rootHash: b64(rootHash),
      checkedAt: new Date().toISOString(),
    });
    this.say(`stored in ${this.o.statePath}`);
    Object.assign(this.report, { ok: true, exitCode: 0 });
    if (this.o.signer) await this.postCosignature(head, this.o.signer);
  }

  /** The log key to verify with: --log-key, else the pinned one, else (first run) the server's, pinned now. */
  private async logKey(stored: State | null): Promise<string> {
    if (stored) {
      if (this.o.logKey !== null && this.o.logKey !== stored.logKey)
        throw new Failed(
          `log key mismatch: the state file pins ${stored.logKey} but --log-key is ${this.o.logKey}; ` +
            'if the log key was changed on purpose, confirm the new one out of band and start a new state file',
        );
      return stored.logKey;
    }
    if (this.o.logKey !== null) return this.o.logKey;
    const announced = await this.serverLogKey();
    logVerifier(announced, 'the key the server announces');
    this.report.trustedOnFirstUse = true;
    this.say(`trusting on first use: ${announced} — compare it out of band`);
    return announced;
  }

  /** `GET /api/v1/log/key`: the vkey as text/plain, or JSON `{ verifierKey }`. */
  private async serverLogKey(): Promise<string> {
    const res = await this.request('GET', '/api/v1/log/key', { accept: 'text/plain, application/json' });
    const body = await this.bodyOf(res, '/api/v1/log/key');
    const key = typeof body === 'string' ? body.trim() : (body as { verifierKey?: unknown })?.verifierKey;
    if (typeof key !== 'string' || key === '') throw new Unusable('GET /api/v1/log/key gave no verifier key');
    return key;
  }

  /** The served checkpoint note, verified with the log key (c2sp.org/signed-note) and parsed. */
  private verifyHead(served: unknown, logKey: string): Head {
    const note = (served as { note?: unknown } | null)?.note;
    if (typeof note !== 'string') throw new Failed('GET /api/v1/log/checkpoint gave no signed note');
    const verifier = logVerifier(
      logKey,
      this.report.trustedOnFirstUse ? 'the key the server announces' : 'the log key',
    );
    let text: string;
    try {
      ({ text } = verifyNote(note, [verifier]));
    } catch (error) {
      throw new Failed(`the checkpoint is not signed by the log key ${logKey}: ${(error as Error).message}`);
    }
    let checkpoint: Checkpoint;
    try {
      checkpoint = parseCheckpoint(text);
    } catch (error) {
      throw new Failed(`the signed note is not a checkpoint: ${(error as Error).message}`);
    }
    if (checkpoint.origin !== verifier.name)
      throw new Failed(`the checkpoint names the log "${checkpoint.origin}", but the log key is "${verifier.name}"`);
    // The JSON beside the note must say the same as the signed text (only the note is trusted).
    const json = served as { treeSize?: unknown; rootHash?: unknown };
    if (
      (json.treeSize !== undefined && json.treeSize !== checkpoint.size) ||
      (json.rootHash !== undefined && json.rootHash !== b64(checkpoint.rootHash))
    )
      throw new Failed(
        `the server's checkpoint says size ${String(json.treeSize)}, root ${String(json.rootHash)} but its signed note says ` +
          `size ${checkpoint.size}, root ${b64(checkpoint.rootHash)}`,
      );
    return { note, text, checkpoint };
  }

  /** Each --witness key's cosignature on this checkpoint, when there is one; a bad one fails the run. */
  private verifyWitnesses(head: Head): void {
    const lines = parseNote(head.note).signatures.map((s) => s.line);
    for (const witness of this.o.witnesses) {
      const key = `${witness.name}+${witness.keyId.toString(16).padStart(8, '0')}`;
      let timestamp: number | null = null;
      for (const line of lines) {
        let found: { timestamp: number } | null;
        try {
          found = verifyCosignature(head.text, line, witness);
        } catch (error) {
          throw new Failed(`the cosignature of witness ${key} does not verify: ${(error as Error).message}`);
        }
        if (found) timestamp = found.timestamp;
      }
      const cosignedAt = timestamp === null ? null : new Date(timestamp * 1000).toISOString();
      this.report.witnesses.push({ key, cosignedAt });
      this.say(
        cosignedAt
          ? `witness ${key}: cosigned this checkpoint at ${cosignedAt}`
          : `witness ${key}: has not cosigned this checkpoint (yet)`,
      );
    }
  }

  /** The new checkpoint extends the stored one (RFC 9162 §2.1.4), or the history was rewritten. */
  private async verifyExtends(stored: State, head: Head): Promise<void> {
    const old = storedCheckpoint(stored);
    const { size, rootHash } = head.checkpoint;
    this.report.previous = { treeSize: old.size, rootHash: b64(old.rootHash), checkedAt: stored.checkedAt };
    const yours = `the checkpoint you stored on ${stored.checkedAt} (${old.size} leaves, root ${b64(old.rootHash)})`;
    const theirs = `the server's checkpoint (${size} leaves, root ${b64(rootHash)})`;
    if (size < old.size) throw new Failed(`the log was rolled back: ${theirs} is smaller than ${yours}`);
    let proof: Buffer[] = [];
    if (size > old.size && old.size > 0) {
      const served = await this.getJson('/api/v1/log/proof/consistency', { from: old.size, to: size }, 'failed');
      proof = proofOf(served);
    }
    if (!verifyConsistency(old.size, size, old.rootHash, rootHash, proof))
      throw new Failed(
        `the log's history was rewritten since the checkpoint you stored on ${stored.checkedAt}: ` +
          (size === old.size
            ? `${theirs} has the same size as yours but another root (yours: ${b64(old.rootHash)})`
            : `${theirs} does not extend yours (${old.size} leaves, root ${b64(old.rootHash)}): the consistency proof fails`),
      );
    this.say(
      size === old.size
        ? `unchanged since the checkpoint you stored on ${stored.checkedAt}`
        : `consistent with the checkpoint you stored on ${stored.checkedAt}: ${old.size} → ${size} leaves, history unchanged`,
    );
  }

  /** The newest N events: leaf hashes recomputed from their fields, inclusion proven for those in the checkpoint. */
  private async verifyEvents(head: Head): Promise<void> {
    const page = (await this.getJson('/api/v1/audit', { limit: this.o.events! })) as {
      items?: ServedEvent[];
    };
    const { size, rootHash } = head.checkpoint;
    let included = 0;
    let pending = 0;
    for (const event of page.items ?? []) {
      const hash = leafHash(eventLeafData(fieldsOf(event)));
      if (event.leafHash !== null && event.leafHash !== undefined && event.leafHash !== b64(hash))
        throw new Failed(
          `event ${event.seq}: the served leaf hash ${event.leafHash} is not the hash of its fields (${b64(hash)})`,
        );
      if (typeof event.logIndex !== 'number' || event.logIndex >= size) {
        pending++;
        continue;
      }
      const served = await this.getJson(
        '/api/v1/log/proof/inclusion',
        { index: event.logIndex, treeSize: size },
        'failed',
      );
      if (!verifyInclusion(hash, event.logIndex, size, proofOf(served), rootHash))
        throw new Failed(
          `event ${event.seq} (leaf ${event.logIndex}) as served is not in the checkpoint of ${size} leaves: ` +
            'its content differs from what was logged, or the proof is wrong',
        );
      included++;
    }
    const checked = included + pending;
    this.report.events = { checked, included, notYetIncluded: pending };
    this.say(`events: ${checked} checked, ${included} proven in the checkpoint, ${pending} not in it yet`);
  }

  /** Cosigns the verified checkpoint now (c2sp.org/tlog-cosignature) and posts it. */
  private async postCosignature(head: Head, signer: NoteSigner): Promise<void> {
    const line = cosign(head.text, signer, Math.floor(Date.now() / 1000));
    const res = await this.request('POST', '/api/v1/log/cosignatures', {
      body: { checkpoint: head.text, cosignature: line },
    });
    this.report.cosignature = { posted: res.ok, status: res.status };
    if (res.ok) {
      this.say(`cosignature of ${signer.name} posted for ${head.checkpoint.size} leaves (HTTP ${res.status})`);
      return;
    }
    const detail = await res.text().catch(() => '');
    const refused = `the server refused the cosignature (HTTP ${res.status}): ${problemText(detail)}`;
    throw res.status >= 500 ? new Unusable(refused) : new Failed(refused);
  }

  /**
   * GET `path` as JSON. Any failure to get a 2xx answer is Unusable, except that an answer the
   * server gives but refuses (4xx) is Failed with `refusal: 'failed'` (a proof it cannot give).
   */
  private async getJson(
    path: string,
    query: Record<string, number> = {},
    refusal: 'failed' | 'unusable' = 'unusable',
  ): Promise<unknown> {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const res = await this.request('GET', qs ? `${path}?${qs}` : path);
    if (
      !res.ok &&
      refusal === 'failed' &&
      res.status >= 400 &&
      res.status < 500 &&
      res.status !== 401 &&
      res.status !== 403
    )
      throw new Failed(`the server cannot give ${path}?${qs} (HTTP ${res.status}): ${problemText(await res.text())}`);
    const body = await this.bodyOf(res, path);
    if (typeof body === 'string') throw new Unusable(`${path} did not answer JSON`);
    return body;
  }

  private async bodyOf(res: Response, path: string): Promise<unknown> {
    const text = await res.text();
    if (!res.ok) throw new Unusable(`${path}: HTTP ${res.status}: ${problemText(text)}`);
    if (!(res.headers.get('content-type') ?? '').includes('json')) return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Unusable(`${path}: the answer is not valid JSON`);
    }
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    options: { accept?: string; body?: unknown } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json', ...this.o.credentials };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(`${this.o.base}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new Unusable(`cannot reach ${this.o.base}${path}: ${cause}`);
    }
  }
}

/** An audit event as `GET /api/v1/audit` serves it. */
interface ServedEvent extends AuditEventFields {
  logIndex: number | null;
  leafHash: string | null;
}

function fieldsOf(e: ServedEvent): AuditEventFields {
  const { seq, occurredAt, actorType, actorId, action, entity, entityId, changes, requestId } = e;
  return { seq, occurredAt, actorType, actorId, action, entity, entityId, changes, requestId };
}

/** The `proof` array (base64 hashes) of a served proof. */
function proofOf(served: unknown): Buffer[] {
  const proof = (served as { proof?: unknown } | null)?.proof;
  if (!Array.isArray(proof) || !proof.every((p) => typeof p === 'string'))
    throw new Failed('the server answered a proof without a list of hashes');
  return proof.map((p: string) => Buffer.from(p, 'base64'));
}

/** The `detail` (or `title`) of a problem+json body, else the body's start. */
function problemText(text: string): string {
  try {
    const body = JSON.parse(text) as { detail?: string; title?: string };
    return body.detail ?? body.title ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}

/** A log verifier key (type 0x01). */
function logVerifier(vkey: string, what: string): NoteVerifier {
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(vkey);
  } catch (error) {
    throw new Unusable(`${what} (${vkey}) is not a verifier key: ${(error as Error).message}`);
  }
  if (verifier.type !== SIG_ED25519)
    throw new Unusable(`${what} (${vkey}) is a cosigner key, not a log key (type 0x01)`);
  return verifier;
}

/** The state file's checkpoint, checked against its pinned key (a damaged file is Unusable). */
function storedCheckpoint(state: State): Checkpoint {
  try {
    const checkpoint = parseCheckpoint(verifyNote(state.checkpoint, [parseVerifierKey(state.logKey)]).text);
    if (checkpoint.size !== state.treeSize || b64(checkpoint.rootHash) !== state.rootHash)
      throw new Error('its treeSize or rootHash differs from its checkpoint');
    return checkpoint;
  } catch (error) {
    throw new Unusable(`the state file is damaged: ${(error as Error).message}`);
  }
}

function readState(path: string): State | null {
  if (!existsSync(path)) return null;
  let state: Partial<State>;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as Partial<State>;
  } catch (error) {
    throw new Unusable(`cannot read the state file ${path}: ${(error as Error).message}`);
  }
  const { logKey, checkpoint, treeSize, rootHash, checkedAt } = state ?? {};
  if (
    typeof logKey !== 'string' ||
    typeof checkpoint !== 'string' ||
    typeof treeSize !== 'number' ||
    typeof rootHash !== 'string' ||
    typeof checkedAt !== 'string'
  )
    throw new Unusable(`the state file ${path} lacks logKey, checkpoint, treeSize, rootHash or checkedAt`);
  return { logKey, checkpoint, treeSize, rootHash, checkedAt };
}

/** Writes the state to a temporary file, syncs it and renames it over the old one: never half a file. */
function writeState(path: string, state: State): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    throw new Unusable(`cannot store the state in ${path}: ${(error as Error).message}`);
  }
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      state: { type: 'string' },
      token: { type: 'string' },
      'api-key': { type: 'string' },
      'log-key': { type: 'string' },
      witness: { type: 'string', multiple: true, default: [] },
      'sign-key': { type: 'string' },
      events: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (!values.url || !values.state) throw new Unusable('--url and --state are required');
  let base: URL;
  try {
    base = new URL(values.url);
  } catch {
    throw new Unusable(`--url ${values.url} is not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Unusable('--url must be http: or https:');
  // Credentials given as options replace those of the environment.
  const flagged = values.token !== undefined || values['api-key'] !== undefined;
  const token = flagged ? values.token : env.TANSIQ_TOKEN || undefined;
  const apiKey = flagged ? values['api-key'] : env.TANSIQ_API_KEY || undefined;
  if (token && apiKey) throw new Unusable('give either a token or an API key, not both');
  const credentials: Record<string, string> = token
    ? { authorization: `Bearer ${token}` }
    : apiKey
      ? { 'x-api-key': apiKey }
      : {};
  let events: number | null = null;
  if (values.events !== undefined) {
    events = Number(values.events);
    if (!Number.isInteger(events) || events < 1 || events > MAX_EVENTS)
      throw new Unusable(`--events must be a whole number from 1 to ${MAX_EVENTS}`);
    // The audit trail is read by admins only (API clients cannot).
    if (!token) throw new Unusable("--events needs an admin's token (--token or TANSIQ_TOKEN)");
  }
  if (values['log-key'] !== undefined) logVerifier(values['log-key'], '--log-key');
  return {
    base: base.toString().replace(/\/+$/, ''),
    statePath: values.state,
    credentials,
    logKey: values['log-key'] ?? null,
    witnesses: values.witness.map(witnessVerifier),
    signer: values['sign-key'] === undefined ? null : readSignKey(values['sign-key']),
    events,
    json: values.json,
  };
}

function witnessVerifier(vkey: string): NoteVerifier {
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(vkey);
  } catch (error) {
    throw new Unusable(`--witness ${vkey}: ${(error as Error).message}`);
  }
  if (verifier.type !== SIG_COSIGNATURE_V1) throw new Unusable(`--witness ${vkey} is not a cosigner key (type 0x04)`);
  return verifier;
}

function readSignKey(path: string): NoteSigner {
  let signer: NoteSigner;
  try {
    signer = parseSignerKey(readFileSync(path, 'utf8').trim());
  } catch (error) {
    throw new Unusable(`--sign-key ${path}: ${(error as Error).message}`);
  }
  if (signer.type !== SIG_COSIGNATURE_V1)
    throw new Unusable(
      `--sign-key ${path} is not a cosigner key (type 0x04): make one with npm run log:keygen -- --witness`,
    );
  return signer;
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  let options: Options | 'help';
  try {
    options = parseOptions(argv, process.env);
  } catch (error) {
    // parseArgs throws TypeErrors (ERR_PARSE_ARGS_…) for unknown or incomplete options.
    const message = (error as Error).message;
    if (json) console.log(JSON.stringify({ ok: false, exitCode: 2, error: message }));
    else console.error(`ERROR: ${message}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const run = new Run(options);
  try {
    await run.execute();
  } catch (error) {
    run.fail(error);
  }
  const { report } = run;
  if (json) console.log(JSON.stringify(report));
  else if (report.ok) console.log('OK');
  return report.exitCode;
}

process.exitCode = await main(process.argv.slice(2));
