import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../migrations/index.js';
import { AuditSubscriber } from './platform/audit/audit.subscriber.js';
import { entities } from './entities.js';
import { SnakeNamingStrategy } from './platform/database/naming.strategy.js';
import { PreparingClient } from './platform/database/preparing-client.js';
import { SESSION_OPTIONS } from './platform/database/session-options.js';

export const MIGRATIONS_TABLE = 'migrations';

/**
 * The TypeORM options of a pool on `url`. `statementTimeoutMs`: the longest a statement may
 * run (milliseconds; 0 = no limit). The application's pool keeps 30 s, so a request stuck
 * behind a lock or a dead server fails instead of hanging.
 */
export function dataSourceOptions(
  url: string,
  poolSize = 10,
  preparedStatements = true,
  statementTimeoutMs = 30_000,
): DataSourceOptions {
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
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
      // Every session in UTC, whatever the server's default (session-options.ts).
      options: SESSION_OPTIONS,
    },
    logging: false,
  };
}

/**
 * A small pool for migrations and scripts (npm start's migration step, migration-cli,
 * seed-cli, seed:scale), with no statement timeout: a migration that builds an index or
 * rewrites a table of millions of rows runs for minutes, and under the application's 30 s
 * limit it would fail half-way on exactly the databases that need it.
 */
export function createDataSource(url: string, poolSize = 2): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize, true, 0));
}
