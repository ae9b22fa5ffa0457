import { ASSIGNMENT_STATUSES, type AssignmentStatus } from '../../kernel/workflows.js';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Party } from '../../../registry/index.js';
import { WorkItem } from '../../kernel/work-item.entity.js';

export { ASSIGNMENT_STATUSES, type AssignmentStatus };
export const ASSIGNMENT_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type AssignmentPriority = (typeof ASSIGNMENT_PRIORITIES)[number];

/** A work item of a committee, assigned to people (usually liaison officers). */
@Entity('assignments')
// Keyset-order indexes on expressions (migration ListIndexes1795990000000; docs/performance.md).
@Index('assignments_due_key_idx', { synchronize: false })
@Index('assignments_status_due_key_idx', { synchronize: false })
@Index('assignments_open_due_key_idx', { synchronize: false })
@Index('assignments_created_idx', { synchronize: false })
@Index('assignments_updated_idx', { synchronize: false })
// GIN on the stored search vector (migration StoredWorkSearchVectors1796600000000).
@Index('assignments_search_idx', { synchronize: false })
@Index('assignments_source_decision_idx', ['sourceDecisionId'])
export class Assignment extends WorkItem {
  @Column({ type: 'enum', enum: ASSIGNMENT_PRIORITIES, enumName: 'assignment_priority', default: 'normal' })
  priority!: AssignmentPriority;

  @Column({ type: 'uuid', nullable: true })
  raisingPartyId!: string | null;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'raising_party_id' })
  raisingParty?: Party | null;

  /** Border sector or crossing, free text (e.g. "Masnaa crossing", "Hermel sector"). */
  @Column({ type: 'text', nullable: true })
  borderSector!: string | null;

  @Column({ type: 'enum', enum: ASSIGNMENT_STATUSES, enumName: 'assignment_status', default: 'open' })
  status!: AssignmentStatus;
}
