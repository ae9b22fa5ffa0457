import { AppException, ErrorCode } from './app.exception.js';

interface Classified {
  code: ErrorCode;
  detail: string;
  headers?: Record<string, string>;
}

const UNAVAILABLE: Classified = {
  code: ErrorCode.ServiceUnavailable,
  detail: 'The database is unreachable right now. Retry shortly.',
  headers: { 'retry-after': '5' },
};

// Data exceptions a value from the request can cause (too long, out of range, bad
// date/time, bad text); other 22xxx and NOT NULL violations are server faults: a logged 500.
const INPUT_DATA_EXCEPTIONS = new Set(['22001', '22003', '22007', '22008', '22P02', '22021', '22P05']);

/**
 * Constraints that guard a rule the services also check: a concurrent request that slips
 * past the service's check gets the same reason code as the one the check would have given
 * (all 409, like the generic codes they replace).
 */
const REASON_OF_CONSTRAINT: ReadonlyMap<string, ErrorCode> = new Map([
  ['parties_code_key', ErrorCode.DuplicateCode],
  ['agencies_party_code_key', ErrorCode.DuplicateCode],
  ['issue_areas_code_key', ErrorCode.DuplicateCode],
  ['committees_code_key', ErrorCode.DuplicateCode],
  ['users_email_key', ErrorCode.DuplicateEmail],
  ['memberships_one_open_co_chair_per_party', ErrorCode.CochairSeatTaken],
  ['memberships_party_of_committee', ErrorCode.PartyNotInCommittee],
  ['memberships_committee_not_dissolved', ErrorCode.CommitteeDissolved],
  ['log_witnesses_key_name_key', ErrorCode.WitnessKeyTaken],
  ['log_witnesses_verifier_key_key', ErrorCode.WitnessKeyTaken],
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * Maps database failures that are not the caller's fault, or are a state conflict, to a
 * problem; returns null for anything else (which then is an unexpected 500).
 */
export function classifyDatabaseError(error: unknown): Classified | null {
  if (!(error instanceof Error)) return null;
  const driverError = (error as { driverError?: unknown }).driverError ?? error;
  const code = (driverError as { code?: unknown }).code;
  const message = error.message ?? '';
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return UNAVAILABLE;
    // 08: connection exception; 57P0x: server shutting down / cannot connect now;
    // 53300: too many connections; 3D000/55000: database gone or closed to connections.
    if (code.startsWith('08') || /^57P0[1-4]$/.test(code) || code === '53300' || code === '3D000' || code === '55000') {
      return UNAVAILABLE;
    }
    if (code === '57014') return { ...UNAVAILABLE, detail: 'The database took too long to answer. Retry shortly.' };
    if (code === '40001' || code === '40P01') {
      return { code: ErrorCode.ConcurrentChange, detail: 'A concurrent change got in the way. Retry the request.' };
    }
    // Data exceptions (a value PostgreSQL cannot take) and NOT NULL: bad input that slipped past validation.
    if (INPUT_DATA_EXCEPTIONS.has(code)) {
      return { code: ErrorCode.ValidationFailed, detail: 'A value in the request cannot be stored as given.' };
    }
    const constraint = (driverError as { constraint?: string }).constraint;
    // Check constraints and the rule triggers (e.g. memberships_party_of_committee).
    if (code === '23514') {
      return {
        code: REASON_OF_CONSTRAINT.get(constraint ?? '') ?? ErrorCode.CheckViolation,
        detail: `The change would break a rule of the data${constraint ? ` (${constraint})` : ''}.`,
      };
    }
    if (code === '23505')
      return {
        code: REASON_OF_CONSTRAINT.get(constraint ?? '') ?? ErrorCode.UniqueViolation,
        detail: 'A record with the same unique value already exists.',
      };
    if (code === '23503')
      return {
        code: ErrorCode.ReferenceViolation,
        detail: 'The record is referenced by, or refers to, a record that does not allow this change.',
      };
  }
  if (
    /Connection terminated|timeout exceeded when trying to connect|Connection ended|connect ECONNREFUSED|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return UNAVAILABLE;
  }
  return null;
}

/**
 * What a failure is in the application's terms: an AppException as it is, a database
 * failure `classifyDatabaseError` knows as the AppException it stands for, otherwise null.
 */
export function asAppException(error: unknown): AppException | null {
  if (error instanceof AppException) return error;
  const database = classifyDatabaseError(error);
  return database ? new AppException(database.code, database.detail, { headers: database.headers }) : null;
}
