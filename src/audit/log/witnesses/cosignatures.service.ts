import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppException, ErrorCode } from '../../../platform/index.js';
import type { CosignatureDto, SubmitCosignatureDto } from '../dto/witness.dto.js';
import { proveConsistency } from '../log-proofs.js';
import { verifyConsistency } from '../merkle.js';
import {
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  verifyCosignature,
  type Checkpoint,
  type NoteVerifier,
} from '../signed-note.js';

/** How far ahead of the server's clock a cosignature's timestamp may be. */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;

interface WitnessRow {
  party_id: string;
  party_code: string;
  verifier_key: string;
}

/** What the checks need, read in one statement under the witness's lock. */
interface StateRow {
  /** Leaves in the log now. */
  log_size: string;
  /** The stored checkpoint of the cosigned size. */
  root_hash: Buffer | null;
  note: string | null;
  /** The party's cosignature of that same checkpoint, if it already sent one. */
  mine_line: string | null;
  mine_key: string | null;
  mine_cosigned_at: Date | null;
  mine_received_at: Date | null;
  /** The party's largest cosigned checkpoint: its size, line, key and the stored note. */
  prev_size: string | null;
  prev_line: string | null;
  prev_key: string | null;
  prev_note: string | null;
  prev_root: Buffer | null;
}

/** A submitted cosignature as stored; `created`: stored by this request (false: it was already). */
export interface Submission {
  cosignature: CosignatureDto;
  created: boolean;
}

const problem = (code: ErrorCode, detail: string, field: string, message: string) =>
  new AppException(code, detail, { errors: [{ field, message }] });

/**
 * Cosignatures of the log's checkpoints by the parties' witness keys (c2sp.org/tlog-cosignature).
 * A party that cosigns a checkpoint states that it saw the log at that size and root, and that
 * this tree extends every tree it cosigned before; the log stores the cosignature only once it
 * has proved that extension itself (RFC 9162 §2.1.4), so a history rewritten after a party
 * cosigned is refused rather than cosigned.
 */
@Injectable()
export class CosignaturesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A party's cosignature of the checkpoint of `treeSize`, as stored. @throws 404 NOT_FOUND when it has none. */
  async get(partyId: string, treeSize: number): Promise<CosignatureDto> {
    const [row] = (await this.dataSource.query(
      `SELECT s.party_id, p.code, s.verifier_key, s.tree_size::text, c.root_hash, s.signature_line, s.cosigned_at, s.received_at
         FROM log_cosignatures s
         JOIN parties p ON p.id = s.party_id
         JOIN log_checkpoints c ON c.tree_size = s.tree_size
        WHERE s.party_id = $1 AND s.tree_size = $2`,
      [partyId, treeSize],
    )) as {
      party_id: string;
      code: string;
      verifier_key: string;
      tree_size: string;
      root_hash: Buffer;
      signature_line: string;
      cosigned_at: Date;
      received_at: Date;
    }[];
    if (!row) throw AppException.notFound('The cosignature');
    return {
      partyId: row.party_id,
      partyCode: row.code,
      keyName: parseVerifierKey(row.verifier_key).name,
      verifierKey: row.verifier_key,
      treeSize: Number(row.tree_size),
      rootHash: row.root_hash.toString('base64'),
      cosignature: row.signature_line,
      cosignedAt: row.cosigned_at.toISOString(),
      receivedAt: row.received_at.toISOString(),
    };
  }

  /**
   * Checks and stores one cosignature; a party's first cosignature of a checkpoint stands, and
   * sending one again (the same, or with another timestamp) answers the stored one with
   * `created: false` (the route's 200 rather than 201).
   * @throws 400 VALIDATION_FAILED naming `checkpoint` or `cosignature` (malformed, or a timestamp
   *   more than 10 minutes ahead); 403 WITNESS_KEY_UNKNOWN (no party's key has the line's name and
   *   key ID); 400 COSIGNATURE_INVALID (does not verify); 409 CHECKPOINT_UNKNOWN (not a checkpoint
   *   this log signed); 409 CHECKPOINT_ROLLBACK (smaller than one the party cosigned);
   *   409 CHECKPOINT_INCONSISTENT (the log's tree no longer extends the party's last cosigned one,
   *   or no longer has this root).
   */
  submit(dto: SubmitCosignatureDto): Promise<Submission> {
    const checkpoint = parsed('checkpoint', () => parseCheckpoint(dto.checkpoint));
    const line = dto.cosignature.endsWith('\n') ? dto.cosignature.slice(0, -1) : dto.cosignature;
    const { name, keyId } = signatureOf(dto.checkpoint, line);
    return this.dataSource.transaction(async (m) => {
      const witness = await lockWitness(m, name);
      const verifier = witness ? parseVerifierKey(witness.verifier_key) : null;
      if (!witness || verifier!.keyId !== keyId)
        throw problem(
          ErrorCode.WitnessKeyUnknown,
          `No party's witness key is named "${name}" with key ID ${keyId.toString(16).padStart(8, '0')}: register it first (PUT /log/witnesses/{partyId}).`,
          'cosignature',
          'is signed by a key that is not registered',
        );
      const timestamp = checkSignature(dto.checkpoint, line, verifier!);
      const state = await readState(m, witness.party_id, checkpoint.size);
      const stored = {
        partyId: witness.party_id,
        partyCode: witness.party_code,
        treeSize: checkpoint.size,
        rootHash: checkpoint.rootHash.toString('base64'),
      };
      checkIssued(state, checkpoint, dto.checkpoint);
      if (state.mine_line !== null)
        return {
          created: false,
          cosignature: {
            ...stored,
            keyName: parseVerifierKey(state.mine_key!).name,
            verifierKey: state.mine_key!,
            cosignature: state.mine_line,
            cosignedAt: state.mine_cosigned_at!.toISOString(),
            receivedAt: state.mine_received_at!.toISOString(),
          },
        };
      await checkExtends(m, state, checkpoint);
      const [row] = (await m.query(
        `INSERT INTO log_cosignatures (party_id, tree_size, verifier_key, signature_line, cosigned_at)
         VALUES ($1, $2, $3, $4, to_timestamp($5)) RETURNING cosigned_at, received_at`,
        [witness.party_id, checkpoint.size, witness.verifier_key, line, timestamp],
      )) as { cosigned_at: Date; received_at: Date }[];
      return {
        created: true,
        cosignature: {
          ...stored,
          keyName: verifier!.name,
          verifierKey: witness.verifier_key,
          cosignature: line,
          cosignedAt: row!.cosigned_at.toISOString(),
          receivedAt: row!.received_at.toISOString(),
        },
      };
    });
  }
}

