import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A fixed-window counter shared by every instance of the API (rate limits and login
 * throttles must hold across instances, so they live in PostgreSQL, not in memory).
 */
@Entity('rate_limit_buckets')
export class RateLimitBucket {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'integer' })
  hits!: number;

  @Column({ type: 'timestamptz' })
  windowEndsAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  blockedUntil!: Date | null;
}
