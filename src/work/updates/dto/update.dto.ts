import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { FreeText, IsIntegerIn } from '../../../platform/index.js';
import { ListQueryDto, PageOf, SearchQuery, shapeAs, SortQuery, sortable } from '../../../platform/index.js';
import type { Update } from '../../kernel/update.entity.js';
import { PROGRESS, text } from '../../../platform/index.js';
import { ASSIGNMENT_STATUSES, COMMITMENT_STATUSES } from '../../kernel/workflows.js';

/**
 * An update's body: what was posted (at most 20,000 characters) or a transition's note (at
 * most 10,000, TransitionNoteDto) or the fixed text of a transition without one.
 */
export const UPDATE_BODY_MAX = 20_000;
/** The states an update may record a move between (assignments' and commitments'). */
const WORK_ITEM_STATUSES = [...new Set([...ASSIGNMENT_STATUSES, ...COMMITMENT_STATUSES])];

export class CreateUpdateDto {
  @ApiProperty({ example: 'Joint patrol closed two illegal crossings near Hermel.' })
  @FreeText()
  @IsString()
  @Length(1, UPDATE_BODY_MAX)
  body!: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    description: "For a commitment, also becomes the commitment's progress.",
  })
  @IsOptional()
  @IsIntegerIn(0, 100)
  progress?: number;
}

export const UPDATE_SORT = sortable({ createdAt: { column: 'created_at', type: 'timestamptz' } });

export class ListUpdatesQueryDto extends ListQueryDto {
  @SearchQuery('the text of the entries')
  q?: string;

  @SortQuery(UPDATE_SORT, 'Default: oldest first (createdAt); -createdAt for newest first.')
  declare sort?: string;
}

export class UpdateResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) assignmentId!: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) commitmentId!: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) authorUserId!: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) authorPersonId!: string | null;
  @ApiProperty(text(UPDATE_BODY_MAX, 1)) body!: string;
  @ApiProperty({ ...PROGRESS, nullable: true }) progress!: number | null;
  @ApiProperty({ enum: WORK_ITEM_STATUSES, nullable: true }) fromStatus!: string | null;
  @ApiProperty({ enum: WORK_ITEM_STATUSES, nullable: true }) toStatus!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;

  static from(update: Update): UpdateResponseDto {
    return shapeAs(UpdateResponseDto, update);
  }
}

export class UpdatePageDto extends PageOf(UpdateResponseDto) {}
