import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../../platform/index.js';

/** A reporting tool: read-only, scoped to all committees or a list, key stored hashed. */
@Entity('api_clients')
export class ApiClient extends VersionedEntity {
  @Column({ type: 'text' })
  name!: string;

  /** First characters of the key, shown in lists so an admin can tell keys apart. */
  @Column({ type: 'text' })
  keyPrefix!: string;

  @Index('api_clients_key_hash_key', { unique: true })
  @Column({ type: 'text', select: false })
  keyHash!: string;

  @Column({ type: 'boolean', default: false })
  allCommittees!: boolean;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  committeeIds!: string[];

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
