import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import type { ApiClientPrincipal, UserPrincipal } from '../access/principal.js';
import { sha256 } from '../../platform/index.js';
import { paginate, type Page } from '../../platform/index.js';
import { AppException, assertIfMatch, type IfMatchCondition } from '../../platform/index.js';
import {
  API_CLIENT_SORT,
  ApiClientResponseDto,
  type CreateApiClientDto,
  type ListApiClientsQueryDto,
} from './dto/api-client.dto.js';
import { ApiClient } from './entities/api-client.entity.js';
import { API_KEY_PREFIX_LENGTH } from './dto/api-client.dto.js';

/** How stale `lastUsedAt` may get while a key is in use: one write per minute at most. */
const LAST_USE_RESOLUTION = `interval '1 minute'`;

@Injectable()
export class ApiClientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /**
   * `POST /api-clients`: `api-client.administer`, so 403 `REAUTHENTICATION_REQUIRED` without a
   * recent sign-in; then as `create`.
   */
  async createAs(principal: UserPrincipal, dto: CreateApiClientDto): Promise<{ client: ApiClient; key: string }> {
    await this.access.require(principal, 'api-client.administer', {});
    return this.create(dto, principal.userId);
  }

  /** Creates the client; the key is returned here once and only its hash is stored. */
  async create(dto: CreateApiClientDto, createdById: string | null): Promise<{ client: ApiClient; key: string }> {
    const allCommittees = dto.allCommittees ?? false;
    const committeeIds = [...new Set(dto.committeeIds ?? [])];
    if (allCommittees === committeeIds.length > 0) {
      throw AppException.validation([
        {
          field: allCommittees ? 'committeeIds' : 'allCommittees',
          message: 'give either allCommittees: true or a non-empty committeeIds list',
        },
      ]);
    }
    if (committeeIds.length > 0) {
      const [{ found }] = (await this.dataSource.query(
        `SELECT count(*)::int AS found FROM committees WHERE id = ANY($1::uuid[])`,
        [committeeIds],
      )) as { found: number }[];
      if (found !== committeeIds.length)
        throw AppException.validation([{ field: 'committeeIds', message: 'contains an id that matches no committee' }]);
    }
    const key = `tsq_${randomBytes(32).toString('base64url')}`;
    const repo = this.dataSource.getRepository(ApiClient);
    const saved = await repo.save(
      repo.create({
        name: dto.name,
        keyPrefix: key.slice(0, API_KEY_PREFIX_LENGTH),
        keyHash: sha256(key),
        allCommittees,
        committeeIds,
        createdById,
      }),
    );
    return { client: await repo.findOneByOrFail({ id: saved.id }), key };
  }

  list(query: ListApiClientsQueryDto): Promise<Page<ApiClient>> {
    const qb = this.dataSource.getRepository(ApiClient).createQueryBuilder('client');
    return paginate(qb, query, { alias: 'client', sortable: API_CLIENT_SORT, defaultSort: 'createdAt' });
  }

  async get(id: string): Promise<ApiClient> {
    const client = await this.dataSource.getRepository(ApiClient).findOneBy({ id });
    if (!client) throw AppException.notFound('The API client');
    return client;
  }

  /**
   * Revoking is final and idempotent; the record stays for the audit trail. 404 when there is
   * no such client; `api-client.administer`: 403 `REAUTHENTICATION_REQUIRED` without a recent
   * sign-in; 412 VERSION_MISMATCH when `ifMatch` names no current ETag.
   */
  async revoke(principal: UserPrincipal, id: string, ifMatch?: IfMatchCondition): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ApiClient);
      const client = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!client) throw AppException.notFound('The API client');
      // On this transaction's connection: a second one, taken while holding this, can starve the pool.
      await this.access.require(principal, 'api-client.administer', {}, undefined, manager);
      // Under the row lock: against the client as GET shows it (412 VERSION_MISMATCH when stale).
      await assertIfMatch(ifMatch, async () => ApiClientResponseDto.from(client), 'The API client');
      if (client.revokedAt) return;
      client.revokedAt = new Date();
      await repo.save(client);
    });
  }

  /**
   * Records a use of client `id`'s key now, unless one was recorded within the last minute
   * (LAST_USE_RESOLUTION: `lastUsedAt` is exact to the minute and the writes are spared). Called
   * at authentication, and at the end of a response that streams for longer (a CSV export).
   */
  async recordUse(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_clients SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - ${LAST_USE_RESOLUTION})`,
      [id],
    );
  }

  /** The client behind a key, recording its use (at most once a minute, to spare writes: `recordUse`). */
  async authenticate(key: string): Promise<ApiClientPrincipal | null> {
    const rows = (await this.dataSource.query(
      `WITH client AS (
         SELECT id, all_committees, committee_ids FROM api_clients WHERE key_hash = $1 AND revoked_at IS NULL),
       touched AS (
         UPDATE api_clients SET last_used_at = now()
          WHERE id IN (SELECT id FROM client) AND (last_used_at IS NULL OR last_used_at < now() - ${LAST_USE_RESOLUTION}))
       SELECT * FROM client`,
      [sha256(key)],
    )) as { id: string; all_committees: boolean; committee_ids: string[] }[];
    const row = rows[0];
    return row
      ? { kind: 'api_client', apiClientId: row.id, allCommittees: row.all_committees, committeeIds: row.committee_ids }
      : null;
  }
}
