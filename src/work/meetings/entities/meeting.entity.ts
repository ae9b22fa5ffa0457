import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne } from 'typeorm';
import { Committee } from '../../../registry/index.js';
import { VersionedEntity } from '../../../platform/index.js';
import { Person } from '../../../registry/index.js';

@Entity('meetings')
@Index('meetings_committee_starts_idx', ['committeeId', 'startsAt'])
export class Meeting extends VersionedEntity {
  @Column({ type: 'uuid' })
  committeeId!: string;

  @ManyToOne(() => Committee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'committee_id' })
  committee?: Committee;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  /** IANA zone the meeting was scheduled in (start times are shown in it). */
  @Column({ type: 'text' })
  timeZone!: string;

  @Column({ type: 'text' })
  place!: string;

  @Column({ type: 'text', default: '' })
  agenda!: string;

  @Column({ type: 'text', default: '' })
  minutes!: string;

  @ManyToMany(() => Person)
  @JoinTable({
    name: 'meeting_attendees',
    joinColumn: { name: 'meeting_id' },
    inverseJoinColumn: { name: 'person_id' },
  })
  attendees?: Person[];
}
