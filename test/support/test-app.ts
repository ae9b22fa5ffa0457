import type { ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * The real application on a database of its own. Call in `beforeAll`, close in `afterAll`.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; extraImports?: ModuleMetadata['imports']; database?: TestDatabase } = {},
): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_POOL_SIZE: '4',
    ...options.env,
  });
  const app = await createApp({ config, databaseUrl: db.url, extraImports: options.extraImports });
  return {
    app,
    db,
    config,
    http: () => request(app.getHttpServer()),
    async close({ keepDatabase = false } = {}) {
      await app.close();
      if (!keepDatabase) await db.drop();
    },
  };
}
