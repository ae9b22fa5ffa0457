import { IsDateOrDateTime, PageOf, shapeAs, type AuditEvent } from '../../platform/index.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class ListAuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
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

  @ApiPropertyOptional({ enum: ['create', 'update', 'delete'] })
  @IsOptional()
  @IsIn(['create', 'update', 'delete'])
  action?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateOrDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateOrDateTime()
  to?: string;
}

export class AuditEventDto {
  @ApiProperty({ description: 'Position in the chain (string: 64-bit).' }) seq!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) occurredAt!: Date;
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
  changes!: Record<string, unknown>;
  @ApiProperty({ type: 'string', nullable: true }) requestId!: string | null;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;

  static from(event: AuditEvent): AuditEventDto {
    return shapeAs(AuditEventDto, event);
  }
}

export class AuditPageDto extends PageOf(AuditEventDto) {}

export class AuditVerificationDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Events checked.' }) checked!: number;
  @ApiProperty({
    nullable: true,
    type: 'object',
    properties: { seq: { type: 'string' }, reason: { type: 'string' } },
    description: 'The first event whose hash or link does not hold.',
  })
  firstBroken!: { seq: string; reason: string } | null;
}
