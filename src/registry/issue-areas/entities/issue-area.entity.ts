import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../../platform/index.js';

/** One entry of the editable threat taxonomy (narcotics, arms trafficking…). */
@Entity('issue_areas')
@Index('issue_areas_search_idx', { synchronize: false })
export class IssueArea extends VersionedEntity {
  @Index('issue_areas_code_key', { unique: true })
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  nameEn!: string;

  @Column({ type: 'text' })
  nameAr!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
