import { COMMITMENT_STATUSES, type CommitmentStatus } from '../../kernel/workflows.js';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Agency } from '../../../registry/index.js';
import { Party } from '../../../registry/index.js';
import { WorkItem } from '../../kernel/work-item.entity.js';

export { COMMITMENT_STATUSES, type CommitmentStatus };

/** A pledge by one party of the committee; its fulfilment needs the other side's sign-off. */
@Entity('commitments')
@Check('commitments_progress_range', 'progress BETWEEN 0 AND 100')
// Keyset-order indexes on expressions (migration ListIndexes1795990000000; docs/performance.md).
@Index('commitments_due_key_idx', { synchronize: false })
@Index('commitments_status_due_key_idx', { synchronize: false })
@Index('commitments_open_due_key_idx', { synchronize: false })
@Index('commitments_created_idx', { synchronize: false })
@Index('commitments_updated_idx', { synchronize: false })
// GIN on the stored search vector (migration StoredWorkSearchVectors1796600000000).
@Index('commitments_search_idx', { synchronize: false })
@Index('commitments_source_decision_idx', ['sourceDecisionId'])
// The oldest claims awaiting the other side (migration ReportTallies1796500000000).
@Index('commitments_claimed_idx', { synchronize: false })
export class Commitment extends WorkItem {
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

  @Column({ type: 'smallint', default: 0 })
  progress!: number;

  @Column({ type: 'enum', enum: COMMITMENT_STATUSES, enumName: 'commitment_status', default: 'pending' })
  status!: CommitmentStatus;
}
