import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { IfMatch } from '../../platform/index.js';
import { IdParam } from '../../platform/index.js';
import {
  CreatePartyDto,
  ListPartiesQueryDto,
  PartyPageDto,
  PartyResponseDto,
  UpdatePartyDto,
} from './dto/party.dto.js';
import { PartiesService } from './parties.service.js';

@ApiTags('parties')
@Controller('parties')
export class PartiesController {
  constructor(private readonly parties: PartiesService) {}

  @Post()
  @Access({ roles: ['admin'] })
  create(@Body() dto: CreatePartyDto): Promise<PartyResponseDto> {
    return this.parties.create(dto);
  }

  @Get()
  @Access({ apiClients: true })
  @ApiOkResponse({ type: PartyPageDto })
  list(@Query() query: ListPartiesQueryDto): Promise<PartyPageDto> {
    return this.parties.list(query);
  }

  @Get(':id')
  @Access({ apiClients: true })
  get(@IdParam() id: string): Promise<PartyResponseDto> {
    return this.parties.get(id);
  }

  @Patch(':id')
  @Access({ roles: ['admin'] })
  update(@IdParam() id: string, @Body() dto: UpdatePartyDto, @IfMatch() version?: number): Promise<PartyResponseDto> {
    return this.parties.update(id, dto, version);
  }

  @Delete(':id')
  @Access({ roles: ['admin'] })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted. 409 when anything refers to it: deactivate instead.' })
  remove(@IdParam() id: string): Promise<void> {
    return this.parties.remove(id);
  }
}
