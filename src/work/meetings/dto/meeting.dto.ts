import { FreeText, IsDateOrDateTime, IsDateTimeWithOffset, RangeEnd, StoredText } from '../../../platform/index.js';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { ListQueryDto, PageOf, SearchQuery, shapeAs, SortQuery, sortable } from '../../../platform/index.js';
import type { Decision } from '../entities/decision.entity.js';
import type { Meeting } from '../entities/meeting.entity.js';
import { IsTimeZone } from '../../../platform/index.js';
import { PERSON_NAME_MAX } from '../../../registry/index.js';
import { TIME_ZONE_MAX_LENGTH, VERSION, int32, text } from '../../../platform/index.js';

export const PLACE_MAX = 300;
export const AGENDA_MAX = 20_000;
export const MINUTES_MAX = 100_000;
/** People recorded as present at one meeting. */
export const ATTENDEES_MAX = 200;
export const DECISION_TEXT_MAX = 20_000;

export class CreateMeetingDto {
  @ApiProperty({ example: '2025-10-31T10:00:00+02:00', description: 'Start time with its offset (RFC 3339).' })
  @IsDateTimeWithOffset()
  startsAt!: string;

  @ApiPropertyOptional({ example: 'Asia/Beirut', description: "Zone to show the time in; default the committee's." })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiProperty({ example: 'Beirut, Ministry of Interior' })
  @FreeText()
  @IsString()
  @Length(1, PLACE_MAX)
  place!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @StoredText()
  @IsString()
  @MaxLength(AGENDA_MAX)
  agenda?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @StoredText()
  @IsString()
  @MaxLength(MINUTES_MAX)
  minutes?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'People who hold or held a seat on the committee.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ATTENDEES_MAX)
  @IsUUID('all', { each: true })
  attendeeIds?: string[];
}

export class UpdateMeetingDto extends PartialType(CreateMeetingDto) {}

export class CreateDecisionDto {
  @ApiProperty({ example: 'Both sides will exchange intelligence on narcotics networks every two weeks.' })
  @FreeText()
  @IsString()
  @Length(1, DECISION_TEXT_MAX)
  text!: string;
}

export const MEETING_SORT = sortable({
  startsAt: { column: 'starts_at', type: 'timestamptz' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
});

export class ListMeetingsQueryDto extends ListQueryDto {
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

  @SearchQuery("the place, agenda and minutes, and the text of the meeting's decisions")
  q?: string;

  @SortQuery(MEETING_SORT, 'Default -startsAt.')
  declare sort?: string;
}

export class AttendeeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(text(PERSON_NAME_MAX)) nameEn!: string;
  @ApiProperty(text(PERSON_NAME_MAX)) nameAr!: string;
  @ApiProperty({ format: 'uuid' }) partyId!: string;
}

export class DecisionResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ ...int32(1), description: 'Its number within the meeting, from 1.' }) number!: number;
  @ApiProperty(text(DECISION_TEXT_MAX, 1)) text!: string;
  @ApiProperty({
    type: 'object',
    properties: {
      commitmentIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
      assignmentIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
    },
  })
  citedBy!: { commitmentIds: string[]; assignmentIds: string[] };
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;

  static from(decision: Omit<Decision, 'meeting'>, citedBy: DecisionResponseDto['citedBy']): DecisionResponseDto {
    return shapeAs(DecisionResponseDto, { ...decision, citedBy });
  }
}

export class MeetingResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) committeeId!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) startsAt!: Date;
  @ApiProperty(text(TIME_ZONE_MAX_LENGTH, 1)) timeZone!: string;
  @ApiProperty(text(PLACE_MAX, 1)) place!: string;
  @ApiProperty(text(AGENDA_MAX)) agenda!: string;
  @ApiProperty(text(MINUTES_MAX)) minutes!: string;
  @ApiProperty({ type: [AttendeeDto], maxItems: ATTENDEES_MAX }) attendees!: AttendeeDto[];
  @ApiProperty({ type: [DecisionResponseDto] }) decisions!: DecisionResponseDto[];
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty(VERSION) version!: number;

  static from(
    meeting: Meeting,
    related: { attendees: AttendeeDto[]; decisions: DecisionResponseDto[] },
  ): MeetingResponseDto {
    return shapeAs(MeetingResponseDto, { ...meeting, ...related });
  }
}

export class MeetingPageDto extends PageOf(MeetingResponseDto) {}
