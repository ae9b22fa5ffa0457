import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../migrations/index.js';
import { AuditSubscriber } from './platform/audit/audit.subscriber.js';
import { entities } from './entities.js';
import { SnakeNamingStrategy } from './platform/database/naming.strategy.js';
import { PreparingClient } from './platform/database/preparing-client.js';
import { SESSION_OPTIONS } from './platform/database/session-options.js';

export const MIGRATIONS_TABLE = 'migrations';

export function dataSourceOptions(url: string, poolSize = 10, preparedStatements = true): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    // Every change made through TypeORM is audited in its own transaction.
    subscribers: [AuditSubscriber],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: 'tansiq',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: {
      // Parameterized statements are prepared once per connection (docs/performance.md).
      ...(preparedStatements ? { Client: PreparingClient } : {}),
      max: poolSize,
      connectionTimeoutMillis: 5_000,
      // Fail a query stuck behind a lock or a dead server instead of hanging the request.
      statement_timeout: 30_000,
      // Every session in UTC, whatever the server's default (session-options.ts).
      options: SESSION_OPTIONS,
    },
    logging: false,
  };
}

export function createDataSource(url: string, poolSize = 2): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