/** @throws 400 VALIDATION_FAILED naming `field` when `parse` refuses the value. */
function parsed<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw AppException.validation([{ field, message: (error as Error).message }]);
  }
}

/** The key name and ID of a cosignature line (c2sp.org/signed-note signature line). */
function signatureOf(checkpointText: string, line: string): { name: string; keyId: number } {
  const note = parsed('cosignature', () => parseNote(`${checkpointText}\n${line}\n`));
  if (note.text !== checkpointText || note.signatures.length !== 1)
    throw AppException.validation([{ field: 'cosignature', message: 'must be one signature line: — <name> <base64>' }]);
  return note.signatures[0]!;
}

/** The witness whose key has this name, locked: one party's cosignatures are checked one at a time. */
async function lockWitness(m: EntityManager, keyName: string): Promise<WitnessRow | undefined> {
  const rows = (await m.query(
    `SELECT w.party_id, p.code AS party_code, w.verifier_key
       FROM log_witnesses w JOIN parties p ON p.id = w.party_id
      WHERE w.key_name = $1
        FOR UPDATE OF w`,
    [keyName],
  )) as WitnessRow[];
  return rows[0];
}

/**
 * The cosignature's timestamp (POSIX seconds) once it verifies.
 * @throws 400 COSIGNATURE_INVALID; 400 VALIDATION_FAILED when the timestamp is too far ahead.
 */
function checkSignature(checkpointText: string, line: string, verifier: NoteVerifier): number {
  let result: { timestamp: number } | null;
  try {
    result = verifyCosignature(checkpointText, line, verifier);
  } catch (error) {
    throw problem(
      ErrorCode.CosignatureInvalid,
      `The cosignature does not verify over this checkpoint with the key ${verifier.name}: ${(error as Error).message}.`,
      'cosignature',
      'does not verify',
    );
  }
  // Name and key ID were matched when the witness was found: null cannot happen here.
  if (!result) throw new Error('verifyCosignature ignored the line of the key it was given');
  const skewMs = result.timestamp * 1000 - Date.now();
  if (skewMs > MAX_CLOCK_SKEW_MS)
    throw AppException.validation([
      {
        field: 'cosignature',
        message: `is timestamped ${new Date(result.timestamp * 1000).toISOString()}, more than 10 minutes ahead of the log's clock`,
      },
    ]);
  return result.timestamp;
}

