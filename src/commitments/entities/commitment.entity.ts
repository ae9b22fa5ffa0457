import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Agency } from '../../agencies/entities/agency.entity.js';
import { Committee } from '../../committees/entities/committee.entity.js';
import { VersionedEntity } from '../../common/entities/versioned.entity.js';
import { IssueArea } from '../../issue-areas/entities/issue-area.entity.js';
import { Decision } from '../../meetings/entities/decision.entity.js';
import { Party } from '../../parties/entities/party.entity.js';

export const COMMITMENT_STATUSES = ['pending', 'in_progress', 'fulfilment_claimed', 'fulfilled', 'withdrawn'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** A pledge by one party of the committee; its fulfilment needs the other side's sign-off. */
@Entity('commitments')
@Check('commitments_progress_range', 'progress BETWEEN 0 AND 100')
@Index('commitments_committee_due_idx', ['committeeId', 'dueOn'])
export class Commitment extends VersionedEntity {
  @Column({ type: 'uuid' })
  committeeId!: string;

  @ManyToOne(() => Committee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'committee_id' })
  committee?: Committee;

  @Index('commitments_owner_party_idx')
  @Column({ type: 'uuid' })
  ownerPartyId!: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_party_id' })
  ownerParty?: Party;

  @Column({ type: 'uuid', nullable: true })
  agencyId!: string | null;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'agency_id' })
  agency?: Agency | null;

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

  @Column({ type: 'smallint', default: 0 })
  progress!: number;

  @Index('commitments_source_decision_idx')
  @Column({ type: 'uuid', nullable: true })
  sourceDecisionId!: string | null;

  @ManyToOne(() => Decision, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'source_decision_id' })
  sourceDecision?: Decision | null;

  @Index('commitments_status_idx')
  @Column({ type: 'enum', enum: COMMITMENT_STATUSES, enumName: 'commitment_status', default: 'pending' })
  status!: CommitmentStatus;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;
}
