import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Person } from '../../../registry/index.js';
import { Assignment } from './assignment.entity.js';

/** A person an assignment is given to, and when they acknowledged it. */
@Entity('assignment_assignees')
// (person_id, coalesce(due_on, …), assignment_id): /me/assignments in due order (migration ListIndexes1795990000000).
@Index('assignment_assignees_person_due_key_idx', { synchronize: false })
export class AssignmentAssignee {
  @PrimaryColumn({ type: 'uuid' })
  assignmentId!: string;

  @PrimaryColumn({ type: 'uuid' })
  personId!: string;

  @ManyToOne(() => Assignment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Assignment;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person?: Person;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  /** The assignment's due date, copied by triggers so one index orders a person's assignments. */
  @Column({ type: 'date', nullable: true, select: false, insert: false, update: false })
  dueOn?: string | null;
}
