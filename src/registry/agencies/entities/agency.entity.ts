import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../../platform/index.js';
import { Party } from '../../parties/entities/party.entity.js';

/** An institution of a party (Internal Security Forces, Ministry of Interior…). */
@Entity('agencies')
@Index('agencies_party_code_key', ['partyId', 'code'], { unique: true })
@Index('agencies_search_idx', { synchronize: false })
export class Agency extends VersionedEntity {
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party?: Party;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  nameEn!: string;

  @Column({ type: 'text' })
  nameAr!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