async function readState(m: EntityManager, partyId: string, size: number): Promise<StateRow> {
  const [row] = (await m.query(
    `SELECT (SELECT coalesce(max("index") + 1, 0) FROM log_leaves)::text AS log_size,
            c.root_hash, c.note,
            mine.signature_line AS mine_line, mine.verifier_key AS mine_key,
            mine.cosigned_at AS mine_cosigned_at, mine.received_at AS mine_received_at,
            prev.tree_size::text AS prev_size, prev.signature_line AS prev_line, prev.verifier_key AS prev_key,
            pc.note AS prev_note, pc.root_hash AS prev_root
       FROM (SELECT 1) AS one
       LEFT JOIN log_checkpoints c ON c.tree_size = $2
       LEFT JOIN log_cosignatures mine ON mine.party_id = $1 AND mine.tree_size = $2
       LEFT JOIN LATERAL (SELECT s.tree_size, s.signature_line, s.verifier_key FROM log_cosignatures s
                           WHERE s.party_id = $1 ORDER BY s.tree_size DESC LIMIT 1) prev ON true
       LEFT JOIN log_checkpoints pc ON pc.tree_size = prev.tree_size`,
    [partyId, size],
  )) as StateRow[];
  return row!;
}

/** @throws 409 CHECKPOINT_UNKNOWN unless the log stored a checkpoint of this size, root and text. */
function checkIssued(state: StateRow, checkpoint: Checkpoint, text: string): void {
  const issued =
    state.root_hash !== null && state.root_hash.equals(checkpoint.rootHash) && noteText(state.note!) === text;
  if (!issued)
    throw problem(
      ErrorCode.CheckpointUnknown,
      `This log signed no checkpoint of ${checkpoint.size} leaves with root ${checkpoint.rootHash.toString('base64')}: cosign one it serves (GET /log/checkpoint).`,
      'checkpoint',
      'is not a checkpoint this log signed',
    );
}

/**
 * The log's own proof that the cosigned tree extends the party's last cosigned one (RFC 9162
 * §2.1.4): that cosignature must still verify over the stored checkpoint (so its root is the
 * one the party signed), and a consistency proof built from the stored tree must lead from that
 * root to this checkpoint's. The same proof shows the stored tree still has this root.
 * @throws 409 CHECKPOINT_ROLLBACK, 409 CHECKPOINT_INCONSISTENT.
 */
async function checkExtends(m: EntityManager, state: StateRow, checkpoint: Checkpoint): Promise<void> {
  const prevSize = state.prev_size === null ? null : Number(state.prev_size);
  if (prevSize !== null && prevSize > checkpoint.size)
    throw problem(
      ErrorCode.CheckpointRollback,
      `The party already cosigned the checkpoint of ${prevSize} leaves; a witness never goes back to a smaller tree (${checkpoint.size}).`,
      'checkpoint',
      `is smaller than the party's last cosigned checkpoint (${prevSize})`,
    );
  const inconsistent = (why: string) =>
    problem(
      ErrorCode.CheckpointInconsistent,
      `The log cannot prove this checkpoint consistent with what the party cosigned: ${why}.`,
      'checkpoint',
      "is not provably an extension of the party's last cosigned checkpoint",
    );
  if (Number(state.log_size) < checkpoint.size)
    throw inconsistent(`the log holds ${state.log_size} leaves, fewer than the checkpoint's ${checkpoint.size}`);
  if (prevSize !== null && !prevCosignatureHolds(state))
    throw inconsistent(`the stored checkpoint of ${prevSize} leaves is no longer the one the party cosigned`);
  const proof = await proveConsistency(m, prevSize ?? 0, checkpoint.size);
  if (!proof.toRoot.equals(checkpoint.rootHash))
    throw inconsistent(`the log's tree of ${checkpoint.size} leaves no longer has this checkpoint's root`);
  if (
    prevSize !== null &&
    !verifyConsistency(prevSize, checkpoint.size, state.prev_root!, checkpoint.rootHash, proof.proof)
  )
    throw inconsistent(
      `the log's tree of ${prevSize} leaves no longer has the root ${state.prev_root!.toString('base64')} the party cosigned`,
    );
}

/** Whether the party's stored cosignature still verifies over the stored checkpoint it names. */
function prevCosignatureHolds(state: StateRow): boolean {
  if (state.prev_note === null || state.prev_root === null) return false;
  try {
    const text = noteText(state.prev_note);
    return (
      parseCheckpoint(text).rootHash.equals(state.prev_root) &&
      verifyCosignature(text, state.prev_line!, parseVerifierKey(state.prev_key!)) !== null
    );
  } catch {
    return false;
  }
}

const noteText = (note: string): string => parseNote(note).text;
