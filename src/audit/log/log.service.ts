import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, AppException, ErrorCode, type AppConfig, type SqlRunner } from '../../platform/index.js';
import type {
  CheckpointDto,
  CheckpointWitnessDto,
  ConsistencyProofDto,
  ConsistencyProofQueryDto,
  InclusionProofDto,
  InclusionProofQueryDto,
  LogKeyDto,
} from './dto/log.dto.js';
import { proveConsistency, proveInclusion } from './log-proofs.js';
import { LOG_SIGNER } from './log-signer.provider.js';
import { readLogState } from './log-store.js';
import { addSignatures, verifierKeyOf, type NoteSigner } from './signed-note.js';

interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
  note: string;
  signed_at: Date;
  /** The stored cosignature lines of this checkpoint, in the order received. */
  lines: string[];
}

interface WitnessRow {
  party_id: string;
  party_code: string;
  key_name: string;
  tree_size: string | null;
  cosigned_at: Date | null;
  root_hash: Buffer | null;
  note: string | null;
  lines: string[];
}

/** The cosignature lines of the checkpoint `log_checkpoints.tree_size = <sizeColumn>`, as an array. */
export const cosignatureLinesSql = (sizeColumn: string) =>
  `array(SELECT s.signature_line FROM log_cosignatures s WHERE s.tree_size = ${sizeColumn}
          ORDER BY s.received_at, s.party_id)`;

/**
 * The log's read side (`/log`): its key, its checkpoints with their cosignatures, and proofs
 * computed from the stored perfect subtrees (RFC 9162 §2.1.3, §2.1.4). Hashes go out base64.
 */
@Injectable()
export class LogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOG_SIGNER) private readonly signer: NoteSigner,
  ) {}

  key(): LogKeyDto {
    return { origin: this.config.log.origin, verifierKey: verifierKeyOf(this.signer) };
  }

  /**
   * The latest checkpoint, or the one of exactly `treeSize` leaves, its note carrying every
   * stored cosignature of it, and every party's witness with the largest checkpoint it cosigned.
   * @throws 404 CHECKPOINT_NOT_FOUND when there is none (yet, or of that size).
   */
  async checkpoint(treeSize?: number): Promise<CheckpointDto> {
    // The witnesses first, then the checkpoint, one after the other: whatever was cosigned when
    // the first statement ran had been signed before, so the latest checkpoint read after it is
    // never smaller. Read side by side (two connections) they could see two moments, and a
    // verifier fails a latest checkpoint smaller than a cosigned one (a view held back).
    const witnesses = await this.witnesses(this.dataSource);
    const checkpoints = (await this.dataSource.query(
      `SELECT c.tree_size::text AS tree_size, c.root_hash, c.note, c.signed_at, ${cosignatureLinesSql('c.tree_size')} AS lines
         FROM log_checkpoints c
        ${treeSize === undefined ? 'ORDER BY c.tree_size DESC LIMIT 1' : 'WHERE c.tree_size = $1'}`,
      treeSize === undefined ? [] : [treeSize],
    )) as CheckpointRow[];
    const row = checkpoints[0];
    if (!row)
      throw new AppException(
        ErrorCode.CheckpointNotFound,
        treeSize === undefined
          ? 'The log has signed no checkpoint yet: the sequencer signs the first within about a second of starting.'
          : `The log has no checkpoint of ${treeSize} leaves (GET /log/checkpoint gives the latest).`,
        treeSize === undefined ? {} : { errors: [{ field: 'treeSize', message: 'names no stored checkpoint' }] },
      );
    return {
      origin: this.config.log.origin,
      treeSize: Number(row.tree_size),
      rootHash: row.root_hash.toString('base64'),
      signedAt: row.signed_at.toISOString(),
      note: addSignatures(row.note, row.lines),
      witnesses,
    };
  }

  /**
   * RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of the first `treeSize`
   * leaves. Any size up to the log's current one is served, checkpointed or not; `treeSize` ≥ 1
   * (the DTO refuses 0, naming `treeSize`: no leaf is in the empty tree).
   * @throws 400 VALIDATION_FAILED naming `treeSize` (beyond the log) or `index` (≥ treeSize).
   */
  async inclusionProof({ index, treeSize }: InclusionProofQueryDto): Promise<InclusionProofDto> {
    const { size } = await readLogState(this.dataSource);
    if (treeSize > size) throw beyondLog('treeSize', treeSize, size);
    if (index >= treeSize)
      throw AppException.validation([{ field: 'index', message: `must be below treeSize (${treeSize})` }]);
    const proof = await proveInclusion(this.dataSource, index, treeSize);
    return {
      index,
      treeSize,
      leafHash: proof.leafHash.toString('base64'),
      rootHash: proof.rootHash.toString('base64'),
      proof: proof.proof.map((hash) => hash.toString('base64')),
    };
  }

  /**
   * RFC 9162 §2.1.4.1: the consistency proof between the trees of the first `from` and `to`
   * leaves (empty when from = 0 or from = to).
   * @throws 400 VALIDATION_FAILED naming `to` (beyond the log) or `from` (above `to`).
   */
  async consistencyProof({ from, to }: ConsistencyProofQueryDto): Promise<ConsistencyProofDto> {
    const { size } = await readLogState(this.dataSource);
    if (to > size) throw beyondLog('to', to, size);
    if (from > to)
      throw AppException.validation([
        { field: 'from', message: `must be at most to (${to})` },
        { field: 'to', message: `must be at least from (${from})` },
      ]);
    const proof = await proveConsistency(this.dataSource, from, to);
    return {
      from,
      to,
      fromRoot: proof.fromRoot.toString('base64'),
      toRoot: proof.toRoot.toString('base64'),
      proof: proof.proof.map((hash) => hash.toString('base64')),
    };
  }

  /** Every party's witness key with the largest checkpoint it cosigned, by party code. */
  private async witnesses(runner: SqlRunner): Promise<CheckpointWitnessDto[]> {
    const rows = (await runner.query(
      `SELECT w.party_id, p.code AS party_code, w.key_name, l.tree_size::text AS tree_size, l.cosigned_at,
              c.root_hash, c.note, ${cosignatureLinesSql('l.tree_size')} AS lines
         FROM log_witnesses w
         JOIN parties p ON p.id = w.party_id
         LEFT JOIN LATERAL (SELECT s.tree_size, s.cosigned_at FROM log_cosignatures s
                             WHERE s.party_id = w.party_id ORDER BY s.tree_size DESC LIMIT 1) l ON true
         LEFT JOIN log_checkpoints c ON c.tree_size = l.tree_size
        ORDER BY p.code`,
    )) as WitnessRow[];
    return rows.map((row) => ({
      partyId: row.party_id,
      partyCode: row.party_code,
      keyName: row.key_name,
      latestCosigned:
        row.tree_size === null
          ? null
          : {
              treeSize: Number(row.tree_size),
              rootHash: row.root_hash!.toString('base64'),
              cosignedAt: row.cosigned_at!.toISOString(),
              note: addSignatures(row.note!, row.lines),
            },
    }));
  }
}

function beyondLog(field: string, value: number, size: number): AppException {
  return AppException.validation([
    { field, message: `is ${value}, beyond the log's ${size} leaves (GET /log/checkpoint gives its size)` },
  ]);
}
