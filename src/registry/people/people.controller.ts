import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { IdParam } from '../../platform/index.js';
import {
  CreatePersonDto,
  ListPeopleQueryDto,
  PersonPageDto,
  PersonResponseDto,
  UpdatePersonDto,
} from './dto/person.dto.js';
import { PeopleService } from './people.service.js';

@ApiTags('people')
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Post()
  @ApiCreatedResponse({ type: PersonResponseDto })
  @Access({ roles: ['admin', 'secretary'] })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreatePersonDto): Promise<PersonResponseDto> {
    return this.people.create(principal, dto);
  }

  @Get()
  @Access({ apiClients: true })
  @ApiOkResponse({ type: PersonPageDto, description: 'The people of the committees the caller may see.' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListPeopleQueryDto): Promise<PersonPageDto> {
    return this.people.list(principal, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: PersonResponseDto })
  @Access({ apiClients: true })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<PersonResponseDto> {
    return this.people.get(principal, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: PersonResponseDto })
  @Access({ roles: ['admin', 'secretary'] })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Body() dto: UpdatePersonDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<PersonResponseDto> {
    return this.people.update(principal, id, dto, ifMatch);
  }

  @Delete(':id')
  @Access({ roles: ['admin'] })
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Deleted. 409 when memberships or users refer to the person: deactivate instead.',
  })
  remove(@IdParam() id: string): Promise<void> {
    return this.people.remove(id);
  }
}
