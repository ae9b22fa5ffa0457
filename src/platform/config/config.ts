import { randomBytes } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';

/** Every setting the application reads, validated once at boot. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `null` means: start the embedded PostgreSQL from `dataDir`. */
  databaseUrl: string | null;
  databasePoolSize: number;
  /**
   * Send parameterized statements as named prepared statements (once per connection).
   * `false` behind a pooler that hands a client's statements to other server connections
   * (PgBouncer in transaction mode without prepared-statement support).
   */
  databasePreparedStatements: boolean;
  migrationsRun: boolean;
  dataDir: string;
  embeddedPgPort: number | null;
  bodyLimitBytes: number;
  corsOrigins: string[];
  trustProxy: boolean;
  auth: {
    jwtSecret: string;
    /** True when no JWT_SECRET was given (development only): tokens die with the process. */
    jwtSecretGenerated: boolean;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    loginMaxFailures: number;
    loginLockMinutes: number;
    /** How long a sign-in (login or `POST /auth/sudo`) allows sensitive operations, in minutes. */
    sudoWindowMinutes: number;
    /** Seconds after a rotation during which the spent refresh token yields the same successor (0: never). */
    refreshReuseIntervalSeconds: number;
    /** Key of the fingerprints stored with idempotency keys (default: the JWT secret). */
    idempotencySecret: string;
  };
  bootstrapAdmin: { email: string; password: string } | null;
  /** Load the demo committees and one login per role at start. */
  seedDemo: boolean;
  log: LogConfig;
  work: {
    /**
     * Deadline risk (README, "Deadline risk"): an open work item due today or within this many
     * days (in its committee's time zone) is `at_risk`; later, `on_track`. 0–365, default 7.
     */
    riskWindowDays: number;
    /**
     * Pages of the commitments list kept to be served again while their rows are unchanged
     * (docs/performance.md, "Pages served again"), at most this many; 0 keeps none. 0–10,000,
     * default 128 (about 10 MB with pages of 50); at most 16 MB of JSON whatever the count
     * (`KEPT_JSON_BYTES`).
     */
    listCachePages: number;
  };
}

/** The verifiable log (docs/verifiable-log.md). */
export interface LogConfig {
  /** The checkpoint's origin line and the log key's name: a schema-less URL naming this log (C2SP tlog-checkpoint). */
  origin: string;
  /**
   * The log's Ed25519 signing key in the signed-note format (`PRIVATE+KEY+<name>+<id>+<base64>`).
   * `null`: generated once into `<dataDir>/log-signing.key` (development), or for the process (test).
   */
  signingKey: string | null;
  /** Run the sequencer in this instance (one instance at a time sequences; the others wait). */
  sequencer: boolean;
  /** How often the sequencer looks for committed events, in milliseconds. */
  sequencerIntervalMs: number;
  /** The least time between two signed checkpoints while events keep coming, in milliseconds. */
  checkpointIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: { variable: string; message: string }[] = [];
  nodeEnv = 'development';
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string): string | null {
    return this.raw(name) ?? null;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push({ variable: name, message: `must be one of ${allowed.join(', ')} (got "${value}")` });
    return fallback;
  }

  int(name: string, fallback: number | null, min: number, max: number): number | null {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      this.problems.push({ variable: name, message: `must be an integer from ${min} to ${max} (got "${value}")` });
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes'].includes(value)) return true;
    if (['false', '0', 'no'].includes(value)) return false;
    this.problems.push({ variable: name, message: `must be true or false (got "${value}")` });
    return fallback;
  }

  postgresUrl(name: string): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    try {
      const url = new URL(value);
      if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') return value;
    } catch {
      // reported below
    }
    this.problems.push({ variable: name, message: 'must be a postgres:// or postgresql:// URL' });
    return null;
  }

  origins(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const origins = value
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of origins) {
      try {
        const url = new URL(origin);
        if (url.origin !== origin.replace(/\/$/, '')) throw new Error('not an origin');
      } catch {
        this.problems.push({
          variable: name,
          message: `"${origin}" is not an origin such as https://reports.example.org`,
        });
      }
    }
    return origins.map((o) => o.replace(/\/$/, ''));
  }
}

