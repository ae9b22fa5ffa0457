import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Person } from '../../../registry/index.js';
import { Assignment } from './assignment.entity.js';

/** A person an assignment is given to, and when they acknowledged it. */
@Entity('assignment_assignees')
@Index('assignment_assignees_person_idx', ['personId'])
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
}
