import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { IdParam } from '../../platform/index.js';
import { CreateUpdateDto, ListUpdatesQueryDto, UpdatePageDto, UpdateResponseDto } from './dto/update.dto.js';
import { UpdatesService } from './updates.service.js';

/** Timelines: append-only, so there is no PATCH or DELETE; a correction is a new entry. */
@ApiTags('updates')
@Controller()
export class UpdatesController {
  constructor(private readonly updates: UpdatesService) {}

  @Get('assignments/:id/updates')
  @Access({ apiClients: true })
  @ApiOkResponse({ type: UpdatePageDto })
  listForAssignment(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Query() query: ListUpdatesQueryDto,
  ): Promise<UpdatePageDto> {
    return this.updates.list(principal, { assignmentId: id }, query);
  }

  @Post('assignments/:id/updates')
  @ApiCreatedResponse({ type: UpdateResponseDto })
  @Access({ roles: ['secretary', 'liaison_officer'] })
  postOnAssignment(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Body() dto: CreateUpdateDto,
  ): Promise<UpdateResponseDto> {
    return this.updates.create(principal, { assignmentId: id }, dto);
  }

  @Get('commitments/:id/updates')
  @Access({ apiClients: true })
  @ApiOkResponse({ type: UpdatePageDto })
  listForCommitment(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Query() query: ListUpdatesQueryDto,
  ): Promise<UpdatePageDto> {
    return this.updates.list(principal, { commitmentId: id }, query);
  }

  @Post('commitments/:id/updates')
  @ApiCreatedResponse({ type: UpdateResponseDto })
  @Access({ roles: ['secretary'] })
  postOnCommitment(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Body() dto: CreateUpdateDto,
  ): Promise<UpdateResponseDto> {
    return this.updates.create(principal, { commitmentId: id }, dto);
  }
}
