import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ReferenceDataController } from '../reference-data/reference-data.controller.js';
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
export class AgenciesController extends ReferenceDataController(AgenciesService, {
  create: CreateAgencyDto,
  update: UpdateAgencyDto,
  query: ListAgenciesQueryDto,
  response: AgencyResponseDto,
  page: AgencyPageDto,
  deleted: 'Deleted. 409 when people refer to it: deactivate instead.',
}) {}
