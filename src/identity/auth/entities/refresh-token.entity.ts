import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';
import { AuthSession } from './auth-session.entity.js';

/**
 * One refresh token, stored only as a SHA-256 hash. Every rotation spends the token and
 * issues a new one in the same family (the session); presenting a spent token again revokes
 * the family, except within REFRESH_REUSE_INTERVAL_SECONDS of its rotation (see
 * `AuthService.refresh`).
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('refresh_tokens_user_id_idx')
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index('refresh_tokens_family_id_idx')
  @Column({ type: 'uuid' })
  familyId!: string;

  @ManyToOne(() => AuthSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'family_id' })
  session?: AuthSession;

  @Index('refresh_tokens_token_hash_key', { unique: true })
  @Column({ type: 'text' })
  tokenHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  spentAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason!: string | null;

  /** `jti` of the access token issued with this refresh token (null before sessions existed). */
  @Column({ type: 'uuid', nullable: true })
  accessTokenId!: string | null;

  /** `iat` of that access token (whole seconds): with `jti`, it re-signs the same bytes. */
  @Column({ type: 'timestamptz', nullable: true })
  accessTokenIssuedAt!: Date | null;
}
