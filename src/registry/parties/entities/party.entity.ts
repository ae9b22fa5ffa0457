import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../../platform/index.js';

/** A side: a state (ISO 3166-1 alpha-2 code) or an organisation. */
@Entity('parties')
@Index('parties_search_idx', { synchronize: false })
export class Party extends VersionedEntity {
  @Index('parties_code_key', { unique: true })
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  nameEn!: string;

  @Column({ type: 'text' })
  nameAr!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
