import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { IsIntegerIn, LOG_ORIGIN_MAX_LENGTH, decimalInteger, int64, text } from '../../../platform/index.js';
import { PARTY_CODE } from '../../../registry/index.js';
import { LOG_VERIFIER_KEY_MAX_LENGTH, NOTE_MAX_LENGTH, WITNESS_KEY_MAX_LENGTH, hash, proof } from './bounds.js';

/**
 * A tree size or leaf index, `min` … 2^53 − 1: anything else is one 400 message naming it
 * ("must be an integer from 0 to 9007199254740991"), whatever is wrong with the value.
 */
const Count = (min = 0) => applyDecorators(Transform(decimalInteger), IsIntegerIn(min, Number.MAX_SAFE_INTEGER));

/** The OpenAPI schema of a `Count(min)`. */
const countSchema = (min = 0) => int64(min);

export class LogKeyDto {
  @ApiProperty({
    example: 'tansiq.example/audit-log',
    description: "The log's origin: the checkpoints' first line.",
    ...text(LOG_ORIGIN_MAX_LENGTH, 1),
  })
  origin!: string;

  @ApiProperty({
    example: 'tansiq.example/audit-log+1a2b3c4d+AUmpqc0NtxtZ9JWh/vJ1lTDOY3gTvsdpOQHQXYmWkJ9f',
    description:
      "The log's verifier key (c2sp.org/signed-note, golang.org/x/mod/sumdb/note): `<origin>+<8 hex key ID>+<base64(0x01 || Ed25519 public key)>`.",
    ...text(LOG_VERIFIER_KEY_MAX_LENGTH),
  })
  verifierKey!: string;
}

export class CosignedCheckpointDto {
  @ApiProperty(int64()) treeSize!: number;
  @ApiProperty(hash('Base64 (RFC 9162 §2.1.1 MTH).')) rootHash!: string;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: "The cosignature's timestamp (c2sp.org/tlog-cosignature, POSIX seconds).",
  })
  cosignedAt!: string;
  @ApiProperty({
    description: "That checkpoint's signed note: the log's signature and every stored cosignature of it.",
    ...text(NOTE_MAX_LENGTH),
  })
  note!: string;
}

export class CheckpointWitnessDto {
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty({ example: 'LB', ...text(PARTY_CODE.max, PARTY_CODE.min) }) partyCode!: string;
  @ApiProperty({
    description: "The name of the party's witness key (its cosignature lines start `— <keyName> `).",
    ...text(WITNESS_KEY_MAX_LENGTH, 1),
  })
  keyName!: string;
  @ApiProperty({
    type: CosignedCheckpointDto,
    nullable: true,
    description: 'The largest checkpoint the party cosigned (whichever checkpoint was asked); null before its first.',
  })
  latestCosigned!: CosignedCheckpointDto | null;
}

export class CheckpointDto {
  @ApiProperty({ example: 'tansiq.example/audit-log', ...text(LOG_ORIGIN_MAX_LENGTH, 1) }) origin!: string;
  @ApiProperty({ ...int64(), description: 'Leaves in the tree this checkpoint commits to.' })
  treeSize!: number;
  @ApiProperty(hash('Base64 (RFC 9162 §2.1.1 MTH).')) rootHash!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) signedAt!: string;
  @ApiProperty({
    description:
      "The checkpoint as a signed note (c2sp.org/tlog-checkpoint): its text, a blank line, the log's signature line, then one line per stored cosignature of this checkpoint (c2sp.org/tlog-cosignature).",
    ...text(NOTE_MAX_LENGTH),
  })
  note!: string;
  @ApiProperty({ type: [CheckpointWitnessDto], description: "Every party's witness key and what it last cosigned." })
  witnesses!: CheckpointWitnessDto[];
}

export class CheckpointQueryDto {
  @ApiPropertyOptional({
    ...countSchema(),
    description: 'The stored checkpoint of exactly this size (404 CHECKPOINT_NOT_FOUND when none); default the latest.',
  })
  @IsOptional()
  @Count()
  treeSize?: number;
}

export class InclusionProofQueryDto {
  @ApiProperty({
    ...countSchema(),
    description: 'The leaf (an audit event’s `logIndex`); below `treeSize`.',
  })
  @Count()
  index!: number;

  @ApiProperty({
    ...countSchema(1),
    description:
      "Any tree size from 1 (a leaf needs a tree that holds it) up to the log's current size (a checkpoint's, typically).",
  })
  @Count(1)
  treeSize!: number;
}

export class InclusionProofDto {
  @ApiProperty(int64()) index!: number;
  @ApiProperty(int64(1)) treeSize!: number;
  @ApiProperty(hash('Base64: SHA-256(0x00 || leaf data).'))
  leafHash!: string;
  @ApiProperty(hash('Base64: MTH of the first `treeSize` leaves.'))
  rootHash!: string;
  @ApiProperty(proof('The audit path, base64, bottom-up (RFC 9162 §2.1.3.1); verify by §2.1.3.2.'))
  proof!: string[];
}

export class ConsistencyProofQueryDto {
  @ApiProperty({ ...countSchema(), description: 'The smaller tree size; at most `to`.' })
  @Count()
  from!: number;

  @ApiProperty({ ...countSchema(), description: "The larger tree size; at most the log's current size." })
  @Count()
  to!: number;
}

export class ConsistencyProofDto {
  @ApiProperty(int64()) from!: number;
  @ApiProperty(int64()) to!: number;
  @ApiProperty(hash('Base64: MTH of the first `from` leaves.'))
  fromRoot!: string;
  @ApiProperty(hash('Base64: MTH of the first `to` leaves.'))
  toRoot!: string;
  @ApiProperty(
    proof(
      'Base64 (RFC 9162 §2.1.4.1); verify by §2.1.4.2. Empty when from = 0 or from = to (then the roots alone decide).',
    ),
  )
  proof!: string[];
}
