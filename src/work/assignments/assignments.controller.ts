import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { IdParam } from '../../platform/index.js';
import { AssignmentsService } from './assignments.service.js';
import {
  AssignmentPageDto,
  AssignmentResponseDto,
  AssignmentTransitionDto,
  CreateAssignmentDto,
  ListAssignmentsQueryDto,
  UpdateAssignmentDto,
} from './dto/assignment.dto.js';

@ApiTags('assignments')
@Controller()
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get('committees/:committeeId/assignments')
  @Access({ apiClients: true })
  @ApiOkResponse({ type: AssignmentPageDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @Query() query: ListAssignmentsQueryDto,
  ): Promise<AssignmentPageDto> {
    return this.assignments.list(principal, committeeId, query);
  }

  @Post('committees/:committeeId/assignments')
  @ApiCreatedResponse({ type: AssignmentResponseDto })
  @Access({ roles: ['secretary'] })
  create(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @Body() dto: CreateAssignmentDto,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.create(principal, committeeId, dto);
  }

  @Get('assignments/:id')
  @ApiOkResponse({ type: AssignmentResponseDto })
  @Access({ apiClients: true })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<AssignmentResponseDto> {
    return this.assignments.get(principal, id);
  }

  @Patch('assignments/:id')
  @ApiOkResponse({ type: AssignmentResponseDto })
  @Access({ roles: ['secretary'] })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Body() dto: UpdateAssignmentDto,
    @IfMatch({ required: true }) ifMatch: IfMatchCondition,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.update(principal, id, dto, ifMatch);
  }

  @Post('assignments/:id/transitions')
  @Access({ roles: ['secretary', 'liaison_officer'] })
  @HttpCode(200)
  @ApiOkResponse({
    type: AssignmentResponseDto,
    description:
      'Moved; an update entry records it. 409 for a move the workflow does not allow from the current state.',
  })
  transition(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Body() dto: AssignmentTransitionDto,
  ): Promise<AssignmentResponseDto> {
    return this.assignments.transition(principal, id, dto);
  }

  @Post('assignments/:id/acknowledgement')
  @Access({ roles: ['secretary', 'liaison_officer'] })
  @HttpCode(200)
  @ApiOkResponse({
    type: AssignmentResponseDto,
    description: 'Receipt confirmed by the calling assignee (idempotent).',
  })
  acknowledge(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<AssignmentResponseDto> {
    return this.assignments.acknowledge(principal, id);
  }
}
