import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { Committee } from '../../registry/index.js';
import { VersionedEntity } from '../../platform/index.js';
import { IssueArea } from '../../registry/index.js';
import { Decision } from '../meetings/entities/decision.entity.js';

/** What assignments and commitments share: a committee's item with a title, a due date and the decision it comes from. */
export abstract class WorkItem extends VersionedEntity {
  @Column({ type: 'uuid' })
  committeeId!: string;

  @ManyToOne(() => Committee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'committee_id' })
  committee?: Committee;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'uuid', nullable: true })
  issueAreaId!: string | null;

  @ManyToOne(() => IssueArea, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'issue_area_id' })
  issueArea?: IssueArea | null;

  @Column({ type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ type: 'uuid', nullable: true })
  sourceDecisionId!: string | null;

  @ManyToOne(() => Decision, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'source_decision_id' })
  sourceDecision?: Decision | null;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  /**
   * When the item entered its current status: set by the database whenever `status` changes
   * (trigger of migration ReportTallies1796500000000), never by the application. A fulfilment's
   * time, a claim's age (the reports read it).
   */
  @Column({ type: 'timestamptz', default: () => 'now()', select: false, insert: false, update: false })
  statusChangedAt?: Date;

  /**
   * The searched text as `tansiq_search_vector` folds it, what the `*_search_idx` GIN index
   * holds: set by the database when the text is written (trigger of migration
   * StoredWorkSearchVectors1796600000000), never by the application, never read by it.
   */
  @Column({ type: 'tsvector', name: 'search_vector', select: false, insert: false, update: false })
  searchVector?: string;
}
