import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, Sudo } from '../access/access.decorators.js';
import { CurrentUser, type UserPrincipal } from '../access/principal.js';
import { Created, IdParam, IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { Operation, RequestExample, SkipIdempotency } from '../../platform/index.js';
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
  @Operation({
    id: 'createApiClient',
    summary: 'Create an API client',
    description:
      'Creates a read-only machine client (reporting tools) for all committees or the ones listed, and answers its key once: send it as `X-API-Key`. The key is stored only as a hash, so it cannot be shown again; `Idempotency-Key` is ignored here. Admins only, in sudo mode. Errors: 400 `VALIDATION_FAILED`, 403 `REAUTHENTICATION_REQUIRED`.',
  })
  @RequestExample(CreateApiClientDto, {
    summary: 'A reporting tool that reads every committee',
    value: { name: 'Monthly reciprocity report', allCommittees: true },
  })
  @Created({
    type: CreatedApiClientDto,
    at: '/api/v1/api-clients/:id',
    description:
      'The API client created, with its key (shown this once). Idempotency-Key is ignored here: the key is shown once and stored only as a hash.',
  })
  @Sudo()
  async create(@Body() dto: CreateApiClientDto, @CurrentUser() user: UserPrincipal): Promise<CreatedApiClientDto> {
    const { client, key } = await this.apiClients.createAs(user, dto);
    return CreatedApiClientDto.from({ ...client, key });
  }

  @Get()
  @Operation({
    id: 'listApiClients',
    summary: 'List API clients',
    description:
      'Pages through the API clients, revoked ones included (cursor paging: `nextCursor` or `Link: rel="next"`); never their keys. Admins only. Errors: 400 `VALIDATION_FAILED`.',
  })
  @ApiOkResponse({
    type: ApiClientPageDto,
    description: 'One page of API clients, revoked ones included; never their keys.',
  })
  async list(@Query() query: ListApiClientsQueryDto): Promise<ApiClientPageDto> {
    const page = await this.apiClients.list(query);
    return { items: page.items.map((c) => ApiClientResponseDto.from(c)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Operation({
    id: 'getApiClient',
    summary: 'Read an API client',
    description: 'One API client (never its key). Admins only. Errors: 404 `NOT_FOUND`.',
  })
  @ApiOkResponse({ type: ApiClientResponseDto, description: 'The API client (never its key), with its ETag.' })
  async get(
    @IdParam('id', "The API client's id (`id` in GET /api/v1/api-clients).") id: string,
  ): Promise<ApiClientResponseDto> {
    return ApiClientResponseDto.from(await this.apiClients.get(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @Operation({
    id: 'revokeApiClient',
    summary: 'Revoke an API client',
    description:
      'Revokes the client: its key answers 401 `API_KEY_INVALID` at once; the record stays. Admins only, in sudo mode. `If-Match` (optional) makes it conditional on the ETag last read: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 403 `REAUTHENTICATION_REQUIRED`, 404 `NOT_FOUND`.',
  })
  @ApiNoContentResponse({ description: 'Revoked; the key stops working at once.' })
  @Sudo()
  revoke(
    @IdParam('id', "The API client's id (`id` in GET /api/v1/api-clients).") id: string,
    @CurrentUser() user: UserPrincipal,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<void> {
    return this.apiClients.revoke(user, id, ifMatch);
  }
}
