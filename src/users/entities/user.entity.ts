import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../common/entities/versioned.entity.js';
import { Person } from '../../people/entities/person.entity.js';

export const USER_ROLES = ['admin', 'secretary', 'liaison_officer', 'analyst'] as const;
export type UserRole = (typeof USER_ROLES)[number];

@Entity('users')
export class User extends VersionedEntity {
  /** Stored lower-cased: e-mail addresses are unique case-insensitively. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  displayName!: string;

  @Column({ type: 'enum', enum: USER_ROLES, enumName: 'user_role' })
  role!: UserRole;

  @Index('users_person_id_idx')
  @Column({ type: 'uuid', nullable: true })
  personId!: string | null;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'person_id' })
  person?: Person | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'text', select: false })
  passwordHash!: string;

  /**
   * Bumped on deactivation and password reset; access tokens carry it, so older tokens stop
   * working at once.
   */
  @Column({ type: 'integer', default: 0 })
  tokenGeneration!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;
}
