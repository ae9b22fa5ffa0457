import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { Created, IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { EXAMPLE_ID, IdParam, Operation, RequestExample } from '../../platform/index.js';
import {
  CreateMembershipDto,
  ListMembershipsQueryDto,
  MembershipPageDto,
  MembershipResponseDto,
  UpdateMembershipDto,
} from './dto/membership.dto.js';
import { MembershipsService } from './memberships.service.js';

const COMMITTEE_ID = "The committee's id (`id` in GET /api/v1/committees).";
const MEMBERSHIP_ID = "The seat's id (`id` in GET /api/v1/committees/{committeeId}/members).";

@ApiTags('committees')
@Controller('committees/:committeeId/members')
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get()
  @Access({ apiClients: true })
  @Operation({
    id: 'listMembers',
    summary: "List a committee's seats",
    description:
      'Pages through the seats (memberships) of the committee, current and past, with filters and a sort (cursor paging: `nextCursor` or `Link: rel="next"`). Whoever may see the committee; 404 `NOT_FOUND` otherwise. Errors: 400 `VALIDATION_FAILED`.',
  })
  @ApiOkResponse({
    type: MembershipPageDto,
    description: "One page of the committee's seats (`items`, and `nextCursor`: null on the last page).",
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @Query() query: ListMembershipsQueryDto,
  ): Promise<MembershipPageDto> {
    return this.memberships.list(principal, committeeId, query);
  }

  @Post()
  @Operation({
    id: 'addMember',
    summary: 'Seat a person on a committee',
    description:
      "Gives a person a seat (a role: `co_chair`, `secretary`, `member`, `liaison_officer`, `observer`) on the committee, for the person's party, from `startOn` (default today in the committee's time zone). Admins; a secretary or co-chair of the committee for their own party's delegation, never their own seat (403 `FORBIDDEN`, `permission: seat.manage`). Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`, 409 `PARTY_NOT_IN_COMMITTEE`, `ALREADY_SEATED`, `COCHAIR_SEAT_TAKEN` (one co-chair per party), `COMMITTEE_DISSOLVED`. An `Idempotency-Key` header makes a retry safe.",
  })
  @RequestExample(CreateMembershipDto, {
    summary: 'A liaison officer',
    value: { personId: EXAMPLE_ID.person, role: 'liaison_officer' },
    replace: {
      personId: "a person of one of the committee's parties who holds no such seat on it (GET /api/v1/people).",
    },
  })
  @Created({
    type: MembershipResponseDto,
    at: '/api/v1/committees/:committeeId/members/:id',
    description: 'The seat created.',
  })
  @Access({ roles: ['admin', 'secretary'] })
  create(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @Body() dto: CreateMembershipDto,
  ): Promise<MembershipResponseDto> {
    return this.memberships.create(principal, committeeId, dto);
  }

  @Get(':membershipId')
  @Operation({
    id: 'getMember',
    summary: 'Read a seat',
    description: 'One seat of the committee, with an `ETag`. Whoever may see the committee; 404 `NOT_FOUND` otherwise.',
  })
  @ApiOkResponse({ type: MembershipResponseDto, description: 'The seat, with its ETag.' })
  @Access({ apiClients: true })
  get(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @IdParam('membershipId', MEMBERSHIP_ID) id: string,
  ): Promise<MembershipResponseDto> {
    return this.memberships.get(principal, committeeId, id);
  }

  @Patch(':membershipId')
  @Operation({
    id: 'updateMember',
    summary: 'Change a seat',
    description:
      'Changes the role or the dates of a seat (`endOn: null` reopens it). Who may: as for seating a person. `If-Match` (optional) makes it conditional on the ETag last read: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`, 409 `ALREADY_SEATED`, `COCHAIR_SEAT_TAKEN`.',
  })
  @RequestExample(UpdateMembershipDto, { summary: 'Make the seat an observer', value: { role: 'observer' } })
  @ApiOkResponse({ type: MembershipResponseDto, description: 'The seat as changed, with its new ETag.' })
  @Access({ roles: ['admin', 'secretary'] })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @IdParam('membershipId', MEMBERSHIP_ID) id: string,
    @Body() dto: UpdateMembershipDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<MembershipResponseDto> {
    return this.memberships.update(principal, committeeId, id, dto, ifMatch);
  }

  @Delete(':membershipId')
  @Access({ roles: ['admin', 'secretary'] })
  @HttpCode(204)
  @Operation({
    id: 'endMember',
    summary: 'End a seat',
    description:
      'Ends the seat today (its `endOn`); the record stays as history. Who may: as for seating a person. `If-Match` (optional) makes it conditional on the ETag last read: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`.',
  })
  @ApiNoContentResponse({ description: 'The membership ends today; the record stays as history.' })
  end(
    @CurrentPrincipal() principal: Principal,
    @IdParam('committeeId', COMMITTEE_ID) committeeId: string,
    @IdParam('membershipId', MEMBERSHIP_ID) id: string,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<void> {
    return this.memberships.end(principal, committeeId, id, ifMatch);
  }
}
