import { MEMBERSHIP_ROLES, type MembershipRole } from '../../../identity/index.js';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Committee } from '../../committees/entities/committee.entity.js';
import { VersionedEntity } from '../../../platform/index.js';
import { Person } from '../../people/entities/person.entity.js';

export { MEMBERSHIP_ROLES, type MembershipRole };

/**
 * A person's seat on a committee. Active while `endOn` is null or not yet past. `partyId`
 * is the person's party, copied and checked by a trigger (it must be one of the
 * committee's parties), so that "one active co-chair per party" is a unique index.
 */
@Entity('memberships')
@Index('memberships_one_open_co_chair_per_party', ['committeeId', 'partyId'], {
  unique: true,
  where: `role = 'co_chair' AND end_on IS NULL`,
})
@Index('memberships_person_id_idx', ['personId'])
export class Membership extends VersionedEntity {
  @Index('memberships_committee_id_idx')
  @Column({ type: 'uuid' })
  committeeId!: string;

  @ManyToOne(() => Committee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'committee_id' })
  committee?: Committee;

  @Column({ type: 'uuid' })
  personId!: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person?: Person;

  @Column({ type: 'uuid' })
  partyId!: string;

  @Column({ type: 'enum', enum: MEMBERSHIP_ROLES, enumName: 'membership_role' })
  role!: MembershipRole;

  @Column({ type: 'date' })
  startOn!: string;

  @Column({ type: 'date', nullable: true })
  endOn!: string | null;
}
