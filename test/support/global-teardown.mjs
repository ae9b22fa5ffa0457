import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  for (const dir of [process.env.TANSIQ_TEST_CODES_DIR, process.env.TANSIQ_TEST_CONTRACT_DIR]) {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  const adminUrl = process.env.TANSIQ_TEST_ADMIN_URL;
  const runId = process.env.TANSIQ_TEST_RUN_ID;
  const state = globalThis.__TANSIQ_EMBEDDED__;
  if (state) {
    await state.embedded.stop();
    rmSync(state.dataDir, { recursive: true, force: true });
    return;
  }
  if (!adminUrl || !runId) return;
  // External server: drop what this run created (test files drop their own; this catches leftovers).
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `tansiq\\_%\\_${runId}%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
