import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { IdParam } from '../../platform/index.js';
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

@ApiTags('meetings')
@Controller()
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get('committees/:committeeId/meetings')
  @Access({ apiClients: true })
  @ApiOkResponse({ type: MeetingPageDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @Query() query: ListMeetingsQueryDto,
  ): Promise<MeetingPageDto> {
    return this.meetings.list(principal, committeeId, query);
  }

  @Post('committees/:committeeId/meetings')
  @ApiCreatedResponse({ type: MeetingResponseDto })
  @Access({ roles: ['secretary'] })
  create(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @Body() dto: CreateMeetingDto,
  ): Promise<MeetingResponseDto> {
    return this.meetings.create(principal, committeeId, dto);
  }

  @Get('meetings/:id')
  @ApiOkResponse({ type: MeetingResponseDto })
  @Access({ apiClients: true })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<MeetingResponseDto> {
    return this.meetings.get(principal, id);
  }

  @Patch('meetings/:id')
  @ApiOkResponse({ type: MeetingResponseDto })
  @Access({ roles: ['secretary'] })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Body() dto: UpdateMeetingDto,
    @IfMatch({ required: true }) ifMatch: IfMatchCondition,
  ): Promise<MeetingResponseDto> {
    return this.meetings.update(principal, id, dto, ifMatch);
  }

  @Post('meetings/:id/decisions')
  @ApiCreatedResponse({ type: DecisionResponseDto })
  @Access({ roles: ['secretary'] })
  addDecision(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Body() dto: CreateDecisionDto,
  ): Promise<DecisionResponseDto> {
    return this.meetings.addDecision(principal, id, dto);
  }
}
