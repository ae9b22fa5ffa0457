import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { CsvExport, IdParam, Operation, RequestExample } from '../../platform/index.js';
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
  @ApiOkResponse({ type: UpdatePageDto })
  @CsvExport(UpdateResponseDto, { filename: 'assignment-updates' })
  listForAssignment(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', ASSIGNMENT_ID) id: string,
    @Query() query: ListUpdatesQueryDto,
  ): Promise<UpdatePageDto> {
    return this.updates.list(principal, { assignmentId: id }, query);
  }

  @Post('assignments/:id/updates')
  @Operation({
    id: 'postAssignmentUpdate',
    summary: 'Post an update on an assignment',
    description:
      "Adds a note to the assignment's timeline (append-only: a correction is a new entry). Secretaries and co-chairs of the committee, and the assignees (403 `FORBIDDEN`, `permission: timeline.post`, otherwise). Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`. An `Idempotency-Key` header makes a retry safe.",
  })
  @RequestExample(CreateUpdateDto, {
    summary: 'A field report',
    value: { body: 'Joint patrol closed two illegal crossings near Hermel.' },
  })
  @ApiCreatedResponse({ type: UpdateResponseDto })
  @Access({ roles: ['secretary', 'liaison_officer'] })
  postOnAssignment(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', ASSIGNMENT_ID) id: string,
    @Body() dto: CreateUpdateDto,
  ): Promise<UpdateResponseDto> {
    return this.updates.create(principal, { assignmentId: id }, dto);
  }

  @Get('commitments/:id/updates')
  @Access({ apiClients: true })
  @Operation({ id: 'listCommitmentUpdates', summary: "Read a commitment's timeline", description: LIST })
  @ApiOkResponse({ type: UpdatePageDto })
  @CsvExport(UpdateResponseDto, { filename: 'commitment-updates' })
  listForCommitment(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', COMMITMENT_ID) id: string,
    @Query() query: ListUpdatesQueryDto,
  ): Promise<UpdatePageDto> {
    return this.updates.list(principal, { commitmentId: id }, query);
  }

  @Post('commitments/:id/updates')
  @Operation({
    id: 'postCommitmentUpdate',
    summary: 'Post an update on a commitment',
    description:
      "Adds a note to the commitment's timeline; with `progress`, the owner party's report, which also becomes the commitment's progress. Secretaries and co-chairs of the committee (403 `FORBIDDEN`, `permission: timeline.post`); `progress` only from the owner party's side (`permission: commitment.progress`). Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`, 409 `COMMITMENT_FROZEN` for progress on a claimed or closed commitment. An `Idempotency-Key` header makes a retry safe.",
  })
  @RequestExample(CreateUpdateDto, {
    summary: 'A progress report from the owner party',
    value: { body: 'First inspection team stationed at Masnaa.', progress: 40 },
  })
  @ApiCreatedResponse({ type: UpdateResponseDto })
  @Access({ roles: ['secretary'] })
  postOnCommitment(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', COMMITMENT_ID) id: string,
    @Body() dto: CreateUpdateDto,
  ): Promise<UpdateResponseDto> {
    return this.updates.create(principal, { commitmentId: id }, dto);
  }
}
