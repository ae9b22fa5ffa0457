import {
  DESCRIPTION_MAX,
  DUE_IN_DAYS_DOC,
  RISK_DOC,
  TITLE_MAX,
  WorkItemFieldsDto,
  WorkItemListQueryDto,
} from '../../kernel/work-item.dto.js';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageOf, given, SearchQuery, shapeAs, sortable, SortQuery, StoredText } from '../../../platform/index.js';
import { dueKeySql, workItemSortable, type Risk } from '../../kernel/work-item.queries.js';
import { TransitionNoteDto } from '../../kernel/transition.dto.js';
import {
  ASSIGNMENT_PRIORITIES,
  ASSIGNMENT_STATUSES,
  type AssignmentPriority,
  type AssignmentStatus,
} from '../entities/assignment.entity.js';
import { PERSON_NAME_MAX } from '../../../registry/index.js';
import { VERSION, text } from '../../../platform/index.js';

/** People one assignment goes to. */
export const ASSIGNEES_MAX = 50;
export const BORDER_SECTOR_MAX = 300;

export class CreateAssignmentDto extends WorkItemFieldsDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(ASSIGNMENT_PRIORITIES)
  priority?: AssignmentPriority;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Active members of the committee.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ASSIGNEES_MAX)
  @IsUUID('all', { each: true })
  assigneeIds!: string[];

  @ApiPropertyOptional({ type: 'string', format: 'uuid', nullable: true, description: 'A party of the committee.' })
  @ValidateIf(given)
  @IsUUID()
  raisingPartyId?: string | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, example: 'Masnaa crossing' })
  @ValidateIf(given)
  @StoredText()
  @IsString()
  @MaxLength(BORDER_SECTOR_MAX)
  borderSector?: string | null;
}

export class UpdateAssignmentDto extends PartialType(CreateAssignmentDto) {}

export class AssignmentTransitionDto extends TransitionNoteDto {
  @ApiProperty({ enum: ASSIGNMENT_STATUSES })
  @IsIn(ASSIGNMENT_STATUSES)
  to!: AssignmentStatus;
}

export const ASSIGNMENT_SORT = workItemSortable('assignment');
/**
 * /me/assignments sorts by due date only: the copy of it on the caller's assignee row
 * (`mine`), which `assignment_assignees_person_due_key_idx` orders.
 */
export const MY_ASSIGNMENT_SORT = sortable({ dueOn: { column: dueKeySql('mine'), type: 'date' } });

export class ListAssignmentsQueryDto extends WorkItemListQueryDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatus;

  @ApiPropertyOptional({ enum: ASSIGNMENT_PRIORITIES })
  @IsOptional()
  @IsIn(ASSIGNMENT_PRIORITIES)
  priority?: AssignmentPriority;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  issueAreaId?: string;

  @SearchQuery('the title, description and border sector')
  q?: string;

  @SortQuery(ASSIGNMENT_SORT, 'Default dueOn (no due date last).')
  declare sort?: string;
}

export class MyAssignmentsQueryDto extends WorkItemListQueryDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatus;

  @SortQuery(MY_ASSIGNMENT_SORT, 'By due date, no due date last.')
  declare sort?: string;
}

export class AssigneeDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty(text(PERSON_NAME_MAX)) nameEn!: string;
  @ApiProperty(text(PERSON_NAME_MAX)) nameAr!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) acknowledgedAt!: Date | null;
}

export class AssignmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) committeeId!: string;
  @ApiProperty(text(TITLE_MAX, 1)) title!: string;
  @ApiProperty(text(DESCRIPTION_MAX)) description!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) issueAreaId!: string | null;
  @ApiProperty({ enum: ASSIGNMENT_PRIORITIES }) priority!: AssignmentPriority;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) dueOn!: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) raisingPartyId!: string | null;
  @ApiProperty({ ...text(BORDER_SECTOR_MAX), nullable: true }) borderSector!: string | null;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
  @ApiProperty({ description: "Derived: due before today in the committee's time zone and not closed." })
  overdue!: boolean;
  @ApiProperty(DUE_IN_DAYS_DOC) dueInDays!: number | null;
  @ApiProperty(RISK_DOC) risk!: Risk | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) sourceDecisionId!: string | null;
  @ApiProperty({ type: [AssigneeDto], maxItems: ASSIGNEES_MAX }) assignees!: AssigneeDto[];
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'In /me/assignments: when you acknowledged it.',
  })
  acknowledgedAt?: Date | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty(VERSION) version!: number;

  /**
   * Exactly the documented fields of a row the service selected under these names (drops its
   * cursor column); `acknowledgedAt` only where selected (/me/assignments).
   */
  static from(row: AssignmentResponseDto): AssignmentResponseDto {
    return shapeAs(AssignmentResponseDto, row);
  }
}

export class AssignmentPageDto extends PageOf(AssignmentResponseDto) {}
