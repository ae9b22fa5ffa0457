import { Entity, Index } from 'typeorm';
import { ReferenceDataEntity } from '../../reference-data/reference-data.entity.js';

/** A side: a state (ISO 3166-1 alpha-2 code) or an organisation. */
@Entity('parties')
@Index('parties_code_key', ['code'], { unique: true })
@Index('parties_search_idx', { synchronize: false })
export class Party extends ReferenceDataEntity {}
