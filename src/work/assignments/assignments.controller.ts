import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { Created, IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { CsvExport, EXAMPLE_ID, IdParam, Operation, RequestExample } from '../../platform/index.js';
import { AssignmentsService } from './assignments.service.js';
import {
  AssignmentPageDto,
  AssignmentResponseDto,
  AssignmentTransitionDto,
  CreateAssignmentDto,
  ListAssignmentsQueryDto,
  UpdateAssignmentDto,
} from './dto/assignment.dto.js';

const COMMITTEE_ID = "The committee's id (`id` in GET /api/v1/committees).";
const ASSIGNMENT_ID =
  "The assignment's id (`id` in GET /api/v1/committees/{committeeId}/assignments or GET /api/v1/me/assignments).";

@ApiTags('assignments')
@Controller()
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get('committees/:committeeId/assignments')
  @Access({ apiClients: true })
  @Operation({
    id: 'listAssignments',
    summary: "List a committee's assignments",
    description:
      'Pages through the assignments of the committee, with filters (status, assignee, overdue, due-date range, …) and a sort (cursor paging: `nextCursor` or `Link: rel="next"`). Whoever may see the committee; 404 `NOT_FOUND` otherwise. Errors: 400 `VALIDATION_FAILED`.',
  })
  @ApiOkResponse({
    type: AssignmentPageDto,
    description: "One page of the committee's assignments (`items`, and `nextCursor`: null on the last page).",
  })
  @CsvExport(AssignmentResponseDto, { filename: 'assignments' })
  list(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @Query() query: ListAssignmentsQueryDto,
  ): Promise<AssignmentPageDto> {
    return this.assignments.list(principal, committeeId, query);
  }

  @Post('committees/:committeeId/assignments')
  @Operation({
    id: 'createAssignment',
    summary: 'Give an assignment',
    description:
      'Gives a task to one or more active members of the committee (liaison officers, usually); it starts `open`. Secretaries and co-chairs of the committee (403 `FORBIDDEN`, `permission: committee.file`, otherwise). Errors: 400 `VALIDATION_FAILED` (an assignee without an active seat, a decision of another committee, a party not of the committee), 404 `NOT_FOUND`, 409 `COMMITTEE_DISSOLVED`. An `Idempotency-Key` header makes a retry safe (the same key and body within 24 h answer the stored response with `Idempotent-Replayed: true`).',
  })
  @RequestExample(CreateAssignmentDto, {
    summary: 'Map a border sector',
    value: {
      title: 'Map illegal crossings in the Hermel sector',
      description: 'List every crossing used in the last three months, with coordinates.',
      issueAreaId: EXAMPLE_ID.issueArea,
      dueOn: '2027-03-31',
      sourceDecisionId: EXAMPLE_ID.decision,
      priority: 'high',
      assigneeIds: [EXAMPLE_ID.person],
      raisingPartyId: EXAMPLE_ID.party,
      borderSector: 'Hermel sector',
    },
    replace: {
      issueAreaId: 'an issue area (GET /api/v1/issue-areas), or null.',
      sourceDecisionId:
        "a decision of one of the committee's meetings (`decisions[].id` in GET /api/v1/meetings/{id}), or null.",
      assigneeIds:
        'people with an active seat on the committee (`personId` in GET /api/v1/committees/{committeeId}/members).',
      raisingPartyId: 'a party of the committee (`partyIds` in GET /api/v1/committees/{committeeId}), or null.',
    },
  })
  @Created({ type: AssignmentResponseDto, at: '/api/v1/assignments/:id', description: 'The assignment created.' })
  @Access({ roles: ['secretary'] })
  create(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @Body() dto: CreateAssignmentDto,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.create(principal, committeeId, dto);
  }

  @Get('assignments/:id')
  @Operation({
    id: 'getAssignment',
    summary: 'Read an assignment',
    description:
      'One assignment with its assignees and their acknowledgements, and an `ETag` (`If-None-Match` answers 304 when unchanged). Whoever may see its committee; 404 `NOT_FOUND` otherwise.',
  })
  @ApiOkResponse({
    type: AssignmentResponseDto,
    description: 'The assignment with its assignees and their acknowledgements, with its ETag.',
  })
  @Access({ apiClients: true })
  get(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', ASSIGNMENT_ID) id: string,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.get(principal, id);
  }

  @Patch('assignments/:id')
  @Operation({
    id: 'updateAssignment',
    summary: 'Change an assignment',
    description:
      'Changes the fields sent (`assigneeIds` replaces the list); the status moves only by POST …/transitions. Secretaries and co-chairs of the committee. `If-Match` is required: the `ETag` of the last GET (428 `IF_MATCH_REQUIRED` without it, 412 `VERSION_MISMATCH` when stale). Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`.',
  })
  @RequestExample(UpdateAssignmentDto, {
    summary: 'Raise the priority and move the due date',
    value: { priority: 'urgent', dueOn: '2027-02-26' },
  })
  @ApiOkResponse({ type: AssignmentResponseDto, description: 'The assignment as changed, with its new ETag.' })
  @Access({ roles: ['secretary'] })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', ASSIGNMENT_ID) id: string,
    @Body() dto: UpdateAssignmentDto,
    @IfMatch({ required: true }) ifMatch: IfMatchCondition,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.update(principal, id, dto, ifMatch);
  }

  @Post('assignments/:id/transitions')
  @Access({ roles: ['secretary', 'liaison_officer'] })
  @HttpCode(200)
  @Operation({
    id: 'transitionAssignment',
    summary: 'Move an assignment to another state',
    description:
      'Moves the assignment along its workflow: `open` → `in_progress`, `in_progress` ⇄ `blocked`, `in_progress` or `blocked` → `done` (assignees and secretaries); `open`, `in_progress` or `blocked` → `cancelled` and `done` → `in_progress` (secretaries only). An update entry records the move with the note. Secretaries and co-chairs of the committee, and the assignees. `If-Match` (optional) makes it conditional on the ETag last read of the assignment: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 403 `FORBIDDEN` (with `allowedActors`), 404 `NOT_FOUND`, 409 `TRANSITION_NOT_ALLOWED` (with `currentState` and `allowedTransitions`).',
  })
  @RequestExample(AssignmentTransitionDto, {
    summary: 'Start work on an open assignment',
    value: { to: 'in_progress', note: 'Field team deployed to the sector.' },
  })
  @ApiOkResponse({
    type: AssignmentResponseDto,
    description:
      'Moved; an update entry records it. 409 for a move the workflow does not allow from the current state.',
  })
  transition(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', ASSIGNMENT_ID) id: string,
    @Body() dto: AssignmentTransitionDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.transition(principal, id, dto, ifMatch);
  }

  @Post('assignments/:id/acknowledgement')
  @Access({ roles: ['secretary', 'liaison_officer'] })
  @HttpCode(200)
  @Operation({
    id: 'acknowledgeAssignment',
    summary: 'Acknowledge an assignment',
    description:
      'The calling assignee confirms they received the assignment (`acknowledgedAt`); again changes nothing. Assignees only (403 `FORBIDDEN`, `permission: assignment.act`, otherwise). `If-Match` (optional) makes it conditional on the ETag last read of the assignment: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`.',
  })
  @ApiOkResponse({
    type: AssignmentResponseDto,
    description: 'Receipt confirmed by the calling assignee (idempotent).',
  })
  acknowledge(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', ASSIGNMENT_ID) id: string,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.acknowledge(principal, id, ifMatch);
  }
}