/** Reads and validates the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const r = new Reader(env);
  r.nodeEnv = env.NODE_ENV?.trim() || 'development';
  const dataDir = r.string('DATA_DIR', '.data');
  const config: AppConfig = {
    nodeEnv: r.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    host: r.string('HOST', '0.0.0.0'),
    port: r.int('PORT', 3000, 1, 65535) ?? 3000,
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    databaseUrl: r.postgresUrl('DATABASE_URL'),
    databasePoolSize: r.int('DATABASE_POOL_SIZE', 10, 1, 200) ?? 10,
    databasePreparedStatements: r.bool('DATABASE_PREPARED_STATEMENTS', true),
    migrationsRun: r.bool('MIGRATIONS_RUN', true),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    embeddedPgPort: r.int('EMBEDDED_PG_PORT', null, 1024, 65535),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600) ?? 1_048_576,
    corsOrigins: r.origins('CORS_ORIGINS'),
    trustProxy: r.bool('TRUST_PROXY', false),
    auth: readAuth(r),
    bootstrapAdmin: readBootstrapAdmin(r),
    seedDemo: false,
    log: readLog(r),
    work: {
      riskWindowDays: r.int('RISK_WINDOW_DAYS', 7, 0, 365) ?? 7,
      listCachePages: r.int('LIST_CACHE_PAGES', 128, 0, 10_000) ?? 128,
    },
  };
  config.seedDemo = r.bool('SEED_DEMO', config.databaseUrl === null);
  if (config.nodeEnv === 'production' && config.auth.jwtSecretGenerated) {
    // Every instance must sign and verify with the same key: a generated one cannot be shared.
    r.problems.push({
      variable: 'JWT_SECRET',
      message: 'is required when NODE_ENV=production (at least 32 characters)',
    });
  }
  if (config.nodeEnv === 'production' && config.log.signingKey === null) {
    // Every instance signs checkpoints with the log's one key: a generated one cannot be shared.
    r.problems.push({ variable: 'LOG_SIGNING_KEY', message: 'is required when NODE_ENV=production' });
  }
  if (
    config.nodeEnv === 'production' &&
    config.databaseUrl === null &&
    !r.problems.some((p) => p.variable === 'DATABASE_URL')
  ) {
    r.problems.push({
      variable: 'DATABASE_URL',
      message: 'is required when NODE_ENV=production (the embedded database is for development)',
    });
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

function readAuth(r: Reader): AppConfig['auth'] {
  const given = r.optionalString('JWT_SECRET');
  if (given !== null && given.length < 32 && r.nodeEnv !== 'development') {
    r.problems.push({ variable: 'JWT_SECRET', message: `must be at least 32 characters (got ${given.length})` });
  }
  const jwtSecret = given ?? randomBytes(48).toString('base64url');
  return {
    jwtSecret,
    jwtSecretGenerated: given === null,
    idempotencySecret: r.optionalString('IDEMPOTENCY_SECRET') ?? jwtSecret,
    accessTokenTtlSeconds: r.int('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400) ?? 900,
    refreshTokenTtlDays: r.int('REFRESH_TOKEN_TTL_DAYS', 30, 1, 365) ?? 30,
    loginMaxFailures: r.int('LOGIN_MAX_FAILURES', 5, 1, 1000) ?? 5,
    loginLockMinutes: r.int('LOGIN_LOCK_MINUTES', 15, 1, 1440) ?? 15,
    sudoWindowMinutes: r.int('SUDO_WINDOW_MINUTES', 10, 1, 1440) ?? 10,
    refreshReuseIntervalSeconds: r.int('REFRESH_REUSE_INTERVAL_SECONDS', 10, 0, 300) ?? 10,
  };
}

/** A note signing key: `PRIVATE+KEY+<name>+<8 hex digits>+<base64>` (golang.org/x/mod/sumdb/note). */
const SIGNING_KEY = /^PRIVATE\+KEY\+[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+={0,2}$/;
/** A schema-less URL: host and path, no spaces, no `+` (a note key name). */
/** The longest LOG_ORIGIN: the log's name, on every checkpoint and in its key. */
export const LOG_ORIGIN_MAX_LENGTH = 200;
const ORIGIN = new RegExp(`^[^\\s+/][^\\s+]{0,${LOG_ORIGIN_MAX_LENGTH - 1}}$`);

function readLog(r: Reader): LogConfig {
  const origin = r.string('LOG_ORIGIN', 'tansiq.local/audit-log');
  if (!ORIGIN.test(origin))
    r.problems.push({ variable: 'LOG_ORIGIN', message: 'must be a schema-less URL without spaces or "+"' });
  const signingKey = r.optionalString('LOG_SIGNING_KEY');
  if (signingKey !== null && !SIGNING_KEY.test(signingKey))
    r.problems.push({
      variable: 'LOG_SIGNING_KEY',
      message: 'must be a note signing key: PRIVATE+KEY+<name>+<8 hex digits>+<base64> (npm run log:keygen)',
    });
  return {
    origin,
    signingKey,
    sequencer: r.bool('LOG_SEQUENCER', true),
    sequencerIntervalMs: r.int('LOG_SEQUENCER_INTERVAL_MS', 200, 10, 60_000) ?? 200,
    checkpointIntervalMs: r.int('LOG_CHECKPOINT_INTERVAL_MS', 1_000, 0, 3_600_000) ?? 1_000,
  };
}

function readBootstrapAdmin(r: Reader): AppConfig['bootstrapAdmin'] {
  const email = r.optionalString('BOOTSTRAP_ADMIN_EMAIL');
  const password = r.optionalString('BOOTSTRAP_ADMIN_PASSWORD');
  if (email === null && password === null) return null;
  // At most 254 characters (RFC 5321 §4.5.3.1.3), as CreateUserDto takes: the account's email is documented so.
  if (email === null || email.length > 254 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    r.problems.push({
      variable: 'BOOTSTRAP_ADMIN_EMAIL',
      message: 'must be an e-mail address when BOOTSTRAP_ADMIN_PASSWORD is set',
    });
    return null;
  }
  if (password === null || password.length < 12) {
    r.problems.push({
      variable: 'BOOTSTRAP_ADMIN_PASSWORD',
      message: 'must be at least 12 characters when BOOTSTRAP_ADMIN_EMAIL is set',
    });
    return null;
  }
  return { email: email.toLowerCase(), password };
}
