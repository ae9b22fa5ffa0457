import { Readable, Transform } from 'node:stream';
import { Module, type ModuleMetadata, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { LogSequencer } from '../../src/audit/log/log-sequencer.service.js';
import { LogVerificationService } from '../../src/audit/log/log-verification.service.js';
import { loadConfig, type AppConfig } from '../../src/platform/config/config.js';
import { recordResponse } from './response-contract.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * Checks every response of the app against the OpenAPI document (response-contract.ts). Added to
 * every test app by createTestApp, so no test opts out; the hook only records, setup-after-env.ts
 * fails the test.
 */
@Module({})
class ResponseContractModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (request, reply, payload) => {
      const sent = (body: string | undefined) =>
        recordResponse({
          method: request.method,
          route: request.routeOptions.url,
          url: request.url,
          status: reply.statusCode,
          headers: reply.getHeaders(),
          body,
        });
      // A streamed body (a CSV export) is checked once it has all gone through, as sent.
      if (payload instanceof Readable) return recordingStream(payload, sent);
      sent(typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined);
      return payload;
    });
  }
}

/** `stream` passed through as it is read (back-pressure kept), its bytes handed to `done` at its end. */
function recordingStream(stream: Readable, done: (body: string) => void): Readable {
  const chunks: Buffer[] = [];
  const tee = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback(null, chunk);
    },
    flush(callback) {
      done(Buffer.concat(chunks).toString('utf8'));
      callback();
    },
  });
  // A failed or abandoned stream is not recorded (the client saw no whole response).
  stream.on('error', (error) => tee.destroy(error));
  tee.on('close', () => stream.destroy());
  return stream.pipe(tee);
}

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  /** Appends every committed audit event to the verifiable log and signs a checkpoint; @returns the tree size. */
  sequenceLog(): Promise<number>;
  /** Closes the app and drops its database, after checking that the verifiable log still verifies. */
  close(options?: { keepDatabase?: boolean; auditTampered?: boolean }): Promise<void>;
}

/**
 * The real application on a database of its own. Call in `beforeAll`, close in `afterAll`.
 */
export async function createTestApp(
  options: {
    env?: Record<string, string>;
    extraImports?: ModuleMetadata['imports'];
    database?: TestDatabase;
    /** Receives the log lines (with `env: { LOG_LEVEL }`); one app per test file then, as nestjs-pino keeps its first logger. */
    logStream?: DestinationStream;
  } = {},
): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_POOL_SIZE: '4',
    // The log is sequenced when a test asks (sequenceLog) and before close, not on a timer.
    LOG_SEQUENCER: 'false',
    ...options.env,
  });
  const app = await createApp({
    config,
    databaseUrl: db.url,
    extraImports: [...(options.extraImports ?? []), ResponseContractModule],
    logStream: options.logStream,
  });
  return {
    app,
    db,
    config,
    http: () => request(app.getHttpServer()),
    sequenceLog: () => app.get(LogSequencer).drain(),
    async close({ keepDatabase = false, auditTampered = false } = {}) {
      // Every test file leaves a verifiable log, whatever it did (unless it broke it on purpose).
      if (!auditTampered) await app.get(LogSequencer).drain();
      const audit = auditTampered ? null : await app.get(LogVerificationService).verify();
      await app.close();
      if (audit && !audit.ok) {
        if (!keepDatabase) await db.drop();
        throw new Error(
          `The verifiable log does not verify after this test file: ${JSON.stringify(audit.firstBroken)}`,
        );
      }
      if (!keepDatabase) await db.drop();
    },
  };
}
