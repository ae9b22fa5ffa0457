import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory.js';
import { BootstrapService } from './identity/auth/bootstrap.service.js';
import { DEMO_PASSWORD } from './demo/demo-accounts.js';
import { DemoSeedService } from './demo/demo-seed.service.js';
import { ConfigError, loadConfig, type AppConfig } from './platform/config/config.js';
import { describeFailure } from './platform/config/startup-errors.js';
import { createDataSource } from './data-source.js';
import { openDatabaseServer, type DatabaseServer } from './platform/database/database-server.js';
import { runMigrations } from './platform/database/migrate.js';

function readConfig(): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function migrate(url: string): Promise<void> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  } finally {
    await dataSource.destroy();
  }
}

/** First admin from BOOTSTRAP_ADMIN_*, and the demo data on a zero-setup start. */
async function prepareData(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const admin = await app.get(BootstrapService).ensureAdmin();
  if (admin === 'created') console.log(`Created the first admin: ${config.bootstrapAdmin!.email}`);
  if (!config.seedDemo) return;
  const { accounts } = await app.get(DemoSeedService).seed();
  console.log(`Demo accounts (password for all: ${DEMO_PASSWORD}; SEED_DEMO=false to skip):`);
  for (const a of accounts) console.log(`  ${a.role.padEnd(16)} ${a.email}${a.created ? '  (created now)' : ''}`);
}

async function main(): Promise<void> {
  const config = readConfig();
  let database: DatabaseServer | null = null;
  let app: NestFastifyApplication | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping`);
    await app?.close().catch((error: unknown) => console.error('error while closing the server', error));
    await database
      ?.stop()
      .catch((error: unknown) => console.error('error while stopping the embedded database', error));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    database = await openDatabaseServer(config);
    const embedded = database.embedded;
    if (embedded) process.on('exit', () => embedded.stopNow());
    if (database.embedded)
      console.log(`Embedded PostgreSQL running from ${database.embedded.dataDir} on port ${database.embedded.port}`);
    if (config.migrationsRun) await migrate(database.url);
    app = await createApp({ config, databaseUrl: database.url });
    await prepareData(app, config);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    console.error(
      'Tansiq failed to start:',
      describeFailure(error, config.databaseUrl) ?? (error instanceof Error ? error.message : error),
    );
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    process.exit(1);
  }
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(`Tansiq API   ${base}/api/v1`);
  console.log(`API docs     ${base}/docs  (OpenAPI: ${base}/docs/openapi.json)`);
}

void main();
