import {
  IsDateOrDateTime,
  IsIntegerIn,
  PageOf,
  decimalInteger,
  RangeEnd,
  SHA256_BASE64_LENGTH,
  int64,
  text,
} from '../../platform/index.js';

/** `seq`: a bigint in decimal (at most 19 digits). */
const SEQ = { type: 'string', pattern: '^[0-9]{1,19}$', minLength: 1, maxLength: 19 } as const;
/** The actions an audit event records. */
const AUDIT_ACTIONS = ['create', 'update', 'delete', 'seed'];
/** `entity`: a table name (PostgreSQL identifiers are at most 63 bytes). */
const ENTITY_MAX_LENGTH = 63;
/** `entityId`: the record's id, or its key columns joined by `:` (a UUID or two); empty when unknown. */
const ENTITY_ID_MAX_LENGTH = 200;
/** `requestId`: an X-Request-Id as kept (at most 128 characters) or a UUID. */
const REQUEST_ID_MAX_LENGTH = 128;
/** The longest `reason` of a broken record. */
export const BROKEN_REASON_MAX_LENGTH = 2000;
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class ListAuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(decimalInteger)
  @IsIntegerIn(1, 200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  cursor?: string;

  @ApiPropertyOptional({ example: 'commitments', description: 'Table name of the record.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entity?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(ENTITY_ID_MAX_LENGTH)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateOrDateTime()
  @RangeEnd('to', 'start')
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateOrDateTime()
  @RangeEnd('from', 'end')
  to?: string;
}

export class AuditEventDto {
  @ApiProperty({ ...SEQ, description: 'Event number in insertion order (64-bit, as a string); the keyset cursor.' })
  seq!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ enum: ['user', 'api_client', 'system'] }) actorType!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiProperty(text(ENTITY_MAX_LENGTH, 1)) entity!: string;
  @ApiProperty(text(ENTITY_ID_MAX_LENGTH)) entityId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '{ field: { before, after } }; secrets are never recorded.',
  })
  changes!: unknown;
  @ApiProperty({ ...text(REQUEST_ID_MAX_LENGTH, 1), nullable: true }) requestId!: string | null;
  @ApiProperty({
    ...int64(),
    nullable: true,
    description:
      'Position in the verifiable log (commit order), null until the sequencer has appended the event (about a second after commit).',
  })
  logIndex!: number | null;
  @ApiProperty({
    type: 'string',
    format: 'byte',
    minLength: SHA256_BASE64_LENGTH,
    maxLength: SHA256_BASE64_LENGTH,
    nullable: true,
    description:
      'The leaf hash, base64: SHA-256(0x00 || canonical JSON of the fields above from seq to requestId, keys sorted) (RFC 9162 §2.1.1); check it with GET /log/proof/inclusion.',
  })
  leafHash!: string | null;
}

export class AuditPageDto extends PageOf(AuditEventDto) {}

export class BrokenRecordDto {
  @ApiProperty({ ...int64(), nullable: true, description: 'The leaf where the log stops holding.' })
  logIndex!: number | null;
  @ApiProperty({ ...SEQ, nullable: true, description: 'The event concerned, when known.' })
  seq!: string | null;
  @ApiProperty({ ...int64(), nullable: true, description: 'The checkpoint concerned, when one does not hold.' })
  treeSize!: number | null;
  @ApiProperty(text(BROKEN_REASON_MAX_LENGTH, 1)) reason!: string;
}

export class AuditVerificationDto {
  @ApiProperty({ description: 'True when every leaf, stored subtree and checkpoint holds.' }) ok!: boolean;
  @ApiProperty({ ...int64(), description: 'Leaves recomputed from their events.' }) checked!: number;
  @ApiProperty({ ...int64(), description: 'Leaves in the log.' }) treeSize!: number;
  @ApiProperty({ ...int64(), description: 'Signed checkpoints checked (root and signature).' })
  checkpoints!: number;
  @ApiProperty({
    ...int64(),
    description: 'Committed events the sequencer has not appended yet (normally 0 a second after the last write).',
  })
  unsequenced!: number;
  @ApiProperty({ type: BrokenRecordDto, nullable: true, description: 'The first thing found not to hold.' })
  firstBroken!: BrokenRecordDto | null;
}
