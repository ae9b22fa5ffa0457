import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Party } from '../../parties/entities/party.entity.js';
import { ReferenceDataEntity } from '../../reference-data/reference-data.entity.js';

/** An institution of a party (Internal Security Forces, Ministry of Interior…); its code is unique within the party. */
@Entity('agencies')
@Index('agencies_party_code_key', ['partyId', 'code'], { unique: true })
@Index('agencies_search_idx', { synchronize: false })
export class Agency extends ReferenceDataEntity {
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party?: Party;
}
