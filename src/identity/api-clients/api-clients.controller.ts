import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, Sudo } from '../access/access.decorators.js';
import { CurrentUser, type UserPrincipal } from '../access/principal.js';
import { IdParam } from '../../platform/index.js';
import { SkipIdempotency } from '../../platform/index.js';
import { ApiClientsService } from './api-clients.service.js';
import {
  ApiClientPageDto,
  ApiClientResponseDto,
  CreateApiClientDto,
  CreatedApiClientDto,
  ListApiClientsQueryDto,
} from './dto/api-client.dto.js';

@ApiTags('api-clients')
@Access({ roles: ['admin'] })
@Controller('api-clients')
export class ApiClientsController {
  constructor(private readonly apiClients: ApiClientsService) {}

  @Post()
  // The response holds the key, which is stored nowhere: a replay could not show it again.
  @SkipIdempotency()
  @ApiCreatedResponse({
    type: CreatedApiClientDto,
    description: 'Idempotency-Key is ignored here: the key is shown once and stored only as a hash.',
  })
  @Sudo()
  async create(@Body() dto: CreateApiClientDto, @CurrentUser() user: UserPrincipal): Promise<CreatedApiClientDto> {
    const { client, key } = await this.apiClients.createAs(user, dto);
    return CreatedApiClientDto.from({ ...client, key });
  }

  @Get()
  @ApiOkResponse({ type: ApiClientPageDto })
  async list(@Query() query: ListApiClientsQueryDto): Promise<ApiClientPageDto> {
    const page = await this.apiClients.list(query);
    return { items: page.items.map((c) => ApiClientResponseDto.from(c)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: ApiClientResponseDto })
  async get(@IdParam() id: string): Promise<ApiClientResponseDto> {
    return ApiClientResponseDto.from(await this.apiClients.get(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked; the key stops working at once.' })
  @Sudo()
  revoke(@IdParam() id: string, @CurrentUser() user: UserPrincipal): Promise<void> {
    return this.apiClients.revoke(user, id);
  }
}
