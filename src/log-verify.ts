/**
 * `npm run log:verify -- --url <base> --state <file> [options]`: one party's own check of Tansiq's
 * verifiable log, trusting neither the server nor whoever runs it (docs/verifiable-log.md).
 *
 * 1. Fetches the latest checkpoint (`GET /api/v1/log/checkpoint`) and verifies the log's signature
 *    on it (c2sp.org/signed-note) with the pinned log key: `--log-key`, else the one in the state
 *    file, else (first run only) the one the server announces, trusted on first use and pinned.
 *    The note text must be a checkpoint (c2sp.org/tlog-checkpoint) whose origin is the key's name.
 * 2. Against the checkpoint kept in the state file: a smaller tree is a rollback, an equal one must
 *    have the same root, a larger one must be proven an extension of it (RFC 9162 §2.1.4).
 * 3. For every `--witness` key: verifies its cosignature on this checkpoint when there is one
 *    (c2sp.org/tlog-cosignature), and cross-checks the last checkpoint it cosigned (served in
 *    `witnesses[].latestCosigned`): signed by the log key, cosigned by that key, and proven
 *    consistent with this one; otherwise each side could be shown a history of its own (a split
 *    view). `--witness-max-age H`: its latest cosignature must also be at most H hours old.
 *    No witness the server lists, trusted or not, may have cosigned a larger checkpoint than the
 *    latest one served (a frozen view: this party is held back at an old checkpoint).
 * 4. `--events N`: recomputes the newest N events' leaf hashes from their served fields and checks
 *    their inclusion proofs against the checkpoint (RFC 9162 §2.1.3); an event older than the
 *    checkpoint (by LOGGED_WITHIN_MS), or older than SIGNED_WITHIN_MS by this machine's clock,
 *    must be in it, and the checkpoint must not have been signed SIGNED_WITHIN_MS before the
 *    newest event not in it (a log that stopped signing).
 * 5. Stores the checkpoint in the state file (atomically), then with `--sign-key` cosigns it and
 *    posts the cosignature (`POST /api/v1/log/cosignatures`). A witness too old or missing under
 *    `--witness-max-age` fails the run only after this step: that witness's side may be waiting
 *    for this party's cosignature just as well (both sides' first runs).
 *
 * Exit codes: 0 verified; 1 verification failed (the state file is then left as it was: keep it as
 * evidence; except for `--witness-max-age`, after storing), or the server refused the cosignature;
 * 2 bad arguments, unreadable state, network or server errors. Output: short lines (failures on
 * stderr), or one JSON line with `--json`.
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
  [--witness <vkey>]...                  cosigner keys (e.g. the other side's): verify their cosignatures and prove
                                         the checkpoint each last cosigned consistent with this one
  [--witness-max-age <hours>]            fail when a --witness has no cosignature that recent (after storing
                                         the checkpoint and posting your cosignature)
  [--sign-key <file>]                    your party's cosigner private key (PRIVATE+KEY+…, type 0x04): cosign and post
  [--events <N>]                         also check the newest N audit events (1–200) against the checkpoint
  [--json]                               one JSON line instead of text`;

/** Requests give up after this long (milliseconds). */
const TIMEOUT_MS = 30_000;
/** The audit list's largest page (ListAuditQueryDto). */
const MAX_EVENTS = 200;
/**
 * An event that occurred this long (milliseconds) before a checkpoint was signed must be in it.
 * The sequencer appends committed events every 200 ms and signs a checkpoint within a second
 * (docs/verifiable-log.md), but `occurredAt` is the writing instance's clock at insert, before
 * its transaction commits (each statement of it may take up to 30 s, the statement timeout),
 * and `signedAt` the database's clock: a minute covers slow commits and clock skew without
 * letting a server keep an event out of the log for longer.
 */
