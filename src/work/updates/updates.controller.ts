import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import {
  Created,
  CsvExport,
  IdParam,
  IfMatch,
  Operation,
  RequestExample,
  type IfMatchCondition,
} from '../../platform/index.js';
import { CreateUpdateDto, ListUpdatesQueryDto, UpdatePageDto, UpdateResponseDto } from './dto/update.dto.js';
import { UpdatesService } from './updates.service.js';

/** Timelines: append-only, so there is no PATCH or DELETE; a correction is a new entry. */
const ASSIGNMENT_ID = "The assignment's id (`id` in GET /api/v1/committees/{committeeId}/assignments).";
const COMMITMENT_ID = "The commitment's id (`id` in GET /api/v1/committees/{committeeId}/commitments).";
const LIST =
  'Pages through the timeline, oldest first (`sort=-createdAt`: newest first; cursor paging: `nextCursor` or `Link: rel="next"`): notes, progress reports and the workflow moves. Whoever may see the committee; 404 `NOT_FOUND` otherwise. Errors: 400 `VALIDATION_FAILED`.';

@ApiTags('updates')
@Controller()
export class UpdatesController {
  constructor(private readonly updates: UpdatesService) {}

  @Get('assignments/:id/updates')
  @Access({ apiClients: true })
  @Operation({ id: 'listAssignmentUpdates', summary: "Read an assignment's timeline", description: LIST })
  @ApiOkResponse({
    type: UpdatePageDto,
    description: "One page of the assignment's timeline (`items`, and `nextCursor`: null on the last page).",
  })
  @CsvExport(UpdateResponseDto, { filename: 'assignment-updates' })
  listForAssignment(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', ASSIGNMENT_ID) id: string,
    @Query() query: ListUpdatesQueryDto,
  ): Promise<UpdatePageDto> {
    return this.updates.list(principal, { assignmentId: id }, query);
  }

  @Get('assignments/:id/updates/:updateId')
  @Access({ apiClients: true })
  @Operation({
    id: 'getAssignmentUpdate',
    summary: "Read an entry of an assignment's timeline",
    description:
      'One entry of the timeline: where `Location` points after an update is posted. Whoever may see the assignment. Errors: 400 `VALIDATION_FAILED` (an id that is not a UUID), 404 `NOT_FOUND` (no such assignment or entry on it, or one the caller may not see).',
  })
  @ApiOkResponse({ type: UpdateResponseDto, description: 'The timeline entry.' })
  getForAssignment(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', ASSIGNMENT_ID) id: string,
    @IdParam('updateId', "The entry's id (`id` in GET /api/v1/assignments/{id}/updates).") updateId: string,
  ): Promise<UpdateResponseDto> {
    return this.updates.get(principal, { assignmentId: id }, updateId);
  }

  @Post('assignments/:id/updates')
  @Operation({
    id: 'postAssignmentUpdate',
    summary: 'Post an update on an assignment',
    description:
      "Adds a note to the assignment's timeline (append-only: a correction is a new entry). Secretaries and co-chairs of the committee, and the assignees (403 `FORBIDDEN`, `permission: timeline.post`, otherwise). `If-Match` (optional) makes it conditional on the ETag last read of the assignment: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`. An `Idempotency-Key` header makes a retry safe.",
  })
  @RequestExample(CreateUpdateDto, {
    summary: 'A field report',
    value: { body: 'Joint patrol closed two illegal crossings near Hermel.' },
  })
  @Created({
    type: UpdateResponseDto,
    at: '/api/v1/assignments/:assignmentId/updates/:id',
    description: 'The timeline entry posted.',
  })
  @Access({ roles: ['secretary', 'liaison_officer'] })
  postOnAssignment(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', ASSIGNMENT_ID) id: string,
    @Body() dto: CreateUpdateDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<UpdateResponseDto> {
    return this.updates.create(principal, { assignmentId: id }, dto, ifMatch);
  }

  @Get('commitments/:id/updates')
  @Access({ apiClients: true })
  @Operation({ id: 'listCommitmentUpdates', summary: "Read a commitment's timeline", description: LIST })
  @ApiOkResponse({
    type: UpdatePageDto,
    description: "One page of the commitment's timeline (`items`, and `nextCursor`: null on the last page).",
  })
  @CsvExport(UpdateResponseDto, { filename: 'commitment-updates' })
  listForCommitment(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', COMMITMENT_ID) id: string,
    @Query() query: ListUpdatesQueryDto,
  ): Promise<UpdatePageDto> {
    return this.updates.list(principal, { commitmentId: id }, query);
  }

  @Get('commitments/:id/updates/:updateId')
  @Access({ apiClients: true })
  @Operation({
    id: 'getCommitmentUpdate',
    summary: "Read an entry of a commitment's timeline",
    description:
      'One entry of the timeline: where `Location` points after an update is posted. Whoever may see the commitment. Errors: 400 `VALIDATION_FAILED` (an id that is not a UUID), 404 `NOT_FOUND` (no such commitment or entry on it, or one the caller may not see).',
  })
  @ApiOkResponse({ type: UpdateResponseDto, description: 'The timeline entry.' })
  getForCommitment(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', COMMITMENT_ID) id: string,
    @IdParam('updateId', "The entry's id (`id` in GET /api/v1/commitments/{id}/updates).") updateId: string,
  ): Promise<UpdateResponseDto> {
    return this.updates.get(principal, { commitmentId: id }, updateId);
  }

  @Post('commitments/:id/updates')
  @Operation({
    id: 'postCommitmentUpdate',
    summary: 'Post an update on a commitment',
    description:
      "Adds a note to the commitment's timeline; with `progress`, the owner party's report, which also becomes the commitment's progress. Secretaries and co-chairs of the committee (403 `FORBIDDEN`, `permission: timeline.post`); `progress` only from the owner party's side (`permission: commitment.progress`). `If-Match` (optional) makes it conditional on the ETag last read of the commitment: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`, 409 `COMMITMENT_FROZEN` for progress on a claimed or closed commitment. An `Idempotency-Key` header makes a retry safe.",
  })
  @RequestExample(CreateUpdateDto, {
    summary: 'A progress report from the owner party',
    value: { body: 'First inspection team stationed at Masnaa.', progress: 40 },
  })
  @Created({
    type: UpdateResponseDto,
    at: '/api/v1/commitments/:commitmentId/updates/:id',
    description: 'The timeline entry posted.',
  })
  @Access({ roles: ['secretary'] })
  postOnCommitment(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', COMMITMENT_ID) id: string,
    @Body() dto: CreateUpdateDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<UpdateResponseDto> {
    return this.updates.create(principal, { commitmentId: id }, dto, ifMatch);
  }
}
