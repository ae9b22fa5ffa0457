import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { Created, IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { CsvExport, EXAMPLE_ID, IdParam, Operation, RequestExample } from '../../platform/index.js';
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
  @Operation({
    id: 'createPerson',
    summary: 'Add a person',
    description:
      "Adds a delegation member to the registry (a person, not a login: POST /api/v1/users links a login to a person). Admins, and secretaries or co-chairs for the parties of the committees they hold that seat on (403 `FORBIDDEN` with `permission: person.create` otherwise). Errors: 400 `VALIDATION_FAILED` (the agency must belong to the person's party). An `Idempotency-Key` header makes a retry safe.",
  })
  @RequestExample(CreatePersonDto, {
    summary: 'A Lebanese officer',
    value: {
      partyId: EXAMPLE_ID.party,
      agencyId: EXAMPLE_ID.agency,
      nameEn: 'Lt. Col. Nadim Farah',
      nameAr: 'المقدم نديم فرح',
      rankTitle: 'Lieutenant Colonel',
      email: 'nadim.farah@delegation.example',
      phone: '+961 1 234 567',
    },
    replace: {
      partyId: "the person's party (GET /api/v1/parties).",
      agencyId: 'an agency of that party (GET /api/v1/agencies?partyId=…), or null.',
    },
  })
  @Created({ type: PersonResponseDto, at: '/api/v1/people/:id', description: 'The person created.' })
  @Access({ roles: ['admin', 'secretary'] })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreatePersonDto): Promise<PersonResponseDto> {
    return this.people.create(principal, dto);
  }

  @Get()
  @Access({ apiClients: true })
  @Operation({
    id: 'listPeople',
    summary: 'List people',
    description:
      'Pages through the people (cursor paging: `nextCursor` or `Link: rel="next"`), with search, filters and a sort. Admins and analysts see everyone; others see themselves and the people of the committees they sit on (API clients: of their committees). E-mail and phone only for admins and the secretaries of a committee the person sits on. Errors: 400 `VALIDATION_FAILED`.',
  })
  @ApiOkResponse({ type: PersonPageDto, description: 'The people of the committees the caller may see.' })
  @CsvExport(PersonResponseDto, { filename: 'people' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListPeopleQueryDto): Promise<PersonPageDto> {
    return this.people.list(principal, query);
  }

  @Get(':id')
  @Operation({
    id: 'getPerson',
    summary: 'Read a person',
    description:
      'One person, with an `ETag`. Who may see whom as for GET /api/v1/people: 404 `NOT_FOUND` for a person you may not see. Contact details as there.',
  })
  @ApiOkResponse({
    type: PersonResponseDto,
    description: 'The person (contact details only for callers who may read them), with its ETag.',
  })
  @Access({ apiClients: true })
  get(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', "The person's id (`id` in GET /api/v1/people).") id: string,
  ): Promise<PersonResponseDto> {
    return this.people.get(principal, id);
  }

  @Patch(':id')
  @Operation({
    id: 'updatePerson',
    summary: "Change a person's record",
    description:
      'Changes the fields sent. Admins, and the secretaries and co-chairs of a committee the person sits on (403 `FORBIDDEN`, `permission: person.edit`, otherwise). `If-Match` (optional) makes it conditional on the ETag last read: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`.',
  })
  @RequestExample(UpdatePersonDto, {
    summary: 'A promotion and a new phone number',
    value: { rankTitle: 'Brigadier General', phone: '+961 1 765 432' },
  })
  @ApiOkResponse({ type: PersonResponseDto, description: 'The person as changed, with its new ETag.' })
  @Access({ roles: ['admin', 'secretary'] })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', "The person's id (`id` in GET /api/v1/people).") id: string,
    @Body() dto: UpdatePersonDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<PersonResponseDto> {
    return this.people.update(principal, id, dto, ifMatch);
  }

  @Delete(':id')
  @Access({ roles: ['admin'] })
  @HttpCode(204)
  @Operation({
    id: 'deletePerson',
    summary: 'Delete a person',
    description:
      'Deletes a person nothing refers to. Admins only. `If-Match` (optional) makes it conditional on the ETag last read: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`, 409 `STILL_REFERENCED` (with `references`) while seats, accounts or work items refer to the person: deactivate instead (PATCH `active: false`).',
  })
  @ApiNoContentResponse({
    description: 'Deleted. 409 when memberships or users refer to the person: deactivate instead.',
  })
  remove(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', "The person's id (`id` in GET /api/v1/people).") id: string,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<void> {
    return this.people.remove(principal, id, ifMatch);
  }
}
