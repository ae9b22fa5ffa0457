import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { IdParam } from '../../platform/index.js';
import {
  CreateMembershipDto,
  ListMembershipsQueryDto,
  MembershipPageDto,
  MembershipResponseDto,
  UpdateMembershipDto,
} from './dto/membership.dto.js';
import { MembershipsService } from './memberships.service.js';

@ApiTags('committees')
@Controller('committees/:committeeId/members')
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get()
  @Access({ apiClients: true })
  @ApiOkResponse({ type: MembershipPageDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @Query() query: ListMembershipsQueryDto,
  ): Promise<MembershipPageDto> {
    return this.memberships.list(principal, committeeId, query);
  }

  @Post()
  @ApiCreatedResponse({ type: MembershipResponseDto })
  @Access({ roles: ['admin', 'secretary'] })
  create(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @Body() dto: CreateMembershipDto,
  ): Promise<MembershipResponseDto> {
    return this.memberships.create(principal, committeeId, dto);
  }

  @Get(':membershipId')
  @ApiOkResponse({ type: MembershipResponseDto })
  @Access({ apiClients: true })
  get(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @IdParam('membershipId') id: string,
  ): Promise<MembershipResponseDto> {
    return this.memberships.get(principal, committeeId, id);
  }

  @Patch(':membershipId')
  @ApiOkResponse({ type: MembershipResponseDto })
  @Access({ roles: ['admin', 'secretary'] })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @IdParam('membershipId') id: string,
    @Body() dto: UpdateMembershipDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<MembershipResponseDto> {
    return this.memberships.update(principal, committeeId, id, dto, ifMatch);
  }

  @Delete(':membershipId')
  @Access({ roles: ['admin', 'secretary'] })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The membership ends today; the record stays as history.' })
  end(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId') committeeId: string,
    @IdParam('membershipId') id: string,
  ): Promise<void> {
    return this.memberships.end(principal, committeeId, id);
  }
}
