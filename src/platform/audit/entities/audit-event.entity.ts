import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change to one record, written in the same transaction as the change and chained by
 * hash: `hash = sha256(canonical(event without hash) )`, where the event includes `prevHash`.
 */
@Entity('audit_events')
@Index('audit_events_entity_idx', ['entity', 'entityId'])
@Index('audit_events_occurred_at_idx', ['occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  actorType!: 'user' | 'api_client' | 'system';

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  entity!: string;

  @Column({ type: 'text' })
  entityId!: string;

  @Column({ type: 'jsonb' })
  changes!: Record<string, { before?: unknown; after?: unknown }>;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
