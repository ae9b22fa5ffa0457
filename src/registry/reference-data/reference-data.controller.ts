import { Body, Delete, Get, HttpCode, Inject, Patch, Post, Query, type Type } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import {
  Created,
  IdParam,
  IfMatch,
  Operation,
  RequestExample,
  type IfMatchCondition,
  type Page,
} from '../../platform/index.js';
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
  /** How the document names the kind: `{ one: 'issue area', many: 'issue areas' }` gives `listIssueAreas`, … */
  names: { one: string; many: string };
  /** The request examples of create and update (see `RequestExample`). */
  examples: { create: RequestExampleDoc; update: RequestExampleDoc };
}

type RequestExampleDoc = Parameters<typeof RequestExample>[1];

const pascal = (words: string) => words.replace(/(^|\s)(\w)/g, (_m, _s, c: string) => c.toUpperCase());

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
  const { one, many } = api.names;
  const [One, Many] = [pascal(one), pascal(many)];
  const path = many.replace(/ /g, '-');
  const idOf = `The ${one}'s id (\`id\` in GET /api/v1/${path}).`;
  class ReferenceDataRoutes {
    constructor(@Inject(service) private readonly records: ReferenceDataService<E, R>) {}

    @Post()
    @Access({ roles: ['admin'] })
    @Operation({
      id: `create${One}`,
      summary: `Create ${article(one)} ${one}`,
      description: `Adds ${article(one)} ${one} to the reference data. Admins only. Errors: 400 \`VALIDATION_FAILED\` naming the field, 409 \`DUPLICATE_CODE\` when the code is taken. An \`Idempotency-Key\` header makes a retry safe.`,
    })
    @RequestExample(api.create, api.examples.create)
    @Created({ type: api.response, at: `/api/v1/${path}/:id`, description: `The ${one} created.` })
    create(@Body() dto: { code: string }): Promise<R> {
      return this.records.create(dto);
    }

    @Get()
    @Access({ apiClients: true })
    @Operation({
      id: `list${Many}`,
      summary: `List ${many}`,
      description: `Pages through the ${many} (cursor paging: follow \`nextCursor\` or \`Link: rel="next"\`), with search, filters and a sort. Any signed-in user or API client. Errors: 400 \`VALIDATION_FAILED\` naming a bad filter, sort or cursor.`,
    })
    @ApiOkResponse({
      type: api.page,
      description: `One page of ${many} (\`items\`, and \`nextCursor\`: null on the last page).`,
    })
    list(@Query() query: ListReferenceDataQueryDto): Promise<Page<R>> {
      return this.records.list(query);
    }

    @Get(':id')
    @Access({ apiClients: true })
    @Operation({
      id: `get${One}`,
      summary: `Read ${article(one)} ${one}`,
      description: `One ${one}, with an \`ETag\` (\`If-None-Match\` answers 304 when unchanged). Any signed-in user or API client. Errors: 404 \`NOT_FOUND\`.`,
    })
    @ApiOkResponse({ type: api.response, description: `The ${one}, with its ETag.` })
    get(@IdParam('id', idOf) id: string): Promise<R> {
      return this.records.get(id);
    }

    @Patch(':id')
    @Access({ roles: ['admin'] })
    @Operation({
      id: `update${One}`,
      summary: `Change ${article(one)} ${one}`,
      description: `Changes the fields sent; \`active: false\` deactivates it (records that refer to it keep it). Admins only. \`If-Match\` (optional) makes it conditional on the ETag last read: 412 \`VERSION_MISMATCH\` when stale. Errors: 400 \`VALIDATION_FAILED\`, 404 \`NOT_FOUND\`, 409 \`DUPLICATE_CODE\`.`,
    })
    @RequestExample(api.update, api.examples.update)
    @ApiOkResponse({ type: api.response, description: `The ${one} as changed, with its new ETag.` })
    update(@IdParam('id', idOf) id: string, @Body() dto: object, @IfMatch() ifMatch?: IfMatchCondition): Promise<R> {
      return this.records.update(id, dto, ifMatch);
    }

    @Delete(':id')
    @Access({ roles: ['admin'] })
    @HttpCode(204)
    @Operation({
      id: `delete${One}`,
      summary: `Delete ${article(one)} ${one}`,
      description: `Deletes ${article(one)} ${one} nothing refers to. Admins only. \`If-Match\` (optional) makes it conditional on the ETag last read: 412 \`VERSION_MISMATCH\` when stale. Errors: 400 \`VALIDATION_FAILED\`, 404 \`NOT_FOUND\`, 409 \`STILL_REFERENCED\` (with \`references\`: how many records of each kind) while records refer to it: deactivate it instead (PATCH \`active: false\`).`,
    })
    @ApiNoContentResponse({ description: api.deleted })
    remove(@IdParam('id', idOf) id: string, @IfMatch() ifMatch?: IfMatchCondition): Promise<void> {
      return this.records.remove(id, ifMatch);
    }
  }
  // Validation and the OpenAPI document take a body's or query's DTO class from the emitted
  // parameter types, which name only what the generic signatures above know: name the kind's.
  const paramTypes = {
    create: [api.create],
    list: [api.query],
    update: [String, api.update, Object],
    remove: [String, Object],
  };
  for (const [method, types] of Object.entries(paramTypes)) {
    Reflect.defineMetadata('design:paramtypes', types, ReferenceDataRoutes.prototype, method);
  }
  return ReferenceDataRoutes;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
