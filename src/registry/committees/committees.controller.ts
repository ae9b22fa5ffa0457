import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { Created, IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { CsvExport, EXAMPLE_ID, IdParam, Operation, RequestExample } from '../../platform/index.js';
import { CommitteesService } from './committees.service.js';
import {
  CommitteePageDto,
  CommitteeResponseDto,
  CreateCommitteeDto,
  ListCommitteesQueryDto,
  UpdateCommitteeDto,
} from './dto/committee.dto.js';

@ApiTags('committees')
@Controller('committees')
export class CommitteesController {
  constructor(private readonly committees: CommitteesService) {}

  @Post()
  @Operation({
    id: 'createCommittee',
    summary: 'Create a committee',
    description:
      'Creates a joint committee of two or more parties, `proposed` (default) or `active`. Admins only. Errors: 400 `VALIDATION_FAILED` (unknown party or issue area, a bad time zone), 409 `DUPLICATE_CODE`. An `Idempotency-Key` header makes a retry safe.',
  })
  @RequestExample(CreateCommitteeDto, {
    summary: 'A proposed committee of both parties',
    value: {
      code: 'LB-SY-CUST',
      nameEn: 'Joint Committee on Customs Cooperation',
      nameAr: 'اللجنة المشتركة للتعاون الجمركي',
      mandate: 'Coordinate customs controls at the official crossings and share seizure records.',
      partyIds: [EXAMPLE_ID.party, EXAMPLE_ID.otherParty],
      issueAreaIds: [EXAMPLE_ID.issueArea],
      status: 'proposed',
      timeZone: 'Asia/Beirut',
    },
    replace: {
      partyIds: 'the ids of the parties it joins (GET /api/v1/parties).',
      issueAreaIds: 'ids of issue areas (GET /api/v1/issue-areas).',
    },
  })
  @Created({ type: CommitteeResponseDto, at: '/api/v1/committees/:id', description: 'The committee created.' })
  @Access({ roles: ['admin'] })
  create(@Body() dto: CreateCommitteeDto): Promise<CommitteeResponseDto> {
    return this.committees.create(dto);
  }

  @Get()
  @Access({ apiClients: true })
  @Operation({
    id: 'listCommittees',
    summary: 'List committees',
    description:
      'Pages through the committees the caller may see (cursor paging: `nextCursor` or `Link: rel="next"`), with search, filters and a sort: admins and analysts see all, others the committees they hold a seat on, API clients the ones they were given. Errors: 400 `VALIDATION_FAILED`.',
  })
  @ApiOkResponse({ type: CommitteePageDto, description: 'The committees the caller may see.' })
  @CsvExport(CommitteeResponseDto, { filename: 'committees' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListCommitteesQueryDto): Promise<CommitteePageDto> {
    return this.committees.list(principal, query);
  }

  @Get(':id')
  @Operation({
    id: 'getCommittee',
    summary: 'Read a committee',
    description:
      'One committee with its parties and issue areas, and an `ETag`. Whoever may see it (as for the list); 404 `NOT_FOUND` otherwise.',
  })
  @ApiOkResponse({
    type: CommitteeResponseDto,
    description: 'The committee with its parties and issue areas, with its ETag.',
  })
  @Access({ apiClients: true })
  get(
    @CurrentPrincipal() principal: Principal,
    @IdParam('id', "The committee's id (`id` in GET /api/v1/committees).") id: string,
  ): Promise<CommitteeResponseDto> {
    return this.committees.get(principal, id);
  }

  @Patch(':id')
  @Operation({
    id: 'updateCommittee',
    summary: 'Change a committee',
    description:
      'Changes the fields sent, its lifecycle among them: `proposed` → `active` ⇄ `suspended`, and any of them → `dissolved` (409 `TRANSITION_NOT_ALLOWED` for other moves; a dissolved committee takes no new work: 409 `COMMITTEE_DISSOLVED`). Admins only. `If-Match` (optional) makes it conditional on the ETag last read: 412 `VERSION_MISMATCH` when stale. Errors: 400 `VALIDATION_FAILED`, 404 `NOT_FOUND`, 409 `DUPLICATE_CODE`, `PARTY_HAS_MEMBERS` (a party with seats cannot leave).',
  })
  @RequestExample(UpdateCommitteeDto, {
    summary: 'Activate a proposed committee',
    value: { status: 'active', establishedOn: '2025-11-03' },
  })
  @ApiOkResponse({ type: CommitteeResponseDto, description: 'The committee as changed, with its new ETag.' })
  @Access({ roles: ['admin'] })
  update(
    @IdParam('id', "The committee's id (`id` in GET /api/v1/committees).") id: string,
    @Body() dto: UpdateCommitteeDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<CommitteeResponseDto> {
    return this.committees.update(id, dto, ifMatch);
  }
}
