import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AssignmentsService } from '../assignments/assignments.service.js';
import { AssignmentPageDto, MyAssignmentsQueryDto } from '../assignments/dto/assignment.dto.js';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { AuthService } from '../../identity/index.js';
import { ChangePasswordDto, TokenPairDto } from '../../identity/index.js';
import { CurrentUser, type UserPrincipal } from '../../identity/index.js';
import { IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { Operation, RequestExample, SkipIdempotency } from '../../platform/index.js';
import { MeResponseDto, UpdateMeDto } from './me.dto.js';
import { MeService } from './me.service.js';

@ApiTags('me')
@Access()
@Controller('me')
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly auth: AuthService,
    private readonly assignments: AssignmentsService,
  ) {}

  @Get()
  @Operation({
    id: 'getMe',
    summary: 'Read your account',
    description:
      "Your account: role, linked person and that person's current seats (which committees you sit on, for which party, in which role), with an `ETag`. Any signed-in user (not API clients).",
  })
  @ApiOkResponse({
    type: MeResponseDto,
    description: 'Your account, your person record and your current seats, with an ETag.',
  })
  get(@CurrentUser() user: UserPrincipal): Promise<MeResponseDto> {
    return this.me.get(user.userId);
  }

  @Get('assignments')
  @Operation({
    id: 'listMyAssignments',
    summary: 'List your assignments',
    description:
      'The assignments given to your linked person across your committees, by due date (cursor paging), each with whether you acknowledged it. Any signed-in user; an account with no linked person gets an empty list. Errors: 400 `VALIDATION_FAILED` naming a bad filter or cursor.',
  })
  @ApiOkResponse({
    type: AssignmentPageDto,
    description: 'Assignments given to your person across your committees, by due date, with your acknowledgement.',
  })
  myAssignments(@CurrentUser() user: UserPrincipal, @Query() query: MyAssignmentsQueryDto): Promise<AssignmentPageDto> {
    return this.assignments.mine(user, query);
  }

  @Patch()
  @Operation({
    id: 'updateMe',
    summary: 'Change your display name',
    description:
      'Changes what you may change of your own account: the display name. Any signed-in user. `If-Match` (optional) makes it conditional on the ETag last read (412 `VERSION_MISMATCH` when stale). Errors: 400 `VALIDATION_FAILED`.',
  })
  @RequestExample(UpdateMeDto, { summary: 'A new display name', value: { displayName: 'Demo Administrator' } })
  @ApiOkResponse({ type: MeResponseDto, description: 'Your account as changed, with its new ETag.' })
  update(
    @CurrentUser() user: UserPrincipal,
    @Body() dto: UpdateMeDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<MeResponseDto> {
    return this.me.update(user.userId, dto, ifMatch);
  }

  @Post('password')
  @SkipIdempotency() // the response holds fresh tokens, which must not be stored
  @HttpCode(200)
  @Operation({
    id: 'changeMyPassword',
    summary: 'Change your password',
    description:
      'Changes your own password given the current one. Every session ends, this one included, and a new token pair is answered: use it from now on. Any signed-in user. Errors: 400 `VALIDATION_FAILED` naming `currentPassword` (wrong: counts toward the sign-in lock) or `newPassword` (shorter than 12 characters or common), 429 `LOGIN_LOCKED`.',
  })
  @RequestExample(ChangePasswordDto, {
    summary: 'From the demo password to a new one (this changes your demo login)',
    value: { currentPassword: 'tansiq-demo-2025', newPassword: 'granite-meadow-falcon-9' },
  })
  @ApiOkResponse({ type: TokenPairDto, description: 'Other sessions end; use the returned tokens from now on.' })
  changePassword(
    @CurrentUser() user: UserPrincipal,
    @Body() dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<TokenPairDto> {
    return this.auth.changePassword(user.userId, dto.currentPassword, dto.newPassword, request.ip);
  }
}
