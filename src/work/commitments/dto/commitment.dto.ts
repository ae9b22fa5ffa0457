import {
  DESCRIPTION_MAX,
  DUE_IN_DAYS_DOC,
  RISK_DOC,
  TITLE_MAX,
  WorkItemFieldsDto,
  WorkItemListQueryDto,
} from '../../kernel/work-item.dto.js';
import type { Risk } from '../../kernel/work-item.queries.js';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { IsIntegerIn, PageOf, SearchQuery, SortQuery, given, shapeAs } from '../../../platform/index.js';
import { workItemSortable } from '../../kernel/work-item.queries.js';
import { TransitionNoteDto } from '../../kernel/transition.dto.js';
import { COMMITMENT_STATUSES, type CommitmentStatus } from '../entities/commitment.entity.js';
import { PARTY_CODE } from '../../../registry/index.js';
import { PROGRESS, VERSION, text } from '../../../platform/index.js';

export class CreateCommitmentDto extends WorkItemFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'The party that pledges: one of the committee’s parties.' })
  @IsUUID()
  ownerPartyId!: string;

  @ApiPropertyOptional({ type: 'string', format: 'uuid', nullable: true, description: 'An agency of the owner party.' })
  @ValidateIf(given)
  @IsUUID()
  agencyId?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 0 })
  @IsOptional()
  @IsIntegerIn(0, 100)
  progress?: number;
}

/** The owner party does not change: withdraw and record a new commitment instead. */
export class UpdateCommitmentDto extends PartialType(OmitType(CreateCommitmentDto, ['ownerPartyId'] as const)) {}

export class CommitmentTransitionDto extends TransitionNoteDto {
  @ApiProperty({ enum: COMMITMENT_STATUSES })
  @IsIn(COMMITMENT_STATUSES)
  to!: CommitmentStatus;
}

export const COMMITMENT_SORT = workItemSortable('commitment');

export class ListCommitmentsQueryDto extends WorkItemListQueryDto {
  @ApiPropertyOptional({ enum: COMMITMENT_STATUSES })
  @IsOptional()
  @IsIn(COMMITMENT_STATUSES)
  status?: CommitmentStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ownerPartyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  issueAreaId?: string;

  @SearchQuery('the title and description')
  q?: string;

  @SortQuery(COMMITMENT_SORT, 'Default dueOn (no due date last).')
  declare sort?: string;
}

export class CommitmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) committeeId!: string;
  @ApiProperty({ format: 'uuid' }) ownerPartyId!: string;
  @ApiProperty(text(PARTY_CODE.max, PARTY_CODE.min)) ownerPartyCode!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) agencyId!: string | null;
  @ApiProperty(text(TITLE_MAX, 1)) title!: string;
  @ApiProperty(text(DESCRIPTION_MAX)) description!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) issueAreaId!: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) dueOn!: string | null;
  @ApiProperty({ ...PROGRESS, description: 'Percent.' }) progress!: number;
  @ApiProperty({ enum: COMMITMENT_STATUSES }) status!: CommitmentStatus;
  @ApiProperty({ description: "Derived: due before today in the committee's time zone and not closed." })
  overdue!: boolean;
  @ApiProperty(DUE_IN_DAYS_DOC) dueInDays!: number | null;
  @ApiProperty(RISK_DOC) risk!: Risk | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) sourceDecisionId!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty(VERSION) version!: number;

  /** Exactly the documented fields of a row the service selected under these names (drops its cursor column). */
  static from(row: CommitmentResponseDto): CommitmentResponseDto {
    return shapeAs(CommitmentResponseDto, row);
  }
}

export class CommitmentPageDto extends PageOf(CommitmentResponseDto) {}
