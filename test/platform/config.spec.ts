import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigError, loadConfig } from '../../src/platform/config/config.js';

const run = promisify(execFile);

/** Has the shape of a note signing key (the config checks the shape; the log module parses it). */
const SIGNING_KEY = 'PRIVATE+KEY+tansiq.local/audit-log+0a1b2c3d+AUMrFjvVBG3RQZGsyDKs9aTFw5PJOYbj7HmhnAHyM3k8';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, '/srv/tansiq');
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      migrationsRun: true,
      databasePreparedStatements: true,
      dataDir: '/srv/tansiq/.data',
      corsOrigins: [],
      work: { riskWindowDays: 7, listCachePages: 128 },
    });
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://app@db:5432/tansiq',
      MIGRATIONS_RUN: 'false',
      DATABASE_PREPARED_STATEMENTS: 'false',
      CORS_ORIGINS: 'https://a.example, https://b.example/',
      BODY_LIMIT_BYTES: '4096',
      LOG_LEVEL: 'warn',
      RISK_WINDOW_DAYS: '14',
      LIST_CACHE_PAGES: '0',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://app@db:5432/tansiq',
      migrationsRun: false,
      databasePreparedStatements: false,
      corsOrigins: ['https://a.example', 'https://b.example'],
      bodyLimitBytes: 4096,
      logLevel: 'warn',
      work: { riskWindowDays: 14, listCachePages: 0 },
    });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        MIGRATIONS_RUN: 'maybe',
        CORS_ORIGINS: 'not a url',
        NODE_ENV: 'staging',
        RISK_WINDOW_DAYS: '-1',
        LIST_CACHE_PAGES: '10001',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual([
      'CORS_ORIGINS',
      'DATABASE_URL',
      'LIST_CACHE_PAGES',
      'MIGRATIONS_RUN',
      'NODE_ENV',
      'PORT',
      'RISK_WINDOW_DAYS',
    ]);
    expect((error as ConfigError).message).toContain('PORT: must be an integer from 1 to 65535 (got "eighty")');
  });

  it('refuses a BOOTSTRAP_ADMIN_EMAIL longer than an address may be (254 characters)', () => {
    const password = 'long-enough-password';
    expect(
      loadConfig({ BOOTSTRAP_ADMIN_EMAIL: `${'a'.repeat(242)}@example.org`, BOOTSTRAP_ADMIN_PASSWORD: password }),
    ).toMatchObject({ bootstrapAdmin: { email: `${'a'.repeat(242)}@example.org` } });
    expect(() =>
      loadConfig({ BOOTSTRAP_ADMIN_EMAIL: `${'a'.repeat(243)}@example.org`, BOOTSTRAP_ADMIN_PASSWORD: password }),
    ).toThrow('BOOTSTRAP_ADMIN_EMAIL: must be an e-mail address when BOOTSTRAP_ADMIN_PASSWORD is set');
  });

  it('requires a database and a long JWT secret in production', () => {
    const missing = (() => {
      try {
        loadConfig({ NODE_ENV: 'production' });
      } catch (e) {
        return (e as ConfigError).problems.map((p) => p.variable).sort();
      }
      return [];
    })();
    expect(missing).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_SIGNING_KEY']);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://a@b/c', JWT_SECRET: 'short' })).toThrow(
      /JWT_SECRET: must be at least 32/,
    );
    expect(
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://a@b/c',
        JWT_SECRET: 'x'.repeat(32),
        LOG_SIGNING_KEY: SIGNING_KEY,
      }).auth.jwtSecretGenerated,
    ).toBe(false);
  });

  it('reads the log settings, with their defaults', () => {
    expect(loadConfig({}).log).toEqual({
      origin: 'tansiq.local/audit-log',
      signingKey: null,
      sequencer: true,
      sequencerIntervalMs: 200,
      checkpointIntervalMs: 1000,
    });
    expect(
      loadConfig({
        LOG_ORIGIN: 'tansiq.example.gov.lb/log',
        LOG_SIGNING_KEY: SIGNING_KEY,
        LOG_SEQUENCER: 'false',
        LOG_SEQUENCER_INTERVAL_MS: '50',
        LOG_CHECKPOINT_INTERVAL_MS: '0',
      }).log,
    ).toEqual({
      origin: 'tansiq.example.gov.lb/log',
      signingKey: SIGNING_KEY,
      sequencer: false,
      sequencerIntervalMs: 50,
      checkpointIntervalMs: 0,
    });
  });

  it.each([
    ['LOG_ORIGIN', 'https://with spaces/log', /LOG_ORIGIN: must be a schema-less URL/],
    ['LOG_ORIGIN', 'a+b/log', /LOG_ORIGIN: must be a schema-less URL/],
    ['LOG_SIGNING_KEY', 'not-a-key', /LOG_SIGNING_KEY: must be a note signing key/],
    ['LOG_SIGNING_KEY', 'PRIVATE+KEY+name+0123456+AQ==', /LOG_SIGNING_KEY: must be a note signing key/],
    ['LOG_SEQUENCER_INTERVAL_MS', '5', /LOG_SEQUENCER_INTERVAL_MS: must be an integer from 10/],
  ])('refuses %s=%s', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it('stops the server at boot with a non-zero exit naming the variable', async () => {
    const failure = await run(process.execPath, ['dist/src/main.js'], { env: { ...process.env, PORT: '99999' } }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).not.toBeNull();
    expect(failure!.code).toBe(1);
    expect(failure!.stderr).toContain('PORT');
    expect(failure!.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
