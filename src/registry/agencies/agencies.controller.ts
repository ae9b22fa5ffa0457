import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EXAMPLE_ID } from '../../platform/index.js';
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
  names: { one: 'agency', many: 'agencies' },
  examples: {
    create: {
      summary: 'An agency of a party',
      value: {
        partyId: EXAMPLE_ID.party,
        code: 'CUSTOMS',
        nameEn: 'Lebanese Customs Administration',
        nameAr: 'إدارة الجمارك اللبنانية',
      },
      replace: { partyId: "the id of the agency's party (GET /api/v1/parties)." },
    },
    update: { summary: 'A longer English name', value: { nameEn: 'Internal Security Forces Directorate General' } },
  },
}) {}
