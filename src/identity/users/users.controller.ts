import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { IdParam } from '../../platform/index.js';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
import { SkipIdempotency } from '../../platform/index.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Access({ roles: ['admin'] })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserResponseDto })
  @Sudo('Creating an account grants a role and sets a password.')
  async create(@Body() dto: CreateUserDto, @CurrentPrincipal() principal: Principal): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.createAs(principal, dto));
  }

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    const page = await this.users.list(query);
    return { items: page.items.map((u) => UserResponseDto.from(u)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponseDto })
  async get(@IdParam() id: string): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponseDto })
  @Sudo(
    'Only when the body sets `role`, `active` or `personId` (the linked person brings its seats and their powers, a co-chair sign-off among them).',
  )
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.updateAs(principal, id, dto, ifMatch));
  }

  @Post(':id/password')
  @SkipIdempotency() // not a create, and its body is a password
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponseDto, description: 'Every session of the user ends.' })
  @Sudo(
    'Never for your own account: 403 OWN_PASSWORD_REQUIRES_CURRENT (change it with POST /api/v1/me/password and the current password).',
  )
  async setPassword(
    @IdParam() id: string,
    @Body() dto: SetPasswordDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.resetPassword(principal, id, dto.password));
  }
}
