import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { IfMatch, type IfMatchCondition } from '../../platform/index.js';
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
  create(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @Body() dto: CreateCommitmentDto,
  ): Promise<CommitmentResponseDto> {
    return this.commitments.create(principal, committeeId, dto);
  }

  @Get('commitments/:id')
  @Access({ apiClients: true })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<CommitmentResponseDto> {
    return this.commitments.get(principal, id);
  }

  @Patch('commitments/:id')
  @Access({ roles: ['secretary'] })
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
