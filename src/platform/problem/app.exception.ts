import type { FieldError } from './problem.js';

/**
 * Why a request failed, as the `code` member of every problem document with a status below
 * 500 (and of 503). Codes name the reason, not the status: a client branches on them
 * instead of parsing `detail`. The code decides the HTTP status in one place (`statusOf`),
 * so services speak the domain, not HTTP. Published: a value never changes its meaning;
 * the README lists them and the OpenAPI document enumerates them (`ProblemDetails.code`).
 */
export enum ErrorCode {
  /** 400: fields of the request are invalid; `errors` names each (also a wrong `currentPassword`, a missing transition note). */
  ValidationFailed = 'VALIDATION_FAILED',
  /** 400: the request cannot be read: malformed JSON (`errors` names `body`), a malformed URL, Content-Length or HTTP message. */
  MalformedRequest = 'MALFORMED_REQUEST',
  /** 400: the cosignature does not verify over the checkpoint with the witness key its line names. */
  CosignatureInvalid = 'COSIGNATURE_INVALID',
  /** 401: no credentials were sent (neither `Authorization: Bearer` nor `X-API-Key`). */
  Unauthenticated = 'UNAUTHENTICATED',
  /** 401: sign-in with an unknown e-mail, a wrong password or a deactivated account (one answer for all three). */
  InvalidCredentials = 'INVALID_CREDENTIALS',
  /** 401: the access token is malformed, expired, or its session has ended (logout, refresh-token reuse, password change, deactivation). */
  TokenInvalid = 'TOKEN_INVALID',
  /** 401: the API key is unknown or revoked. */
  ApiKeyInvalid = 'API_KEY_INVALID',
  /** 401: the refresh token is unknown, expired, or its session has ended (logout, refresh-token reuse, password change, deactivation). */
  RefreshTokenInvalid = 'REFRESH_TOKEN_INVALID',
  /** 401: the refresh token was already exchanged (after REFRESH_REUSE_INTERVAL_SECONDS, or not the latest one); its whole session is now ended. */
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
  /** 403: the caller's role, seat or side does not permit this action. */
  Forbidden = 'FORBIDDEN',
  /** 403: a sensitive operation needs a sign-in within SUDO_WINDOW_MINUTES: `POST /auth/sudo` (`sudoUrl`), then retry. */
  ReauthenticationRequired = 'REAUTHENTICATION_REQUIRED',
  /** 403: one's own password changes only with the current one, through `POST /me/password`. */
  OwnPasswordRequiresCurrent = 'OWN_PASSWORD_REQUIRES_CURRENT',
  /** 403: the cosignature's key (name and key ID) is no party's registered witness key. */
  WitnessKeyUnknown = 'WITNESS_KEY_UNKNOWN',
  /** 404: the record does not exist, or is not visible to the caller. */
  NotFound = 'NOT_FOUND',
  /** 404: no route answers this path, with any method. */
  RouteNotFound = 'ROUTE_NOT_FOUND',
  /** 404: the log has signed no checkpoint yet, or none of the `treeSize` asked. */
  CheckpointNotFound = 'CHECKPOINT_NOT_FOUND',
  /** 405: the path exists but not with this method; `Allow` lists the methods it answers. */
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  /** 409: the workflow has no such move from the current state (`currentState`, `allowedTransitions`). */
  TransitionNotAllowed = 'TRANSITION_NOT_ALLOWED',
  /** 409: the commitment's fulfilment is claimed or it is closed: it changes only through transitions. */
  CommitmentFrozen = 'COMMITMENT_FROZEN',
  /** 409: the committee is dissolved: it takes no new meetings, assignments, commitments or members. */
  CommitteeDissolved = 'COMMITTEE_DISSOLVED',
  /** 409: a party cannot leave the committee while members of its delegation still sit on it. */
  PartyHasMembers = 'PARTY_HAS_MEMBERS',
  /** 409: the person's party is not a party of the committee. */
  PartyNotInCommittee = 'PARTY_NOT_IN_COMMITTEE',
  /** 409: the person already holds this role on the committee. */
  AlreadySeated = 'ALREADY_SEATED',
  /** 409: the party already has an active co-chair on the committee. */
  CochairSeatTaken = 'COCHAIR_SEAT_TAKEN',
  /** 409: the record cannot be deleted while others refer to it (`references` counts them); deactivate it instead. */
  StillReferenced = 'STILL_REFERENCED',
  /** 409: the code is already taken (party, issue area, committee; an agency's within its party). */
  DuplicateCode = 'DUPLICATE_CODE',
  /** 409: a user with this e-mail already exists. */
  DuplicateEmail = 'DUPLICATE_EMAIL',
  /** 409: a request with this Idempotency-Key is still running; retry after `Retry-After`. */
  IdempotencyKeyInProgress = 'IDEMPOTENCY_KEY_IN_PROGRESS',
  /** 409: a concurrent change got in the way (deadlock or serialization failure); retry the request. */
  ConcurrentChange = 'CONCURRENT_CHANGE',
  /** 409: the database refused a value that must be unique and has no reason code of its own. */
  UniqueViolation = 'UNIQUE_VIOLATION',
  /** 409: the database refused the change under a rule of the data (named in `detail`) that has no reason code of its own. */
  CheckViolation = 'CHECK_VIOLATION',
  /** 409: the database refused the change because of a reference to or from another record. */
  ReferenceViolation = 'REFERENCE_VIOLATION',
  /** 409: the cosigned checkpoint is not one this log signed (no stored checkpoint of that size, root and text). */
  CheckpointUnknown = 'CHECKPOINT_UNKNOWN',
  /** 409: the party already cosigned a larger checkpoint: its witness never goes back to a smaller tree. */
  CheckpointRollback = 'CHECKPOINT_ROLLBACK',
  /** 409: the log cannot prove the checkpoint consistent with the party's last cosigned one: its history changed since. */
  CheckpointInconsistent = 'CHECKPOINT_INCONSISTENT',
  /** 409: another party's witness key has this key name or this key. */
  WitnessKeyTaken = 'WITNESS_KEY_TAKEN',
  /** 412: If-Match names no tag equal to the current `ETag` (a weak tag never is; `currentVersion`, `ETag` given); re-read and retry. */
  VersionMismatch = 'VERSION_MISMATCH',
  /** 413: the request body is larger than BODY_LIMIT_BYTES. */
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** 414: a path segment is longer than 200 characters. */
  UriTooLong = 'URI_TOO_LONG',
  /** 415: the body is not `application/json` (another or no Content-Type); on PATCH, `Accept-Patch` names it. */
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  /** 422: the Idempotency-Key was already used with a different request body. */
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** 428: this update needs If-Match with the ETag last read. */
  IfMatchRequired = 'IF_MATCH_REQUIRED',
  /** 429: too many failed sign-ins (or wrong current passwords) for the account or address; see `Retry-After`. */
  LoginLocked = 'LOGIN_LOCKED',
  /** 429: too many requests to an `/auth` route from this address; see `Retry-After`. */
  RateLimited = 'RATE_LIMITED',
  /** 431: the request's header fields are larger than the server reads (16 KiB in all). */
  HeadersTooLarge = 'HEADERS_TOO_LARGE',
  /** 503: the database is unreachable or too slow right now; retry after `Retry-After`. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

/** The HTTP status of each code: the only place that decides it. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.MalformedRequest:
    case ErrorCode.CosignatureInvalid:
      return 400;
    case ErrorCode.Unauthenticated:
    case ErrorCode.InvalidCredentials:
    case ErrorCode.TokenInvalid:
    case ErrorCode.ApiKeyInvalid:
    case ErrorCode.RefreshTokenInvalid:
    case ErrorCode.RefreshTokenReused:
      return 401;
    case ErrorCode.Forbidden:
    case ErrorCode.ReauthenticationRequired:
    case ErrorCode.OwnPasswordRequiresCurrent:
    case ErrorCode.WitnessKeyUnknown:
      return 403;
    case ErrorCode.NotFound:
    case ErrorCode.RouteNotFound:
    case ErrorCode.CheckpointNotFound:
      return 404;
    case ErrorCode.TransitionNotAllowed:
    case ErrorCode.CommitmentFrozen:
    case ErrorCode.CommitteeDissolved:
    case ErrorCode.PartyHasMembers:
    case ErrorCode.PartyNotInCommittee:
    case ErrorCode.AlreadySeated:
    case ErrorCode.CochairSeatTaken:
    case ErrorCode.StillReferenced:
    case ErrorCode.DuplicateCode:
    case ErrorCode.DuplicateEmail:
    case ErrorCode.IdempotencyKeyInProgress:
    case ErrorCode.ConcurrentChange:
    case ErrorCode.UniqueViolation:
    case ErrorCode.CheckViolation:
    case ErrorCode.ReferenceViolation:
    case ErrorCode.CheckpointUnknown:
    case ErrorCode.CheckpointRollback:
    case ErrorCode.CheckpointInconsistent:
    case ErrorCode.WitnessKeyTaken:
      return 409;
    case ErrorCode.MethodNotAllowed:
      return 405;
    case ErrorCode.VersionMismatch:
      return 412;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UriTooLong:
      return 414;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.IdempotencyKeyReused:
      return 422;
    case ErrorCode.IfMatchRequired:
      return 428;
    case ErrorCode.HeadersTooLarge:
      return 431;
    case ErrorCode.LoginLocked:
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.ServiceUnavailable:
      return 503;
    default:
      return assertUnreachable(code);
  }
}

/**
 * When each code happens: the docstrings of the enum, for the OpenAPI document (a test
 * keeps them, this table and the README's identical).
 */
export const ERROR_CODE_MEANINGS: Readonly<Record<ErrorCode, string>> = {
  [ErrorCode.ValidationFailed]:
    'fields of the request are invalid; `errors` names each (also a wrong `currentPassword`, a missing transition note).',
  [ErrorCode.MalformedRequest]:
    'the request cannot be read: malformed JSON (`errors` names `body`), a malformed URL, Content-Length or HTTP message.',
  [ErrorCode.CosignatureInvalid]:
    'the cosignature does not verify over the checkpoint with the witness key its line names.',
  [ErrorCode.Unauthenticated]: 'no credentials were sent (neither `Authorization: Bearer` nor `X-API-Key`).',
  [ErrorCode.InvalidCredentials]:
    'sign-in with an unknown e-mail, a wrong password or a deactivated account (one answer for all three).',
  [ErrorCode.TokenInvalid]:
    'the access token is malformed, expired, or its session has ended (logout, refresh-token reuse, password change, deactivation).',
  [ErrorCode.ApiKeyInvalid]: 'the API key is unknown or revoked.',
  [ErrorCode.RefreshTokenInvalid]:
    'the refresh token is unknown, expired, or its session has ended (logout, refresh-token reuse, password change, deactivation).',
  [ErrorCode.RefreshTokenReused]:
    'the refresh token was already exchanged (after REFRESH_REUSE_INTERVAL_SECONDS, or not the latest one); its whole session is now ended.',
  [ErrorCode.Forbidden]: "the caller's role, seat or side does not permit this action.",
  [ErrorCode.ReauthenticationRequired]:
    'a sensitive operation needs a sign-in within SUDO_WINDOW_MINUTES: `POST /auth/sudo` (`sudoUrl`), then retry.',
  [ErrorCode.OwnPasswordRequiresCurrent]:
    "one's own password changes only with the current one, through `POST /me/password`.",
  [ErrorCode.WitnessKeyUnknown]: "the cosignature's key (name and key ID) is no party's registered witness key.",
  [ErrorCode.NotFound]: 'the record does not exist, or is not visible to the caller.',
  [ErrorCode.RouteNotFound]: 'no route answers this path, with any method.',
  [ErrorCode.CheckpointNotFound]: 'the log has signed no checkpoint yet, or none of the `treeSize` asked.',
  [ErrorCode.MethodNotAllowed]: 'the path exists but not with this method; `Allow` lists the methods it answers.',
  [ErrorCode.TransitionNotAllowed]:
    'the workflow has no such move from the current state (`currentState`, `allowedTransitions`).',
  [ErrorCode.CommitmentFrozen]:
    "the commitment's fulfilment is claimed or it is closed: it changes only through transitions.",
  [ErrorCode.CommitteeDissolved]:
    'the committee is dissolved: it takes no new meetings, assignments, commitments or members.',
  [ErrorCode.PartyHasMembers]: 'a party cannot leave the committee while members of its delegation still sit on it.',
  [ErrorCode.PartyNotInCommittee]: "the person's party is not a party of the committee.",
  [ErrorCode.AlreadySeated]: 'the person already holds this role on the committee.',
  [ErrorCode.CochairSeatTaken]: 'the party already has an active co-chair on the committee.',
  [ErrorCode.StillReferenced]:
    'the record cannot be deleted while others refer to it (`references` counts them); deactivate it instead.',
  [ErrorCode.DuplicateCode]: "the code is already taken (party, issue area, committee; an agency's within its party).",
  [ErrorCode.DuplicateEmail]: 'a user with this e-mail already exists.',
  [ErrorCode.IdempotencyKeyInProgress]:
    'a request with this Idempotency-Key is still running; retry after `Retry-After`.',
  [ErrorCode.ConcurrentChange]:
    'a concurrent change got in the way (deadlock or serialization failure); retry the request.',
  [ErrorCode.UniqueViolation]: 'the database refused a value that must be unique and has no reason code of its own.',
  [ErrorCode.CheckViolation]:
    'the database refused the change under a rule of the data (named in `detail`) that has no reason code of its own.',
  [ErrorCode.ReferenceViolation]: 'the database refused the change because of a reference to or from another record.',
  [ErrorCode.CheckpointUnknown]:
    'the cosigned checkpoint is not one this log signed (no stored checkpoint of that size, root and text).',
  [ErrorCode.CheckpointRollback]:
    'the party already cosigned a larger checkpoint: its witness never goes back to a smaller tree.',
  [ErrorCode.CheckpointInconsistent]:
    "the log cannot prove the checkpoint consistent with the party's last cosigned one: its history changed since.",
  [ErrorCode.WitnessKeyTaken]: "another party's witness key has this key name or this key.",
  [ErrorCode.VersionMismatch]:
    'If-Match names no tag equal to the current `ETag` (a weak tag never is; `currentVersion`, `ETag` given); re-read and retry.',
  [ErrorCode.PayloadTooLarge]: 'the request body is larger than BODY_LIMIT_BYTES.',
  [ErrorCode.UriTooLong]: 'a path segment is longer than 200 characters.',
  [ErrorCode.UnsupportedMediaType]:
    'the body is not `application/json` (another or no Content-Type); on PATCH, `Accept-Patch` names it.',
  [ErrorCode.IdempotencyKeyReused]: 'the Idempotency-Key was already used with a different request body.',
  [ErrorCode.IfMatchRequired]: 'this update needs If-Match with the ETag last read.',
  [ErrorCode.LoginLocked]:
    'too many failed sign-ins (or wrong current passwords) for the account or address; see `Retry-After`.',
  [ErrorCode.RateLimited]: 'too many requests to an `/auth` route from this address; see `Retry-After`.',
  [ErrorCode.HeadersTooLarge]: "the request's header fields are larger than the server reads (16 KiB in all).",
  [ErrorCode.ServiceUnavailable]: 'the database is unreachable or too slow right now; retry after `Retry-After`.',
};

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled error code ${String(value)}`);
}

export interface AppExceptionOptions {
  errors?: FieldError[];
  /** Extra members of the problem document (e.g. `currentState`, `allowedTransitions`). */
  extensions?: Record<string, unknown>;
  /** Response headers (e.g. `Retry-After`, `ETag`). */
  headers?: Record<string, string>;
}

export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: AppExceptionOptions = {},
  ) {
    super(detail);
    this.name = 'AppException';
  }

  get status(): number {
    return statusOf(this.code);
  }

  /** 404 NOT_FOUND: "`what` was not found." */
  static notFound(what: string): AppException {
    return new AppException(ErrorCode.NotFound, `${what} was not found.`);
  }

  /** 400 VALIDATION_FAILED with the field errors. */
  static validation(errors: FieldError[], detail = 'The request has invalid fields.'): AppException {
    return new AppException(ErrorCode.ValidationFailed, detail, { errors });
  }
}
