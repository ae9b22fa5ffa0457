import { Column, Entity, Index } from 'typeorm';
import { ReferenceDataEntity } from '../../reference-data/reference-data.entity.js';

/** One entry of the editable threat taxonomy (narcotics, arms trafficking…). */
@Entity('issue_areas')
@Index('issue_areas_code_key', ['code'], { unique: true })
@Index('issue_areas_search_idx', { synchronize: false })
export class IssueArea extends ReferenceDataEntity {
  @Column({ type: 'text', nullable: true })
  description!: string | null;
}
