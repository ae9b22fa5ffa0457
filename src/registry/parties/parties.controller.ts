import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ReferenceDataController } from '../reference-data/reference-data.controller.js';
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
export class PartiesController extends ReferenceDataController(PartiesService, {
  create: CreatePartyDto,
  update: UpdatePartyDto,
  query: ListPartiesQueryDto,
  response: PartyResponseDto,
  page: PartyPageDto,
  deleted: 'Deleted. 409 when anything refers to it: deactivate instead.',
  names: { one: 'party', many: 'parties' },
  examples: {
    create: { summary: 'A third state', value: { code: 'JO', nameEn: 'Jordan', nameAr: 'الأردن' } },
    update: { summary: 'The official name', value: { nameEn: 'Lebanese Republic', nameAr: 'الجمهورية اللبنانية' } },
  },
}) {}
