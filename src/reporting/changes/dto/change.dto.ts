import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsIntegerIn, int32, int64, text } from '../../../platform/index.js';
import { CHANGE_KINDS } from '../change-kinds.js';

/** Changes per answer at most, and by default. */
export const CHANGES_MAX_LIMIT = 200;
export const CHANGES_DEFAULT_LIMIT = 100;
/** The longest `nextCursor`: a log index (at most 2^53 − 1) in decimal. */
const CURSOR_MAX_LENGTH = 16;

/** A decimal integer as the query sent it, or NaN (a 400 naming the field) for anything else ("1e3", "0x10", " 7"). */
const strictInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value === undefined ? undefined : NaN;

export class ListChangesQueryDto {
  @ApiPropertyOptional({
    ...int64(),
    description:
      'The `nextCursor` of the previous answer (how many log entries were read: the changes from log index `after` on). Omit it, or send 0, to start from the first change ever made.',
  })
  @IsOptional()
  @Transform(strictInteger)
  @IsIntegerIn(0, Number.MAX_SAFE_INTEGER)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: CHANGES_MAX_LIMIT, default: CHANGES_DEFAULT_LIMIT })
  @IsOptional()
  @Transform(strictInteger)
  @IsIntegerIn(1, CHANGES_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ enum: CHANGE_KINDS, description: 'Only changes of this kind of record.' })
  @IsOptional()
  @IsIn(CHANGE_KINDS, { message: `must be one of ${CHANGE_KINDS.join(', ')}` })
  entity?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Only changes of this committee's records (404 `NOT_FOUND` when the caller may not see it); registry and account changes have none.",
  })
  @IsOptional()
  @IsUUID('all')
  committeeId?: string;
}

/** One change: what was changed (entity, id), how, when, and where (the committee). */
export class ChangeDto {
  @ApiProperty({
    ...int64(),
    description:
      "The change's position in the verifiable log (commit order; GET /log/proof/inclusion proves it): what `after` pages by.",
  })
  logIndex!: number;
  @ApiProperty({ enum: CHANGE_KINDS, description: 'The kind of record (its table).' }) entity!: string;
  @ApiProperty({
    ...text(200),
    description:
      "The record's id (a UUID; an assignee is `<assignmentId>:<personId>`, the demo seed `demo`): GET the record to read it.",
  })
  id!: string;
  @ApiProperty({ enum: ['create', 'update', 'delete', 'seed'] }) action!: string;
  @ApiProperty({
    ...int32(1),
    nullable: true,
    description:
      "The record's `version` when this answer was read (not necessarily the one this change made: a later change may have followed, and will come later in the feed); null for a record without one (decisions, updates, assignees, witnesses) or no longer there.",
  })
  version!: number | null;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'When the change was made (server time).' })
  occurredAt!: string;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description:
      "The committee of the record (a committee's own id for a committee); null for registry and account records.",
  })
  committeeId!: string | null;
}

export class ChangePageDto {
  @ApiProperty({ type: [ChangeDto], maxItems: CHANGES_MAX_LIMIT }) items!: ChangeDto[];
  @ApiProperty({
    type: 'string',
    pattern: '^\\d{1,16}$',
    maxLength: CURSOR_MAX_LENGTH,
    description:
      'Where the next request starts (the log entries read so far, visible to you or not): send it as `after`, or follow `Link: rel="next"`. Always present: store it with what you processed, and poll with it.',
  })
  nextCursor!: string;
  @ApiProperty({
    description:
      'True when `nextCursor` is the end of the log as of this answer: poll again later. False: more may be waiting now (a full page, or a stretch of the log with nothing you may see): ask again at once.',
  })
  caughtUp!: boolean;
}
