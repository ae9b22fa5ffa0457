import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { Created, IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { CsvExport, EXAMPLE_ID, IdParam, Operation, RequestExample } from '../../platform/index.js';
import {
  CreateDecisionDto,
  CreateMeetingDto,
  DecisionResponseDto,
  ListMeetingsQueryDto,
  MeetingPageDto,
  MeetingResponseDto,
  UpdateMeetingDto,
} from './dto/meeting.dto.js';
import { MeetingsService } from './meetings.service.js';

const COMMITTEE_ID = "The committee's id (`id` in GET /api/v1/committees).";
const MEETING_ID = "The meeting's id (`id` in GET /api/v1/committees/{committeeId}/meetings).";
const IF_MATCH =
  '`If-Match` is required: the `ETag` of the last GET (428 `IF_MATCH_REQUIRED` without it, 412 `VERSION_MISMATCH` when stale).';

@ApiTags('meetings')
@Controller()
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get('committees/:committeeId/meetings')
  @Access({ apiClients: true })
  @Operation({
    id: 'listMeetings',
    summary: "List a committee's meetings",
    description:
      'Pages through the meetings of the committee, with a date range and a sort (cursor paging: `nextCursor` or `Link: rel="next"`). Whoever may see the committee; 404 `NOT_FOUND` otherwise. Errors: 400 `VALIDATION_FAILED` (an inverted range among them).',
  })
  @ApiOkResponse({
    type: MeetingPageDto,
    description: "One page of the committee's meetings (`items`, and `nextCursor`: null on the last page).",
  })
  @CsvExport(MeetingResponseDto, { filename: 'meetings' })
  list(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @Query() query: ListMeetingsQueryDto,
  ): Promise<MeetingPageDto> {
    return this.meetings.list(principal, committeeId, query);
  }

  @Post('committees/:committeeId/meetings')
  @Operation({
    id: 'createMeeting',
    summary: 'Record a meeting',
    description:
      'Records a meeting of the committee: when, where, the agenda, the minutes and who attended. Secretaries and co-chairs of the committee (403 `FORBIDDEN`, `permission: committee.file`, otherwise). Errors: 400 `VALIDATION_FAILED` (an attendee who never held a seat on the committee among them), 404 `NOT_FOUND`, 409 `COMMITTEE_DISSOLVED`. An `Idempotency-Key` header makes a retry safe.',
  })
  @RequestExample(CreateMeetingDto, {
    summary: 'A meeting with one attendee',
    value: {
      startsAt: '2027-01-14T10:00:00+02:00',
      timeZone: 'Asia/Beirut',
      place: 'Beirut, Ministry of Interior and Municipalities',
      agenda: '1. Seizures at the official crossings\n2. Follow-up of the Hermel mapping',
      attendeeIds: [EXAMPLE_ID.person],
    },
    replace: {
      attendeeIds:
        'ids of people who hold or held a seat on the committee (`personId` in GET /api/v1/committees/{committeeId}/members).',
    },
  })
  @Created({ type: MeetingResponseDto, at: '/api/v1/meetings/:id', description: 'The meeting created.' })
  @Access({ roles: ['secretary'] })
  create(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @Body() dto: CreateMeetingDto,
  ): Promise<MeetingResponseDto> {
    return this.meetings.create(principal, committeeId, dto);
  }

  @Get('meetings/:id')
  @Operation({
    id: 'getMeeting',
    summary: 'Read a meeting',
    description:
      'One meeting with its attendees and decisions (each with the work items citing it), and an `ETag` (`If-None-Match` answers 304 when unchanged). Whoever may see its committee; 404 `NOT_FOUND` otherwise.',
  })
  @ApiOkResponse({
    type: MeetingResponseDto,
    description: 'The meeting with its attendees and decisions (and what cites each), with its ETag.',
  })
  @Access({ apiClients: true })
  get(@CurrentPrincipal() principal: Principal, @IdParam('id', MEETING_ID) id: string): Promise<MeetingResponseDto> {
    return this.meetings.get(principal, id);
  }

  @Patch('meetings/:id')
  @Operation({
    id: 'updateMeeting',
    summary: 'Change a meeting',
    description: `Changes the fields sent (\`attendeeIds\` replaces the list). Secretaries and co-chairs of the committee. ${IF_MATCH} Errors: 400 \`VALIDATION_FAILED\`, 404 \`NOT_FOUND\`.`,
  })
  @RequestExample(UpdateMeetingDto, {
    summary: 'Add the minutes',
    value: {
      minutes: 'Both sides reviewed the seizures at Masnaa and agreed to exchange seizure records monthly.',
    },
  })
  @ApiOkResponse({ type: MeetingResponseDto, description: 'The meeting as changed, with its new ETag.' })
  @Access({ roles: ['secretary'] })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', MEETING_ID) id: string,
    @Body() dto: UpdateMeetingDto,
    @IfMatch({ required: true }) ifMatch: IfMatchCondition,
  ): Promise<MeetingResponseDto> {
    return this.meetings.update(principal, id, dto, ifMatch);
  }

  @Post('meetings/:id/decisions')
  @Operation({
    id: 'addDecision',
    summary: 'Record a decision',
    description:
      'Adds a decision to the meeting, numbered after the last one; commitments and assignments cite it (`sourceDecisionId`). Secretaries and co-chairs of the committee. `If-Match` (optional) makes it conditional on the ETag last read of the meeting: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`, 409 `COMMITTEE_DISSOLVED`. An `Idempotency-Key` header makes a retry safe.',
  })
  @RequestExample(CreateDecisionDto, {
    summary: 'A decision',
    value: { text: 'Customs officers of both sides will exchange seizure records every month.' },
  })
  @Created({
    type: DecisionResponseDto,
    at: '/api/v1/meetings/:meetingId/decisions/:id',
    description: 'The decision recorded.',
  })
  @Access({ roles: ['secretary'] })
  addDecision(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', MEETING_ID) id: string,
    @Body() dto: CreateDecisionDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<DecisionResponseDto> {
    return this.meetings.addDecision(principal, id, dto, ifMatch);
  }

  @Get('meetings/:id/decisions/:decisionId')
  @Access({ apiClients: true })
  @Operation({
    id: 'getDecision',
    summary: 'Read a decision',
    description:
      "One decision of the meeting, with the commitments and assignments citing it (as in the meeting's `decisions`): where `Location` points after a decision is recorded. Whoever may see the committee. Errors: 400 `VALIDATION_FAILED` (an id that is not a UUID), 404 `NOT_FOUND` (no such meeting or decision, or a committee the caller may not see).",
  })
  @ApiOkResponse({ type: DecisionResponseDto, description: 'The decision.' })
  getDecision(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', MEETING_ID) id: string,
    @IdParam('decisionId', "The decision's id (`decisions[].id` in GET /api/v1/meetings/{id}).") decisionId: string,
  ): Promise<DecisionResponseDto> {
    return this.meetings.getDecision(principal, id, decisionId);
  }
}
