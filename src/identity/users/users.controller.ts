import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { Created, IdParam } from '../../platform/index.js';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, Sudo } from '../access/access.decorators.js';
import { CurrentPrincipal, type Principal } from '../access/principal.js';
import { IfMatch, type IfMatchCondition } from '../../platform/index.js';
import {
  CreateUserDto,
  ListUsersQueryDto,
  SetPasswordDto,
  UpdateUserDto,
  UserPageDto,
  UserResponseDto,
} from './dto/user.dto.js';
import { Operation, RequestExample, SkipIdempotency } from '../../platform/index.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Access({ roles: ['admin'] })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Operation({
    id: 'createUser',
    summary: 'Create an account',
    description:
      'Creates a login with a role (`admin`, `secretary`, `liaison_officer`, `analyst`) and an initial password, optionally linked to a registry person (whose seats decide what a secretary or liaison officer may do). Admins only, in sudo mode. Errors: 400 `VALIDATION_FAILED` (a common or short password among them), 403 `REAUTHENTICATION_REQUIRED`, 409 `DUPLICATE_EMAIL`. An `Idempotency-Key` header makes a retry safe.',
  })
  @RequestExample(CreateUserDto, {
    summary: 'A liaison officer login',
    value: {
      email: 'nadia.saad@tansiq.demo',
      displayName: 'Nadia Saad',
      role: 'liaison_officer',
      password: 'cedar-lantern-harbour-42',
    },
  })
  @Created({ type: UserResponseDto, at: '/api/v1/users/:id', description: 'The account created.' })
  @Sudo('Creating an account grants a role and sets a password.')
  async create(@Body() dto: CreateUserDto, @CurrentPrincipal() principal: Principal): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.createAs(principal, dto));
  }

  @Get()
  @Operation({
    id: 'listUsers',
    summary: 'List accounts',
    description:
      'Pages through the accounts (cursor paging: follow `nextCursor` or the `Link: rel="next"` header), with filters and a sort. Admins only. Errors: 400 `VALIDATION_FAILED` naming a bad filter, sort or cursor.',
  })
  @ApiOkResponse({
    type: UserPageDto,
    description: 'One page of accounts (`items`, and `nextCursor`: null on the last page).',
  })
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    const page = await this.users.list(query);
    return { items: page.items.map((u) => UserResponseDto.from(u)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Operation({
    id: 'getUser',
    summary: 'Read an account',
    description:
      'One account, with an `ETag` (send it back in `If-None-Match` to get a 304 when unchanged, or in `If-Match` to update it). Admins only. Errors: 404 `NOT_FOUND`.',
  })
  @ApiOkResponse({ type: UserResponseDto, description: 'The account, with its ETag.' })
  async get(@IdParam('id', "The account's id (`id` in GET /api/v1/users).") id: string): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.get(id));
  }

  @Patch(':id')
  @Operation({
    id: 'updateUser',
    summary: 'Change an account',
    description:
      'Changes the fields sent (display name, role, active flag, linked person); `active: false` ends every session of the account at once. Admins only; sudo mode when the body sets `role`, `active` or `personId`. `If-Match` (optional) makes the change conditional on the ETag last read: 412 `VERSION_MISMATCH` when it is stale. Errors: 400 `VALIDATION_FAILED`, 403 `REAUTHENTICATION_REQUIRED`, 404 `NOT_FOUND`.',
  })
  @RequestExample(UpdateUserDto, {
    summary: 'Rename an account',
    value: { displayName: 'Nadia Saad (LB liaison)' },
  })
  @ApiOkResponse({ type: UserResponseDto, description: 'The account as changed, with its new ETag.' })
  @Sudo(
    'Only when the body sets `role`, `active` or `personId` (the linked person brings its seats and their powers, a co-chair sign-off among them).',
  )
  async update(
    @IdParam('id', "The account's id (`id` in GET /api/v1/users).") id: string,
    @Body() dto: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.updateAs(principal, id, dto, ifMatch));
  }

  @Post(':id/password')
  @SkipIdempotency() // not a create, and its body is a password
  @HttpCode(200)
  @Operation({
    id: 'setUserPassword',
    summary: "Set another account's password",
    description:
      "Sets a new password for another account without its current one (a reset); every session of that account ends. Admins only, in sudo mode, and never for one's own account (403 `OWN_PASSWORD_REQUIRES_CURRENT`: use POST /api/v1/me/password). Errors: 400 `VALIDATION_FAILED` (short or common password), 403 `REAUTHENTICATION_REQUIRED`, 404 `NOT_FOUND`.",
  })
  @RequestExample(SetPasswordDto, {
    summary: 'A new password of 12 characters or more',
    value: { password: 'olive-harbour-stone-7' },
  })
  @ApiOkResponse({ type: UserResponseDto, description: 'Every session of the user ends.' })
  @Sudo(
    'Never for your own account: 403 OWN_PASSWORD_REQUIRES_CURRENT (change it with POST /api/v1/me/password and the current password).',
  )
  async setPassword(
    @IdParam('id', "The account's id (`id` in GET /api/v1/users).") id: string,
    @Body() dto: SetPasswordDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.resetPassword(principal, id, dto.password));
  }
}
