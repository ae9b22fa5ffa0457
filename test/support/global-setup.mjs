// Starts the test database server once per run and migrates a template database; every
// test file then clones its own database from it (CREATE DATABASE … TEMPLATE …).
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export default async function globalSetup() {
  // Where expectProblem records the error codes the tests produce (read by error-code-reporter.mjs).
  process.env.TANSIQ_TEST_CODES_DIR = mkdtempSync(join(tmpdir(), 'tansiq-test-codes-'));
  // Where each test file writes what the response contract checked (response-contract-reporter.mjs).
  process.env.TANSIQ_TEST_CONTRACT_DIR = mkdtempSync(join(tmpdir(), 'tansiq-test-contract-'));

  const { EmbeddedPostgres } = await import('../../dist/src/platform/database/embedded-postgres.js');
  const { createDataSource } = await import('../../dist/src/data-source.js');
  const { runMigrations } = await import('../../dist/src/platform/database/migrate.js');

  let adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null;
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tansiq-test-pg-'));
    chmodSync(dataDir, 0o755);
    const embedded = await EmbeddedPostgres.start({ dataDir: join(dataDir, 'pg') });
    globalThis.__TANSIQ_EMBEDDED__ = { embedded, dataDir };
    // An interrupted run (Ctrl-C, a killed CI job) must not leave the server behind.
    const abandon = () => {
      embedded.stopNow();
      rmSync(dataDir, { recursive: true, force: true });
    };
    process.on('exit', abandon);
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => {
        abandon();
        process.kill(process.pid, signal);
      });
    }
    adminUrl = embedded.url;
  }
  const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const template = `tansiq_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();

  const dataSource = createDataSource(withDatabase(adminUrl, template));
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  process.env.TANSIQ_TEST_ADMIN_URL = adminUrl;
  process.env.TANSIQ_TEST_TEMPLATE = template;
  process.env.TANSIQ_TEST_RUN_ID = runId;
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
