import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A create request's `Idempotency-Key`, its body's hash and, once done, its response. Kept 24 h at least. */
@Entity('idempotency_keys')
@Index('idempotency_keys_created_at_idx', ['createdAt'])
export class IdempotencyKey {
  /** Caller + method + route + key. */
  @PrimaryColumn({ type: 'text' })
  scopeKey!: string;

  @Column({ type: 'text' })
  requestHash!: string;

  @Column({ type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  responseHeaders!: Record<string, string> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
