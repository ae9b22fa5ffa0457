import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SEARCH_VECTORS } from '../../platform/index.js';
import { Party } from '../parties/entities/party.entity.js';
import { ReferenceDataService } from '../reference-data/reference-data.service.js';
import { AgencyResponseDto } from './dto/agency.dto.js';
import { Agency } from './entities/agency.entity.js';

/** Agencies belong to a party, which does not change; their codes are unique within the party. */
@Injectable()
export class AgenciesService extends ReferenceDataService<Agency, AgencyResponseDto> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, {
      entity: Agency,
      label: 'The agency',
      searchVector: SEARCH_VECTORS.agency,
      duplicateCode: (code) => `The party already has an agency with the code ${code}.`,
      references: [{ count: 'SELECT count(*) FROM people WHERE agency_id = $1', label: 'people' }],
      present: AgencyResponseDto.from,
      parent: { field: 'partyId', entity: Party, noun: 'party' },
    });
  }
}
