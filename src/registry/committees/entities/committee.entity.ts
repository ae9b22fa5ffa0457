import { Column, Entity, Index, JoinTable, ManyToMany } from 'typeorm';
import { VersionedEntity } from '../../../platform/index.js';
import { IssueArea } from '../../issue-areas/entities/issue-area.entity.js';
import { Party } from '../../parties/entities/party.entity.js';

export const COMMITTEE_STATUSES = ['proposed', 'active', 'suspended', 'dissolved'] as const;
export type CommitteeStatus = (typeof COMMITTEE_STATUSES)[number];

@Entity('committees')
@Index('committees_search_idx', { synchronize: false })
export class Committee extends VersionedEntity {
  @Index('committees_code_key', { unique: true })
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  nameEn!: string;

  @Column({ type: 'text' })
  nameAr!: string;

  @Column({ type: 'text', default: '' })
  mandate!: string;

  @Index('committees_status_idx')
  @Column({ type: 'enum', enum: COMMITTEE_STATUSES, enumName: 'committee_status', default: 'proposed' })
  status!: CommitteeStatus;

  @Column({ type: 'date', nullable: true })
  establishedOn!: string | null;

  @Column({ type: 'date', nullable: true })
  dissolvedOn!: string | null;

  /** IANA zone in which the committee's due dates are read (overdue is "before today" there). */
  @Column({ type: 'text', default: 'Asia/Beirut' })
  timeZone!: string;

  @ManyToMany(() => Party)
  @JoinTable({
    name: 'committee_parties',
    joinColumn: { name: 'committee_id' },
    inverseJoinColumn: { name: 'party_id' },
  })
  parties?: Party[];

  @ManyToMany(() => IssueArea)
  @JoinTable({
    name: 'committee_issue_areas',
    joinColumn: { name: 'committee_id' },
    inverseJoinColumn: { name: 'issue_area_id' },
  })
  issueAreas?: IssueArea[];
}
