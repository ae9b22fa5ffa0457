import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { IdParam } from '../../platform/index.js';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorators.js';
import { IfMatch } from '../../platform/index.js';
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
  async create(@Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.create(dto));
  }

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    const page = await this.users.list(query);
    return { items: page.items.map((u) => UserResponseDto.from(u)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@IdParam() id: string): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.get(id));
  }

  @Patch(':id')
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateUserDto,
    @IfMatch() version?: number,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.update(id, dto, version));
  }

  @Post(':id/password')
  @SkipIdempotency() // not a create, and its body is a password
  @HttpCode(200)
  async setPassword(@IdParam() id: string, @Body() dto: SetPasswordDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.setPassword(id, dto.password));
  }
}