const LOGGED_WITHIN_MS = 60_000;
/**
 * An event not in the latest checkpoint must have occurred less than this long (milliseconds)
 * before the verifier's own clock, and that checkpoint must have been signed less than this long
 * before the newest such event occurred; otherwise the log stopped taking events in. The
 * sequencer logs an event within about a second of its commit and signs a checkpoint within
 * about a second more (docs/verifiable-log.md): five minutes leave room for clock skew between
 * the party's machine and the server, and for long transactions (`occurredAt` is taken at
 * insert, before the commit).
 */
const SIGNED_WITHIN_MS = 5 * 60_000;
/**
 * After a quiet spell, the first new event can be served in the second before the checkpoint
 * that holds it is signed: a checkpoint signed long before the newest event is looked at again
 * after this long (milliseconds) before the log is called stalled.
 */
const RECHECK_AFTER_MS = 3_000;

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
  /** `--witness-max-age`, in hours; null: a witness without a cosignature only warns. */
  witnessMaxAgeHours: number | null;
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
  /** The latest checkpoint it cosigned, proven consistent with this one; null when it cosigned none. */
  latestCosigned: { treeSize: number; rootHash: string; cosignedAt: string } | null;
}

/** A checkpoint a witness cosigned: signed by the log key, with that witness's cosignature time. */
interface Witnessed {
  checkpoint: Checkpoint;
  /** POSIX seconds (the cosignature's own timestamp, signed by the witness). */
  timestamp: number;
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
  /** What did not fail the run but leaves something unchecked (also printed as WARNING lines). */
  warnings: string[];
  /** Whether this run stored the checkpoint in the state file. */
  stored: boolean;
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
    warnings: [],
    stored: false,
    events: null,
    cosignature: null,
    error: null,
  };

  /** Whether the state file existed when the run began (null: not read yet). */
  private stateExisted: boolean | null = null;
  /**
   * `--witness-max-age` failures (a witness's cosignature too old, or none): reported only after
   * the checkpoint is stored and this party's cosignature posted. Failing before would store and
   * post nothing, and two sides that both wait for the other's first cosignature never cosign.
   */
  private readonly stale: string[] = [];

  constructor(private readonly o: Options) {}

  /** Records why the run failed (Failed: exit 1; anything else: exit 2) and tells people. */
  fail(error: unknown): void {
    const exitCode = error instanceof Failed ? 1 : 2;
    const message = error instanceof Error ? error.message : String(error);
    Object.assign(this.report, { ok: false, exitCode, error: message });
    if (this.o.json) return;
    console.error(`${exitCode === 1 ? 'FAILED' : 'ERROR'}: ${message}`);
    if (exitCode !== 1 || this.report.stored) return;
    console.error(
      this.stateExisted
        ? `${this.o.statePath} was left as it was: keep it as evidence.`
        : `nothing was stored: ${this.o.statePath} did not exist and was not created; keep this output as evidence.`,
    );
  }

  /** A line for people (not printed with --json). */
  say(line: string): void {
    if (!this.o.json) console.log(line);
  }

  /** Something left unchecked: in the report's warnings, and on stderr for people. */
  warn(line: string): void {
    this.report.warnings.push(line);
    if (!this.o.json) console.error(`WARNING: ${line}`);
  }

  async execute(): Promise<void> {
    const stored = readState(this.o.statePath);
    this.stateExisted = stored !== null;
    const served = await this.getJson('/api/v1/log/checkpoint');
    const logKey = await this.logKey(stored);
    const head = this.verifyHead(served, logKey);
    const { origin, size, rootHash } = head.checkpoint;
    Object.assign(this.report, { origin, treeSize: size, rootHash: b64(rootHash), logKey });
    this.say(`log ${origin}: checkpoint of ${size} leaves, root ${b64(rootHash)}, signed by the log key`);
    if (stored) await this.verifyExtends(stored, head);
    else this.say('no stored checkpoint yet: this one becomes the reference for the next runs');
    for (const witness of this.o.witnesses) await this.verifyWitness(served, head, logKey, witness);
    this.verifyNotHeldBack(served, head);
    if (this.o.events !== null) await this.verifyEvents(served, head);
    writeState(this.o.statePath, {
      logKey,
      checkpoint: head.note,
      treeSize: size,
      rootHash: b64(rootHash),
      checkedAt: new Date().toISOString(),
    });
    this.report.stored = true;
    this.say(`stored in ${this.o.statePath}`);
    if (this.o.signer) await this.postCosignature(head, this.o.signer);
    if (this.stale.length > 0) throw new Failed(this.stale.join('; '));
    Object.assign(this.report, { ok: true, exitCode: 0 });
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

  /**
   * One --witness key: its cosignature on this checkpoint when there is one, then the checkpoint
   * it last cosigned: not larger than this one (else a frozen view) and proven part of the same
   * history (else a split view), both exit 1 at once. With --witness-max-age, none or one too old
   * goes to `stale` (exit 1 after storing).
   */
  private async verifyWitness(served: unknown, head: Head, logKey: string, witness: NoteVerifier): Promise<void> {
    const key = `${witness.name}+${witness.keyId.toString(16).padStart(8, '0')}`;
    const timestamp = cosignatureOf(head, witness, (error) => {
      throw new Failed(`the cosignature of witness ${key} does not verify: ${error}`);
    });
    const cosignedAt = timestamp === null ? null : isoOf(timestamp);
    const result: WitnessResult = { key, cosignedAt, latestCosigned: null };
    this.report.witnesses.push(result);
    this.say(
      cosignedAt
        ? `witness ${key}: cosigned this checkpoint at ${cosignedAt}`
        : `witness ${key}: has not cosigned this checkpoint (yet)`,
    );
    const listed = witnessEntries(served).filter((w) => w.keyName === witness.name);
    const cosigned = listed.flatMap((w) => (w.latestCosigned ? [w.latestCosigned] : []));
    let latest: Witnessed | null = null;
    for (const entry of cosigned) {
      const witnessed = this.witnessedCheckpoint(entry, logKey, witness, key);
      if (witnessed.checkpoint.size > head.checkpoint.size)
        throw new Failed(
          `${heldBack(head.checkpoint.size, key, witnessed.checkpoint.size)} (that cosignature verifies with your --witness key)`,
        );
      await this.proveSameHistory(witnessed.checkpoint, head.checkpoint, key);
      if (!latest || witnessed.timestamp > latest.timestamp) latest = witnessed;
    }
    const maxAge = this.o.witnessMaxAgeHours;
    if (!latest) {
      const why =
        listed.length === 0
          ? `the server lists no witness key named ${witness.name}`
          : `witness ${key} has not cosigned any checkpoint yet`;
      if (maxAge !== null)
        this.stale.push(`${why}: nothing shows it saw the history you verified (--witness-max-age ${maxAge})`);
      else this.warn(`${why}: nothing shows it saw the history you verified (--witness-max-age makes this a failure)`);
      return;
    }
    const { checkpoint, timestamp: at } = latest;
    result.latestCosigned = { treeSize: checkpoint.size, rootHash: b64(checkpoint.rootHash), cosignedAt: isoOf(at) };
    if (maxAge !== null && Date.now() - at * 1000 > maxAge * 3_600_000) {
      this.stale.push(
        `witness ${key} last cosigned at ${isoOf(at)} (${checkpoint.size} leaves), more than ${maxAge} hours ago ` +
          `(--witness-max-age ${maxAge}): nothing recent shows it saw the history you verified`,
      );
      return;
    }
    this.say(`witness ${key}: cosigned ${checkpoint.size} leaves at ${isoOf(at)}, consistent with what you verified`);
  }

  /**
   * A frozen view: the latest checkpoint served is smaller than one a listed witness already
   * cosigned. An honest log's latest is never smaller than a checkpoint it signed, so this holds
   * for every witness the server lists, as it lists them: the --witness ones were checked with
   * their cosignatures (verifyWitness), the others are taken at the server's word (its own
   * answer contradicts itself).
   * @throws Failed naming both sizes and the witness.
   */
  private verifyNotHeldBack(served: unknown, head: Head): void {
    const trusted = new Set(this.o.witnesses.map((w) => w.name));
    const { size } = head.checkpoint;
    for (const { keyName, partyCode, latestCosigned } of witnessEntries(served)) {
      const cosigned = latestCosigned?.treeSize;
      if (trusted.has(keyName as string) || typeof cosigned !== 'number' || cosigned <= size) continue;
      throw new Failed(
        `${heldBack(size, `${String(keyName)} (party ${String(partyCode)})`, cosigned)} ` +
          `(as the server lists it; that cosignature was not verified, ${String(keyName)} not being a --witness ` +
          'you trust, but an honest server never lists a cosigned checkpoint larger than the latest it serves)',
      );
    }
  }

  /**
   * A served `latestCosigned`: its note signed by the log key, a checkpoint of this log, carrying
   * the witness's cosignature, and matching the JSON beside it (only the note is trusted).
   */
  private witnessedCheckpoint(entry: ServedCosigned, logKey: string, witness: NoteVerifier, key: string): Witnessed {
    const size = String(entry.treeSize);
    if (typeof entry.note !== 'string')
      throw new Failed(`the server's checkpoint cosigned by ${key} (${size} leaves) comes without its signed note`);
    const verifier = logVerifier(logKey, 'the log key');
    let text: string;
    let checkpoint: Checkpoint;
    try {
      ({ text } = verifyNote(entry.note, [verifier]));
      checkpoint = parseCheckpoint(text);
    } catch (error) {
      throw new Failed(
        `the checkpoint ${key} cosigned (${size} leaves, as served) is not a checkpoint signed by the log key ` +
          `${logKey}: ${(error as Error).message}`,
      );
    }
    const what = `the checkpoint ${key} cosigned (${checkpoint.size} leaves, root ${b64(checkpoint.rootHash)})`;
    if (checkpoint.origin !== verifier.name)
      throw new Failed(`${what} names the log "${checkpoint.origin}", but the log key is "${verifier.name}"`);
    if (entry.treeSize !== checkpoint.size || entry.rootHash !== b64(checkpoint.rootHash))
      throw new Failed(
        `the server says ${key} cosigned size ${size}, root ${String(entry.rootHash)}, but the signed note is ${what}`,
      );
    const timestamp = cosignatureOf({ note: entry.note, text }, witness, (error) => {
      throw new Failed(`the cosignature of witness ${key} on ${what} does not verify: ${error}`);
    });
    if (timestamp === null)
      throw new Failed(
        `the server says ${key} cosigned ${what}, but its note carries no cosignature of that key ` +
          '(if that witness changed its key, give its new one)',
      );
    return { checkpoint, timestamp };
  }

  /**
   * A checkpoint a witness cosigned and the one this run verified are of one history: the smaller
   * is proven a prefix of the larger (RFC 9162 §2.1.4), equal sizes have equal roots.
   * @throws Failed (split view) naming both sizes and roots.
   */
  private async proveSameHistory(theirs: Checkpoint, yours: Checkpoint, key: string): Promise<void> {
    const [small, large] = theirs.size <= yours.size ? [theirs, yours] : [yours, theirs];
    let consistent: boolean;
    let because = '';
    if (small.size === large.size) consistent = small.rootHash.equals(large.rootHash);
    else {
      try {
        const served = (await this.getJson(
          '/api/v1/log/proof/consistency',
          { from: small.size, to: large.size },
          'failed',
        )) as { fromRoot?: unknown; toRoot?: unknown };
        // The roots the server proves between must be the signed ones (the proof checks them too).
        consistent =
          served.fromRoot === b64(small.rootHash) &&
          served.toRoot === b64(large.rootHash) &&
          verifyConsistency(small.size, large.size, small.rootHash, large.rootHash, proofOf(served));
      } catch (error) {
        if (!(error instanceof Failed)) throw error;
        consistent = false;
        because = ` (${error.message})`;
      }
    }
    if (!consistent)
      throw new Failed(
        `split view: the checkpoint ${key} cosigned (${theirs.size} leaves, root ${b64(theirs.rootHash)}) is not ` +
          `consistent with the one you verified (${yours.size} leaves, root ${b64(yours.rootHash)})${because}: ` +
          'the server shows that witness another history than you',
      );
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

  /**
   * The newest N events: leaf hashes recomputed from their fields, inclusion proven for those in
   * the checkpoint. One that occurred LOGGED_WITHIN_MS before the checkpoint was signed must be in
   * it: a server that serves no log index (or one beyond the tree) for it is keeping it out. One
   * that occurred SIGNED_WITHIN_MS before this machine's clock must be in it too, and the newest
   * one not in it must not have occurred SIGNED_WITHIN_MS after the checkpoint was signed: else
   * the log stopped signing (a stalled sequencer, or a server keeping new events out).
   * The times are the server's own (`occurredAt`, `signedAt`), apart from this machine's clock.
   */
  private async verifyEvents(served: unknown, head: Head): Promise<void> {
    const signedAt = (served as { signedAt?: unknown }).signedAt;
    const signedMs = typeof signedAt === 'string' ? Date.parse(signedAt) : NaN;
    if (!Number.isFinite(signedMs))
      throw new Failed(`the server's checkpoint has no signedAt time (${String(signedAt)}) to check events against`);
    const page = (await this.getJson('/api/v1/audit', { limit: this.o.events! })) as {
      items?: ServedEvent[];
    };
    const { size, rootHash } = head.checkpoint;
    let included = 0;
    let pending = 0;
    let newest: ServedEvent | null = null;
    for (const event of page.items ?? []) {
      const hash = leafHash(eventLeafData(fieldsOf(event)));
      if (event.leafHash !== null && event.leafHash !== undefined && event.leafHash !== b64(hash))
        throw new Failed(
          `event ${event.seq}: the served leaf hash ${event.leafHash} is not the hash of its fields (${b64(hash)})`,
        );
      if (typeof event.logIndex !== 'number' || event.logIndex >= size) {
        const occurredMs = Date.parse(event.occurredAt);
        if (!Number.isFinite(occurredMs) || occurredMs < signedMs - LOGGED_WITHIN_MS)
          throw new Failed(
            `event ${event.seq} occurred at ${event.occurredAt}, more than ${LOGGED_WITHIN_MS / 1000} s before ` +
              `the checkpoint of ${size} leaves was signed (${signedAt as string}), but the server ` +
              (typeof event.logIndex === 'number'
                ? `puts it at leaf ${event.logIndex}, beyond that checkpoint`
                : 'gives it no log index') +
              ': it is kept out of the log',
          );
        if (occurredMs < Date.now() - SIGNED_WITHIN_MS)
          throw new Failed(
            `event ${event.seq} occurred at ${event.occurredAt}, more than ${SIGNED_WITHIN_MS / 60_000} minutes ago ` +
              `by this machine's clock, but is not in the latest checkpoint (${size} leaves, signed ${signedAt as string}): ` +
              'the log has stopped taking events in, or the server keeps this one out',
          );
        if (!newest || occurredMs > Date.parse(newest.occurredAt)) newest = event;
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
    if (newest && Date.parse(newest.occurredAt) - signedMs > SIGNED_WITHIN_MS)
      await this.verifyStillSigning(newest, signedAt as string, size);
  }

  /**
   * The latest checkpoint was signed more than SIGNED_WITHIN_MS before `newest` (an event not in
   * it) occurred. Just after a quiet spell that is the second before the sequencer signs it, so
   * the checkpoint is asked for again after RECHECK_AFTER_MS: still signed that long before, the
   * log has stopped signing while events keep coming.
   * @throws Failed naming the checkpoint's time and the event.
   */
  private async verifyStillSigning(newest: ServedEvent, signedAt: string, size: number): Promise<void> {
    const minutes = SIGNED_WITHIN_MS / 60_000;
    this.say(
      `event ${newest.seq} occurred at ${newest.occurredAt}, more than ${minutes} minutes after the checkpoint ` +
        `was signed (${signedAt}): asking again in ${RECHECK_AFTER_MS / 1000} s`,
    );
    await new Promise((resolve) => setTimeout(resolve, RECHECK_AFTER_MS));
    const again = (await this.getJson('/api/v1/log/checkpoint')) as { treeSize?: unknown; signedAt?: unknown };
    const signedAgain = typeof again.signedAt === 'string' ? Date.parse(again.signedAt) : NaN;
    if (signedAgain >= Date.parse(newest.occurredAt) - SIGNED_WITHIN_MS) {
      this.say(
        `asked again: the latest checkpoint (${String(again.treeSize)} leaves) was signed at ${String(again.signedAt)}: ` +
          'the log is signing',
      );
      return;
    }
    throw new Failed(
      `the latest checkpoint (${size} leaves) was signed at ${signedAt}, more than ${minutes} minutes before ` +
        `event ${newest.seq} occurred (${newest.occurredAt}), and the latest ${RECHECK_AFTER_MS / 1000} s later ` +
        `was signed at ${String(again.signedAt)}: ` +
        'the log has stopped signing while events keep coming (a stalled sequencer, or a server keeping new events out)',
    );
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

/** A `witnesses[].latestCosigned` of `GET /api/v1/log/checkpoint`. */
interface ServedCosigned {
  treeSize?: unknown;
  rootHash?: unknown;
  note?: unknown;
}

/** The served `witnesses` list (key name, party and latest cosigned checkpoint of each); none when absent. */
function witnessEntries(
  served: unknown,
): { keyName: unknown; partyCode: unknown; latestCosigned: ServedCosigned | null }[] {
  const list = (served as { witnesses?: unknown } | null)?.witnesses;
  if (!Array.isArray(list)) return [];
  return list.map((w) => {
    const entry = (w ?? {}) as { keyName?: unknown; partyCode?: unknown; latestCosigned?: unknown };
    const cosigned = entry.latestCosigned;
    return {
      keyName: entry.keyName,
      partyCode: entry.partyCode,
      latestCosigned: cosigned && typeof cosigned === 'object' ? (cosigned as ServedCosigned) : null,
    };
  });
}

/** The frozen-view failure: the latest served (`size` leaves) is smaller than what `witness` cosigned. */
const heldBack = (size: number, witness: string, cosigned: number) =>
  `the server shows you a checkpoint of ${size} leaves while ${witness} already cosigned ${cosigned} > ${size}: ` +
  'your view is held back';

/**
 * The timestamp (POSIX seconds) of `witness`'s cosignature on a note, null when it carries none;
 * a line of that key that does not verify goes to `invalid` (which throws).
 */
function cosignatureOf(
  signed: { note: string; text: string },
  witness: NoteVerifier,
  invalid: (error: string) => never,
): number | null {
  let timestamp: number | null = null;
  for (const { line } of parseNote(signed.note).signatures) {
    let found: { timestamp: number } | null;
    try {
      found = verifyCosignature(signed.text, line, witness);
    } catch (error) {
      return invalid((error as Error).message);
    }
    if (found) timestamp = found.timestamp;
  }
  return timestamp;
}

const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString();

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
      'witness-max-age': { type: 'string' },
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
  let witnessMaxAgeHours: number | null = null;
  if (values['witness-max-age'] !== undefined) {
    witnessMaxAgeHours = Number(values['witness-max-age']);
    if (!Number.isFinite(witnessMaxAgeHours) || witnessMaxAgeHours <= 0)
      throw new Unusable('--witness-max-age must be a number of hours above 0');
    if (values.witness.length === 0) throw new Unusable('--witness-max-age needs at least one --witness');
  }
  if (values['log-key'] !== undefined) logVerifier(values['log-key'], '--log-key');
  return {
    base: base.toString().replace(/\/+$/, ''),
    statePath: values.state,
    credentials,
    logKey: values['log-key'] ?? null,
    witnesses: values.witness.map(witnessVerifier),
    witnessMaxAgeHours,
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
