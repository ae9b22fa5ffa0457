import { ASSIGNMENT_STATUSES, type AssignmentStatus } from '../../kernel/workflows.js';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Party } from '../../../registry/index.js';
import { WorkItem } from '../../kernel/work-item.entity.js';

export { ASSIGNMENT_STATUSES, type AssignmentStatus };
export const ASSIGNMENT_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type AssignmentPriority = (typeof ASSIGNMENT_PRIORITIES)[number];

/** A work item of a committee, assigned to people (usually liaison officers). */
@Entity('assignments')
@Index('assignments_committee_due_idx', ['committeeId', 'dueOn'])
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

  @Index('assignments_status_idx')
  @Column({ type: 'enum', enum: ASSIGNMENT_STATUSES, enumName: 'assignment_status', default: 'open' })
  status!: AssignmentStatus;
}
