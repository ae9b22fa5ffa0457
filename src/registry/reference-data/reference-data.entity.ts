import { Column } from 'typeorm';
import { VersionedEntity } from '../../platform/index.js';

/**
 * The columns parties, agencies and issue areas share: a code (unique among its kind, or
 * within its parent), English and Arabic names, and `active` (deactivated, not deleted, once
 * referenced). Each entity declares its own table, indexes and further columns.
 */
export abstract class ReferenceDataEntity extends VersionedEntity {
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  nameEn!: string;

  @Column({ type: 'text' })
  nameAr!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
