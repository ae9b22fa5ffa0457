import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { CurrentPrincipal, type Principal } from '../../identity/index.js';
import { IfMatch, type IfMatchCondition } from '../../platform/index.js';
import { IdParam } from '../../platform/index.js';
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
  @ApiCreatedResponse({ type: CommitteeResponseDto })
  @Access({ roles: ['admin'] })
  create(@Body() dto: CreateCommitteeDto): Promise<CommitteeResponseDto> {
    return this.committees.create(dto);
  }

  @Get()
  @Access({ apiClients: true })
  @ApiOkResponse({ type: CommitteePageDto, description: 'The committees the caller may see.' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListCommitteesQueryDto): Promise<CommitteePageDto> {
    return this.committees.list(principal, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: CommitteeResponseDto })
  @Access({ apiClients: true })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<CommitteeResponseDto> {
    return this.committees.get(principal, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: CommitteeResponseDto })
  @Access({ roles: ['admin'] })
  update(
    @IdParam() id: string,
    @Body() dto: UpdateCommitteeDto,
    @IfMatch() ifMatch?: IfMatchCondition,
  ): Promise<CommitteeResponseDto> {
    return this.committees.update(id, dto, ifMatch);
  }
}
