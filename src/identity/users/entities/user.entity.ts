import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { USER_ROLES, type UserRole } from '../../access/roles.js';
import { VersionedEntity } from '../../../platform/index.js';

export { USER_ROLES, type UserRole };

/** The registry's person a user is (identity sits below the registry, so only the shape is named here). */
export interface LinkedPerson {
  id: string;
  nameEn: string;
  nameAr: string;
}

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

  // By entity name: the people table belongs to the registry, above identity.
  @ManyToOne('Person', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'person_id' })
  person?: LinkedPerson | null;

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
