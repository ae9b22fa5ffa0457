import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { IfMatch } from '../../platform/index.js';
import { IdParam } from '../../platform/index.js';
import { AgenciesService } from './agencies.service.js';
import {
  AgencyPageDto,
  AgencyResponseDto,
  CreateAgencyDto,
  ListAgenciesQueryDto,
  UpdateAgencyDto,
} from './dto/agency.dto.js';

@ApiTags('agencies')
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Post()
  @Access({ roles: ['admin'] })
  create(@Body() dto: CreateAgencyDto): Promise<AgencyResponseDto> {
    return this.agencies.create(dto);
  }

  @Get()
  @Access({ apiClients: true })
  @ApiOkResponse({ type: AgencyPageDto })
  list(@Query() query: ListAgenciesQueryDto): Promise<AgencyPageDto> {
    return this.agencies.list(query);
  }

  @Get(':id')
  @Access({ apiClients: true })
  get(@IdParam() id: string): Promise<AgencyResponseDto> {
    return this.agencies.get(id);
  }

  @Patch(':id')
  @Access({ roles: ['admin'] })
  update(@IdParam() id: string, @Body() dto: UpdateAgencyDto, @IfMatch() version?: number): Promise<AgencyResponseDto> {
    return this.agencies.update(id, dto, version);
  }

  @Delete(':id')
  @Access({ roles: ['admin'] })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted. 409 when people refer to it: deactivate instead.' })
  remove(@IdParam() id: string): Promise<void> {
    return this.agencies.remove(id);
  }
}
