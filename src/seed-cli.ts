/** `npm run seed:demo`: loads the demo case into DATABASE_URL, or the embedded database when it is unset. */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createApp } from './app.factory.js';
import { loadConfig } from './platform/config/config.js';
import { describeFailure } from './platform/config/startup-errors.js';
import { createDataSource } from './data-source.js';
import { openDatabaseServer } from './platform/database/database-server.js';
import { runMigrations } from './platform/database/migrate.js';
import { DEMO_PASSWORD } from './demo/demo-accounts.js';
import { DemoSeedService } from './demo/demo-seed.service.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = { ...loadConfig(), logLevel: 'warn' as const };
  const server = await openDatabaseServer(config);
  try {
    const dataSource = createDataSource(server.url);
    await dataSource.initialize();
    await runMigrations(dataSource).finally(() => dataSource.destroy());
    const app = await createApp({ config, databaseUrl: server.url });
    try {
      const { accounts } = await app.get(DemoSeedService).seed();
      console.log(`Demo data loaded. Logins (password ${DEMO_PASSWORD}):`);
      for (const a of accounts) console.log(`  ${a.role.padEnd(16)} ${a.email}${a.created ? '  (created now)' : ''}`);
    } finally {
      await app.close();
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(describeFailure(error, process.env.DATABASE_URL || null) ?? error);
  process.exit(1);
});
