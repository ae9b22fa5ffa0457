import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Agency } from '../../agencies/entities/agency.entity.js';
import { VersionedEntity } from '../../../platform/index.js';
import { Party } from '../../parties/entities/party.entity.js';

/** A member of a delegation. Contact details are personal data (see PeopleService). */
@Entity('people')
@Index('people_search_idx', { synchronize: false })
export class Person extends VersionedEntity {
  @Index('people_party_id_idx')
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party?: Party;

  @Index('people_agency_id_idx')
  @Column({ type: 'uuid', nullable: true })
  agencyId!: string | null;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'agency_id' })
  agency?: Agency | null;

  @Column({ type: 'text' })
  nameEn!: string;

  @Column({ type: 'text' })
  nameAr!: string;

  @Column({ type: 'text', nullable: true })
  rankTitle!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
