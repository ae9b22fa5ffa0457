import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

/**
 * A session: one sign-in and the refresh-token family it started (`id` is the family id,
 * carried in access tokens as `sid`). `authenticatedAt` is when the user last proved their
 * password in this session (the sign-in itself, or `POST /auth/sudo`); sensitive operations
 * need it within SUDO_WINDOW_MINUTES. `endedAt` is set once, when the session ends (logout,
 * reuse detection, a password change, deactivation): from then on none of its refresh tokens
 * rotates and none of its access tokens authenticates.
 *
 * The row is also the session's lock: a rotation and whatever ends the session take it
 * (`FOR UPDATE`) first, so they take turns (see `AuthService.refresh`).
 */
@Entity('auth_sessions')
export class AuthSession {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('auth_sessions_user_id_idx')
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'timestamptz' })
  authenticatedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** When the session ended; null while it lasts. */
  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}
