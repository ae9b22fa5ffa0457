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
import { SkipIdempotency } from '../../platform/index.js';
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
  @ApiOkResponse({ type: MeResponseDto })
  get(@CurrentUser() user: UserPrincipal): Promise<MeResponseDto> {
    return this.me.get(user.userId);
  }

  @Get('assignments')
  @ApiOkResponse({
    type: AssignmentPageDto,
    description: 'Assignments given to your person across your committees, by due date, with your acknowledgement.',
  })
  myAssignments(@CurrentUser() user: UserPrincipal, @Query() query: MyAssignmentsQueryDto): Promise<AssignmentPageDto> {
    return this.assignments.mine(user, query);
  }

  @Patch()
  @ApiOkResponse({ type: MeResponseDto })
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
  @ApiOkResponse({ type: TokenPairDto, description: 'Other sessions end; use the returned tokens from now on.' })
  changePassword(
    @CurrentUser() user: UserPrincipal,
    @Body() dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<TokenPairDto> {
    return this.auth.changePassword(user.userId, dto.currentPassword, dto.newPassword, request.ip);
  }
}
