import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

/**
 * A session: one sign-in and the refresh-token family it started (`id` is the family id,
 * carried in access tokens as `sid`). `authenticatedAt` is when the user last proved their
 * password in this session (the sign-in itself, or `POST /auth/sudo`); sensitive operations
 * need it within SUDO_WINDOW_MINUTES.
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
}
