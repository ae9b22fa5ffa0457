import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import {
  ETAG_SCHEMA,
  IDEMPOTENCY_KEY_SCHEMA,
  IF_MATCH_MAX_LENGTH,
  IfMatch,
  type IfMatchCondition,
} from '../../platform/index.js';
import { IdParam } from '../../platform/index.js';
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

@ApiTags('commitments')
@Controller()
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Get('committees/:committeeId/commitments')
  @Access({ apiClients: true })
  @ApiOkResponse({ type: CommitmentPageDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @Query() query: ListCommitmentsQueryDto,
  ): Promise<CommitmentPageDto> {
    return this.commitments.list(principal, committeeId, query);
  }

  @Post('committees/:committeeId/commitments')
  @Access({ roles: ['secretary'] })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: IDEMPOTENCY_KEY_SCHEMA,
    description:
      'Makes a retry safe: the same key and body within 24 h answer the stored response (with Idempotent-Replayed: true) instead of creating a second commitment.',
  })
  @ApiCreatedResponse({
    type: CommitmentResponseDto,
    headers: {
      ...ETAG,
      'Idempotent-Replayed': {
        description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @Body() dto: CreateCommitmentDto,
  ): Promise<CommitmentResponseDto> {
    return this.commitments.create(principal, committeeId, dto);
  }

  @Get('commitments/:id')
  @Access({ apiClients: true })
  @ApiOkResponse({ type: CommitmentResponseDto, headers: ETAG })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<CommitmentResponseDto> {
    return this.commitments.get(principal, id);
  }

  @Patch('commitments/:id')
  @Access({ roles: ['secretary'] })
  @ApiHeader({
    name: 'If-Match',
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: IF_MATCH_MAX_LENGTH },
    description:
      'The ETag last read (or `*`, or a list of tags); 428 IF_MATCH_REQUIRED without it, 412 VERSION_MISMATCH when it is stale.',
  })
  @ApiOkResponse({ type: CommitmentResponseDto, headers: ETAG })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Body() dto: UpdateCommitmentDto,
    @IfMatch({ required: true }) ifMatch: IfMatchCondition,
  ): Promise<CommitmentResponseDto> {
    return this.commitments.update(principal, id, dto, ifMatch);
  }

  @Post('commitments/:id/transitions')
  @Access({ roles: ['secretary'] })
  @HttpCode(200)
  @ApiOkResponse({
    type: CommitmentResponseDto,
    headers: ETAG,
    description:
      'Dual sign-off: the owner party claims; a secretary or co-chair of another party confirms (fulfilled) or rejects (back to in_progress, note required).',
  })
  transition(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Body() dto: CommitmentTransitionDto,
  ): Promise<CommitmentResponseDto> {
    return this.commitments.transition(principal, id, dto);
  }
}
