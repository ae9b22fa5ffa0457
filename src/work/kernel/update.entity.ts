import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One entry of the append-only timeline of an assignment or a commitment (exactly one of
 * the two). Never edited or deleted: the database refuses it; a correction is a new entry.
 */
@Entity('updates')
@Check('updates_one_subject', '(assignment_id IS NULL) <> (commitment_id IS NULL)')
@Check('updates_progress_range', 'progress IS NULL OR progress BETWEEN 0 AND 100')
@Index('updates_assignment_idx', ['assignmentId', 'createdAt'])
@Index('updates_commitment_idx', ['commitmentId', 'createdAt'])
export class Update {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  assignmentId!: string | null;

  // Targets by entity name: the timeline sits below the work items that own it.
  @ManyToOne('Assignment', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: object | null;

  @Column({ type: 'uuid', nullable: true })
  commitmentId!: string | null;

  @ManyToOne('Commitment', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: object | null;

  @Column({ type: 'uuid', nullable: true })
  authorUserId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  authorPersonId!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'smallint', nullable: true })
  progress!: number | null;

  @Column({ type: 'text', nullable: true })
  fromStatus!: string | null;

  @Column({ type: 'text', nullable: true })
  toStatus!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
