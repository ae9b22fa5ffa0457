import { Body, Delete, Get, HttpCode, Inject, Patch, Post, Query, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { IdParam, IfMatch, type IfMatchCondition, type Page } from '../../platform/index.js';
import type { ListReferenceDataQueryDto } from './reference-data.dto.js';
import type { ReferenceDataEntity } from './reference-data.entity.js';
import type { ReferenceDataService } from './reference-data.service.js';

/** The DTOs of one kind of reference data, and what its DELETE documents. */
export interface ReferenceDataApi<R> {
  create: Type<object>;
  update: Type<object>;
  query: Type<ListReferenceDataQueryDto>;
  response: Type<R>;
  page: Type<Page<R>>;
  /** Description of the 204 of DELETE: what may refer to a record. */
  deleted: string;
}

/**
 * The routes of one kind of reference data: admins create (201), update (200, optional
 * If-Match) and delete (204; 409 while referenced); users and API clients list and read.
 * Extend it with the kind's `@ApiTags` and `@Controller(path)`:
 * `export class PartiesController extends ReferenceDataController(PartiesService, {…}) {}`.
 */
export function ReferenceDataController<E extends ReferenceDataEntity, R>(
  service: Type<ReferenceDataService<E, R>>,
  api: ReferenceDataApi<R>,
) {
  class ReferenceDataRoutes {
    constructor(@Inject(service) private readonly records: ReferenceDataService<E, R>) {}

    @Post()
    @Access({ roles: ['admin'] })
    @ApiCreatedResponse({ type: api.response })
    create(@Body() dto: { code: string }): Promise<R> {
      return this.records.create(dto);
    }

    @Get()
    @Access({ apiClients: true })
    @ApiOkResponse({ type: api.page })
    list(@Query() query: ListReferenceDataQueryDto): Promise<Page<R>> {
      return this.records.list(query);
    }

    @Get(':id')
    @Access({ apiClients: true })
    @ApiOkResponse({ type: api.response })
    get(@IdParam() id: string): Promise<R> {
      return this.records.get(id);
    }

    @Patch(':id')
    @Access({ roles: ['admin'] })
    @ApiOkResponse({ type: api.response })
    update(@IdParam() id: string, @Body() dto: object, @IfMatch() ifMatch?: IfMatchCondition): Promise<R> {
      return this.records.update(id, dto, ifMatch);
    }

    @Delete(':id')
    @Access({ roles: ['admin'] })
    @HttpCode(204)
    @ApiNoContentResponse({ description: api.deleted })
    remove(@IdParam() id: string): Promise<void> {
      return this.records.remove(id);
    }
  }
  // Validation and the OpenAPI document take a body's or query's DTO class from the emitted
  // parameter types, which name only what the generic signatures above know: name the kind's.
  const paramTypes = { create: [api.create], list: [api.query], update: [String, api.update, Object] };
  for (const [method, types] of Object.entries(paramTypes)) {
    Reflect.defineMetadata('design:paramtypes', types, ReferenceDataRoutes.prototype, method);
  }
  return ReferenceDataRoutes;
}
