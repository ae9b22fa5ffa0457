import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../identity/index.js';
import { IfMatch } from '../../platform/index.js';
import { IdParam } from '../../platform/index.js';
import { IssueAreasService } from './issue-areas.service.js';
import {
  IssueAreaPageDto,
  IssueAreaResponseDto,
  CreateIssueAreaDto,
  ListIssueAreasQueryDto,
  UpdateIssueAreaDto,
} from './dto/issue-area.dto.js';

@ApiTags('issue-areas')
@Controller('issue-areas')
export class IssueAreasController {
  constructor(private readonly issueAreas: IssueAreasService) {}

  @Post()
  @Access({ roles: ['admin'] })
  create(@Body() dto: CreateIssueAreaDto): Promise<IssueAreaResponseDto> {
    return this.issueAreas.create(dto);
  }

  @Get()
  @Access({ apiClients: true })
  @ApiOkResponse({ type: IssueAreaPageDto })
  list(@Query() query: ListIssueAreasQueryDto): Promise<IssueAreaPageDto> {
    return this.issueAreas.list(query);
  }

  @Get(':id')
  @Access({ apiClients: true })
  get(@IdParam() id: string): Promise<IssueAreaResponseDto> {
    return this.issueAreas.get(id);
  }

  @Patch(':id')
  @Access({ roles: ['admin'] })
  update(
    @IdParam() id: string,
    @Body() dto: UpdateIssueAreaDto,
    @IfMatch() version?: number,
  ): Promise<IssueAreaResponseDto> {
    return this.issueAreas.update(id, dto, version);
  }

  @Delete(':id')
  @Access({ roles: ['admin'] })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted. 409 when committees or work items refer to it: deactivate instead.' })
  remove(@IdParam() id: string): Promise<void> {
    return this.issueAreas.remove(id);
  }
}
