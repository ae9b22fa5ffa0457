import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne } from 'typeorm';
import { Committee } from '../../committees/entities/committee.entity.js';
import { VersionedEntity } from '../../common/entities/versioned.entity.js';
import { Person } from '../../people/entities/person.entity.js';

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
