import { IsDateOrDateTime, IsIntegerIn, PageOf, RangeEnd } from '../../platform/index.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class ListAuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
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
  @MaxLength(200)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: ['create', 'update', 'delete', 'seed'] })
  @IsOptional()
  @IsIn(['create', 'update', 'delete', 'seed'])
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
  @ApiProperty({ description: 'Event number in insertion order (64-bit, as a string); the keyset cursor.' })
  seq!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ enum: ['user', 'api_client', 'system'] }) actorType!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty() entity!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '{ field: { before, after } }; secrets are never recorded.',
  })
  changes!: unknown;
  @ApiProperty({ type: 'string', nullable: true }) requestId!: string | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 0,
    description:
      'Position in the verifiable log (commit order), null until the sequencer has appended the event (about a second after commit).',
  })
  logIndex!: number | null;
  @ApiProperty({
    type: 'string',
    format: 'byte',
    nullable: true,
    description:
      'The leaf hash, base64: SHA-256(0x00 || canonical JSON of the fields above from seq to requestId, keys sorted) (RFC 9162 §2.1.1); check it with GET /log/proof/inclusion.',
  })
  leafHash!: string | null;
}

export class AuditPageDto extends PageOf(AuditEventDto) {}

export class BrokenRecordDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'The leaf where the log stops holding.' })
  logIndex!: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The event concerned, when known.' })
  seq!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The checkpoint concerned, when one does not hold.' })
  treeSize!: number | null;
  @ApiProperty() reason!: string;
}

export class AuditVerificationDto {
  @ApiProperty({ description: 'True when every leaf, stored subtree and checkpoint holds.' }) ok!: boolean;
  @ApiProperty({ type: 'integer', description: 'Leaves recomputed from their events.' }) checked!: number;
  @ApiProperty({ type: 'integer', description: 'Leaves in the log.' }) treeSize!: number;
  @ApiProperty({ type: 'integer', description: 'Signed checkpoints checked (root and signature).' })
  checkpoints!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Committed events the sequencer has not appended yet (normally 0 a second after the last write).',
  })
  unsequenced!: number;
  @ApiProperty({ type: BrokenRecordDto, nullable: true, description: 'The first thing found not to hold.' })
  firstBroken!: BrokenRecordDto | null;
}
