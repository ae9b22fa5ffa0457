import { IsDateOrDateTime, IsDateTimeWithOffset, RangeEnd } from '../../../platform/index.js';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { trim } from '../../../platform/index.js';
import { ListQueryDto, PageOf, shapeAs, SortQuery, sortable } from '../../../platform/index.js';
import type { Decision } from '../entities/decision.entity.js';
import type { Meeting } from '../entities/meeting.entity.js';
import { IsTimeZone } from '../../../platform/index.js';

export class CreateMeetingDto {
  @ApiProperty({ example: '2025-10-31T10:00:00+02:00', description: 'Start time with its offset (RFC 3339).' })
  @IsDateTimeWithOffset()
  startsAt!: string;

  @ApiPropertyOptional({ example: 'Asia/Beirut', description: "Zone to show the time in; default the committee's." })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiProperty({ example: 'Beirut, Ministry of Interior' })
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  place!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  agenda?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  minutes?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'People who hold or held a seat on the committee.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  attendeeIds?: string[];
}

export class UpdateMeetingDto extends PartialType(CreateMeetingDto) {}

export class CreateDecisionDto {
  @ApiProperty({ example: 'Both sides will exchange intelligence on narcotics networks every two weeks.' })
  @Transform(trim)
  @IsString()
  @Length(1, 20_000)
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

  @SortQuery(MEETING_SORT, 'Default -startsAt.')
  declare sort?: string;
}

export class AttendeeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() nameAr!: string;
  @ApiProperty({ format: 'uuid' }) partyId!: string;
}

export class DecisionResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty() number!: number;
  @ApiProperty() text!: string;
  @ApiProperty({
    type: 'object',
    properties: {
      commitmentIds: { type: 'array', items: { type: 'string' } },
      assignmentIds: { type: 'array', items: { type: 'string' } },
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
  @ApiProperty() timeZone!: string;
  @ApiProperty() place!: string;
  @ApiProperty() agenda!: string;
  @ApiProperty() minutes!: string;
  @ApiProperty({ type: [AttendeeDto] }) attendees!: AttendeeDto[];
  @ApiProperty({ type: [DecisionResponseDto] }) decisions!: DecisionResponseDto[];
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty() version!: number;

  static from(
    meeting: Meeting,
    related: { attendees: AttendeeDto[]; decisions: DecisionResponseDto[] },
  ): MeetingResponseDto {
    return shapeAs(MeetingResponseDto, { ...meeting, ...related });
  }
}

export class MeetingPageDto extends PageOf(MeetingResponseDto) {}
