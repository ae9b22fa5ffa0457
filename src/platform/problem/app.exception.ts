import type { FieldError } from './problem.js';

/**
 * Every failure the application reports on purpose. The code decides the HTTP status in
 * one place (`statusOf`), so services speak the domain, not HTTP.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedRequest = 'MALFORMED_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  /** A sensitive operation without a sign-in within SUDO_WINDOW_MINUTES: `POST /auth/sudo`, then retry. */
  ReauthenticationRequired = 'REAUTHENTICATION_REQUIRED',
  /** One's own password is changed only with the current one (`POST /me/password`). */
  OwnPasswordRequiresCurrent = 'OWN_PASSWORD_REQUIRES_CURRENT',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  PreconditionFailed = 'PRECONDITION_FAILED',
  PreconditionRequired = 'PRECONDITION_REQUIRED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  NotAcceptable = 'NOT_ACCEPTABLE',
  Unprocessable = 'UNPROCESSABLE',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.MalformedRequest:
      return 400;
    case ErrorCode.Unauthenticated:
      return 401;
    case ErrorCode.Forbidden:
    case ErrorCode.ReauthenticationRequired:
    case ErrorCode.OwnPasswordRequiresCurrent:
      return 403;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.NotAcceptable:
      return 406;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.PreconditionFailed:
      return 412;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.Unprocessable:
      return 422;
    case ErrorCode.PreconditionRequired:
      return 428;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.ServiceUnavailable:
      return 503;
    default:
      return assertUnreachable(code);
  }
}

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

  static notFound(what: string): AppException {
    return new AppException(ErrorCode.NotFound, `${what} was not found.`);
  }

  static validation(errors: FieldError[], detail = 'The request has invalid fields.'): AppException {
    return new AppException(ErrorCode.ValidationFailed, detail, { errors });
  }
}
