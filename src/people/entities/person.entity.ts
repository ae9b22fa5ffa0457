import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../../common/entities/versioned.entity.js';

/** A member of a delegation. Grows with the committee registry (party, agency, contact). */
@Entity('people')
export class Person extends VersionedEntity {
  @Column({ type: 'text' })
  nameEn!: string;

  @Column({ type: 'text' })
  nameAr!: string;
}
