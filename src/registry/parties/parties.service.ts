import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SEARCH_VECTORS } from '../../platform/index.js';
import { ReferenceDataService } from '../reference-data/reference-data.service.js';
import { PartyResponseDto } from './dto/party.dto.js';
import { Party } from './entities/party.entity.js';

@Injectable()
export class PartiesService extends ReferenceDataService<Party, PartyResponseDto> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, {
      entity: Party,
      label: 'The party',
      searchVector: SEARCH_VECTORS.party,
      duplicateCode: (code) => `A party with the code ${code} already exists.`,
      references: [
        { count: 'SELECT count(*) FROM agencies WHERE party_id = $1', label: 'agencies' },
        { count: 'SELECT count(*) FROM people WHERE party_id = $1', label: 'people' },
        { count: 'SELECT count(*) FROM committee_parties WHERE party_id = $1', label: 'committees' },
      ],
      present: PartyResponseDto.from,
    });
  }
}
