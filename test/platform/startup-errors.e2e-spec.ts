import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsersService } from '../../src/identity/users/users.service.js';
import { describeFailure, settingsError } from '../../src/platform/config/startup-errors.js';
import { AppException, ErrorCode } from '../../src/platform/problem/app.exception.js';
import { TEST_PASSWORD } from '../support/actors.js';
import { createTestDatabase, sql, type TestDatabase } from '../support/test-database.js';
import { createTestApp } from '../support/test-app.js';

const run = promisify(execFile);

/** Runs a built entry point against `db` with `env`; resolves with how it ended (it must fail). */
async function failure(
  script: string,
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string }> {
  return run(process.execPath, [script], {
    timeout: 60_000,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      MIGRATIONS_RUN: 'false',
      SEED_DEMO: 'false',
      // A start that fails must not leave a checkpoint signed with its throwaway (NODE_ENV=test)
      // log key in this file's database: the test app's close() verifies the log with its own.
      LOG_SEQUENCER: 'false',
      HOST: '127.0.0.1',
      PORT: '39417',
      LOG_LEVEL: 'warn',
      ...env,
    },
  }).then(
    ({ stdout }) => {
      throw new Error(`${script} did not fail:\n${stdout}`);
    },
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
}

const NO_STACK = /at .*\.js:\d+/;

describe('errors outside a request name the setting, the reason and the code', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('names DATABASE_URL (without its credentials) and the driver’s reason when the database cannot be reached', async () => {
    const refused = await failure('dist/src/main.js', db, {
      DATABASE_URL: 'postgres://nobody:secret-word@127.0.0.1:1/nowhere',
      MIGRATIONS_RUN: 'true',
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Tansiq failed to start: DATABASE_URL (127.0.0.1:1/nowhere): connect ECONNREFUSED 127.0.0.1:1 (SERVICE_UNAVAILABLE)',
    );
    expect(refused.stderr).not.toContain('secret-word');
    const missing = await failure('dist/src/seed-cli.js', db, {
      DATABASE_URL: db.url.replace(/\/[^/?]+(\?|$)/, '/tansiq_no_such_database$1'),
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /DATABASE_URL \(127\.0\.0\.1:\d+\/tansiq_no_such_database\): database "tansiq_no_such_database" does not exist \(SERVICE_UNAVAILABLE\)/,
    );
  });

  it('stops the server when the password policy refuses BOOTSTRAP_ADMIN_PASSWORD, naming it', async () => {
    const result = await failure('dist/src/main.js', db, {
      BOOTSTRAP_ADMIN_EMAIL: 'ops-admin@example.org',
      BOOTSTRAP_ADMIN_PASSWORD: 'ops-admin-passphrase-2025',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Tansiq failed to start: Invalid configuration:\n  - BOOTSTRAP_ADMIN_PASSWORD: must not contain your e-mail or name (VALIDATION_FAILED)',
    );
    expect(result.stderr).not.toContain('The request has invalid fields');
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(await sql(db.url, `SELECT 1 FROM users`)).toEqual([]);
  });

  it('stops the server when BOOTSTRAP_ADMIN_EMAIL belongs to a user who is not an admin', async () => {
    const t = await createTestApp({ database: db });
    await t.app
      .get(UsersService)
      .create({ email: 'ops-admin@example.org', displayName: 'Ops', role: 'analyst', password: TEST_PASSWORD });
    await t.close({ keepDatabase: true });
    const result = await failure('dist/src/main.js', db, {
      BOOTSTRAP_ADMIN_EMAIL: 'ops-admin@example.org',
      BOOTSTRAP_ADMIN_PASSWORD: 'a-very-long-bootstrap-passphrase',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '  - BOOTSTRAP_ADMIN_EMAIL: A user with the e-mail ops-admin@example.org already exists. (DUPLICATE_EMAIL)',
    );
    expect(result.stderr).not.toMatch(NO_STACK);
  });

  it('makes the demo seed CLI report a refused change with its code, without a stack', async () => {
    // A dissolved committee under a demo code: the seed cannot seat its members there.
    await sql(
      db.url,
      `INSERT INTO committees (code, name_en, name_ar, status, dissolved_on, version)
       VALUES ('LB-SY-NARC', 'Narcotics', 'المخدرات', 'dissolved', '2025-01-01', 1)`,
    );
    const result = await failure('dist/src/seed-cli.js', db);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'COMMITTEE_DISSOLVED: The change would break a rule of the data (memberships_committee_not_dissolved).',
    );
    expect(result.stderr).not.toMatch(NO_STACK);
  });
});

describe('the start-up wording of an AppException', () => {
  const refused = AppException.validation([
    { field: 'password', message: 'is too common; choose another' },
    { field: 'email', message: 'must be an e-mail address' },
    { field: 'displayName', message: 'must not be empty' },
  ]);

  it('puts each field error under the setting it came from, the field name where none is given', () => {
    const error = settingsError(refused, { password: 'ADMIN_PASSWORD', email: 'ADMIN_EMAIL' }, 'ADMIN_EMAIL');
    expect(error.problems).toEqual([
      { variable: 'ADMIN_PASSWORD', message: 'is too common; choose another (VALIDATION_FAILED)' },
      { variable: 'ADMIN_EMAIL', message: 'must be an e-mail address (VALIDATION_FAILED)' },
      { variable: 'displayName', message: 'must not be empty (VALIDATION_FAILED)' },
    ]);
  });

  it('puts an error without field errors under the fallback setting', () => {
    const error = settingsError(new AppException(ErrorCode.DuplicateEmail, 'Taken.'), {}, 'ADMIN_EMAIL');
    expect(error.message).toBe('Invalid configuration:\n  - ADMIN_EMAIL: Taken. (DUPLICATE_EMAIL)');
  });

  it('describes an AppException for the CLIs by code, detail and fields; an unexpected error not at all', () => {
    expect(describeFailure(refused)).toBe(
      'VALIDATION_FAILED: The request has invalid fields.\n' +
        '  - password: is too common; choose another\n' +
        '  - email: must be an e-mail address\n' +
        '  - displayName: must not be empty',
    );
    expect(describeFailure(new Error('boom'))).toBeNull();
  });
});
