import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Committee } from '../../committees/entities/committee.entity.js';
import { VersionedEntity } from '../../common/entities/versioned.entity.js';
import { IssueArea } from '../../issue-areas/entities/issue-area.entity.js';
import { Decision } from '../../meetings/entities/decision.entity.js';
import { Party } from '../../parties/entities/party.entity.js';

export const ASSIGNMENT_STATUSES = ['open', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
export const ASSIGNMENT_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type AssignmentPriority = (typeof ASSIGNMENT_PRIORITIES)[number];

/** A work item of a committee, assigned to people (usually liaison officers). */
@Entity('assignments')
@Index('assignments_committee_due_idx', ['committeeId', 'dueOn'])
export class Assignment extends VersionedEntity {
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

  @Column({ type: 'enum', enum: ASSIGNMENT_PRIORITIES, enumName: 'assignment_priority', default: 'normal' })
  priority!: AssignmentPriority;

  @Column({ type: 'date', nullable: true })
  dueOn!: string | null;

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

  @Index('assignments_source_decision_idx')
  @Column({ type: 'uuid', nullable: true })
  sourceDecisionId!: string | null;

  @ManyToOne(() => Decision, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'source_decision_id' })
  sourceDecision?: Decision | null;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;
}
