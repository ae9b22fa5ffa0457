import type { ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { AuditTrailService } from '../../src/audit/audit-trail.service.js';
import { loadConfig, type AppConfig } from '../../src/platform/config/config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  /** Closes the app and drops its database, after checking that the audit chain still verifies. */
  close(options?: { keepDatabase?: boolean; auditTampered?: boolean }): Promise<void>;
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
    async close({ keepDatabase = false, auditTampered = false } = {}) {
      // Every test file leaves a verifiable audit chain, whatever it did (unless it broke it on purpose).
      const audit = auditTampered ? null : await app.get(AuditTrailService).verify();
      await app.close();
      if (audit && !audit.ok) {
        if (!keepDatabase) await db.drop();
        throw new Error(`The audit chain does not verify after this test file: ${JSON.stringify(audit.firstBroken)}`);
      }
      if (!keepDatabase) await db.drop();
    },
  };
}
