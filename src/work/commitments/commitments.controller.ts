import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { Created, ETAG_SCHEMA, IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { CsvExport, EXAMPLE_ID, IdParam, Operation, RequestExample } from '../../platform/index.js';
import { CommitmentsService } from './commitments.service.js';
import {
  CommitmentPageDto,
  CommitmentResponseDto,
  CommitmentTransitionDto,
  CreateCommitmentDto,
  ListCommitmentsQueryDto,
  UpdateCommitmentDto,
} from './dto/commitment.dto.js';

/** The response header every commitment answer carries (a tag of the representation, not its `version`). */
const ETAG = {
  ETag: {
    required: true,
    description:
      'A strong entity tag of the commitment as served (RFC 9110 §8.8.3; e.g. `"mV3gk0bqS8u1ZQ2fLqkq_A"`), not its version: send it back in If-Match to change it.',
    schema: ETAG_SCHEMA,
  },
};

const COMMITTEE_ID = "The committee's id (`id` in GET /api/v1/committees).";
const COMMITMENT_ID = "The commitment's id (`id` in GET /api/v1/committees/{committeeId}/commitments).";

@ApiTags('commitments')
@Controller()
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Get('committees/:committeeId/commitments')
  @Access({ apiClients: true })
  @Operation({
    id: 'listCommitments',
    summary: "List a committee's commitments",
    description:
      'Pages through the commitments of the committee, with filters (status, owner party, issue area, overdue, due-date range, …) and a sort (cursor paging: `nextCursor` or `Link: rel="next"`). Whoever may see the committee; 404 `NOT_FOUND` otherwise. Errors: 400 `VALIDATION_FAILED`.',
  })
  @ApiOkResponse({
    type: CommitmentPageDto,
    description: "One page of the committee's commitments (`items`, and `nextCursor`: null on the last page).",
  })
  @CsvExport(CommitmentResponseDto, { filename: 'commitments' })
  list(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @Query() query: ListCommitmentsQueryDto,
  ): Promise<CommitmentPageDto> {
    return this.commitments.list(principal, committeeId, query);
  }

  @Post('committees/:committeeId/commitments')
  @Access({ roles: ['secretary'] })
  @Operation({
    id: 'createCommitment',
    summary: 'Record a commitment',
    description:
      "Records what a party of the committee pledged, usually citing a meeting's decision; it starts `pending`. Secretaries and co-chairs of the committee (403 `FORBIDDEN`, `permission: committee.file`, otherwise). Errors: 400 `VALIDATION_FAILED` (an owner party not of the committee, an agency of another party, a decision of another committee), 404 `NOT_FOUND`, 409 `COMMITTEE_DISSOLVED`. An `Idempotency-Key` header makes a retry safe.",
  })
  @RequestExample(CreateCommitmentDto, {
    summary: "A party's pledge citing a decision",
    value: {
      title: 'Station joint inspection teams at the Masnaa crossing',
      description: 'Two teams, day and night shifts, with the counterpart present.',
      ownerPartyId: EXAMPLE_ID.party,
      agencyId: EXAMPLE_ID.agency,
      issueAreaId: EXAMPLE_ID.issueArea,
      sourceDecisionId: EXAMPLE_ID.decision,
      dueOn: '2027-06-30',
      progress: 0,
    },
    replace: {
      ownerPartyId: "the pledging party, one of the committee's (`partyIds` in GET /api/v1/committees/{committeeId}).",
      agencyId: 'an agency of that party (GET /api/v1/agencies?partyId=…), or null.',
      issueAreaId: 'an issue area (GET /api/v1/issue-areas), or null.',
      sourceDecisionId:
        "a decision of one of the committee's meetings (`decisions[].id` in GET /api/v1/meetings/{id}), or null.",
    },
  })
  @Created({ type: CommitmentResponseDto, at: '/api/v1/commitments/:id', description: 'The commitment created.' })
  create(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @Body() dto: CreateCommitmentDto,
  ): Promise<CommitmentResponseDto> {
    return this.commitments.create(principal, committeeId, dto);
  }

  @Get('commitments/:id')
  @Access({ apiClients: true })
  @Operation({
    id: 'getCommitment',
    summary: 'Read a commitment',
    description:
      'One commitment with its `ETag` (`If-None-Match` answers 304 when unchanged). Whoever may see its committee; 404 `NOT_FOUND` otherwise.',
  })
  @ApiOkResponse({ type: CommitmentResponseDto, headers: ETAG, description: 'The commitment, with its ETag.' })
  get(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', COMMITMENT_ID) id: string,
  ): Promise<CommitmentResponseDto> {
    return this.commitments.get(principal, id);
  }

  @Patch('commitments/:id')
  @Access({ roles: ['secretary'] })
  @Operation({
    id: 'updateCommitment',
    summary: 'Change a commitment',
    description:
      "Changes the fields sent; the status moves only by POST …/transitions. Secretaries and co-chairs of the committee; `progress` only from the owner party's side (403 `FORBIDDEN`, `permission: commitment.progress`). Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`, 409 `COMMITMENT_FROZEN` (claimed, fulfilled or withdrawn), 412 `VERSION_MISMATCH`, 428 `IF_MATCH_REQUIRED`.",
  })
  @RequestExample(UpdateCommitmentDto, {
    summary: 'Report progress and move the due date',
    value: { progress: 25, dueOn: '2027-07-30' },
  })
  @ApiOkResponse({
    type: CommitmentResponseDto,
    headers: ETAG,
    description: 'The commitment as changed, with its new ETag.',
  })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', COMMITMENT_ID) id: string,
    @Body() dto: UpdateCommitmentDto,
    @IfMatch({ required: true }) ifMatch: IfMatchCondition,
  ): Promise<CommitmentResponseDto> {
    return this.commitments.update(principal, id, dto, ifMatch);
  }

  @Post('commitments/:id/transitions')
  @Access({ roles: ['secretary'] })
  @HttpCode(200)
  @Operation({
    id: 'transitionCommitment',
    summary: 'Move a commitment to another state',
    description:
      "Dual sign-off: the owner party's secretary or co-chair moves `pending` → `in_progress` → `fulfilment_claimed`, or withdraws (`withdrawn`, note required); a secretary or co-chair of another party confirms the claim (`fulfilled`) or rejects it (back to `in_progress`, note required). An update entry records the move. `If-Match` (optional) makes it conditional on the ETag last read of the commitment: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED` naming `note` when a reason is required, 403 `FORBIDDEN` (with `permission` and `allowedActors`), 404 `NOT_FOUND`, 409 `TRANSITION_NOT_ALLOWED` (with `currentState` and `allowedTransitions`).",
  })
  @RequestExample(CommitmentTransitionDto, {
    summary: 'Start work on a pending commitment (owner side)',
    value: { to: 'in_progress', note: 'Teams selected; deployment starts on Monday.' },
  })
  @ApiOkResponse({
    type: CommitmentResponseDto,
    headers: ETAG,
    description:
      'Dual sign-off: the owner party claims; a secretary or co-chair of another party confirms (fulfilled) or rejects (back to in_progress, note required).',
  })
  transition(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', COMMITMENT_ID) id: string,
    @Body() dto: CommitmentTransitionDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<CommitmentResponseDto> {
    return this.commitments.transition(principal, id, dto, ifMatch);
  }
}
