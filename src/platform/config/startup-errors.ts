import { asAppException } from '../problem/database-errors.js';
import { ErrorCode, type AppException } from '../problem/app.exception.js';
import { ConfigError } from './config.js';

/**
 * An AppException raised while applying settings at start-up (e.g. the bootstrap admin's
 * password refused by the password policy) as a ConfigError that names the settings, as a
 * bad value in the environment is reported: each field error under the setting its field
 * came from (`settingOf`), an error without field errors under `fallback`. Every message
 * ends with the error's code in parentheses.
 */
export function settingsError(error: AppException, settingOf: Record<string, string>, fallback: string): ConfigError {
  const errors = error.options.errors ?? [];
  if (errors.length === 0) return new ConfigError([{ variable: fallback, message: `${error.detail} (${error.code})` }]);
  return new ConfigError(
    errors.map((e) => ({
      variable: Object.hasOwn(settingOf, e.field) ? settingOf[e.field]! : e.field,
      message: `${e.message} (${error.code})`,
    })),
  );
}

/**
 * The text a failure outside a request is reported with (start-up, the CLIs): a
 * ConfigError's list of settings; an unreachable database as `DATABASE_URL (host:port/db):
 * the driver's reason (SERVICE_UNAVAILABLE)` when `databaseUrl` is given (null: the embedded
 * database); an AppException's (or a known database failure's) code, detail and field errors. Null for anything else: an unexpected error, which the caller
 * reports as it sees fit (with its stack in the CLIs).
 */
export function describeFailure(error: unknown, databaseUrl?: string | null): string | null {
  const known = asAppException(error);
  // The database cannot be reached: name the setting and keep the driver's reason, which says
  // what to fix (refused, unknown host, no such database, wrong password).
  if (known?.code === ErrorCode.ServiceUnavailable && databaseUrl !== undefined) {
    const reason = error instanceof Error && error.message ? error.message : known.detail;
    return `${databaseSetting(databaseUrl)}: ${reason} (${known.code})`;
  }
  if (known) {
    const fields = (known.options.errors ?? []).map((e) => `\n  - ${e.field}: ${e.message}`).join('');
    return `${known.code}: ${known.detail}${fields}`;
  }
  if (error instanceof ConfigError) return error.message;
  return null;
}

/** The setting a database connection came from, without its credentials. */
function databaseSetting(url: string | null): string {
  if (url === null) return 'the embedded PostgreSQL (DATABASE_URL unset)';
  try {
    const { hostname, port, pathname } = new URL(url);
    return `DATABASE_URL (${hostname}:${port || '5432'}${pathname})`;
  } catch {
    return 'DATABASE_URL';
  }
}
