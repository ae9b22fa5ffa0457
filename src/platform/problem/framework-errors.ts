import { AppException, ErrorCode } from './app.exception.js';

/**
 * The reason code of a client error that the framework raises before or around a handler
 * (Nest's router, Fastify's body and URL parsing, the throttler, the health check), by its
 * status. Statuses no framework path is known to produce are answered as MALFORMED_REQUEST.
 */
export function frameworkErrorCode(status: number): ErrorCode {
  switch (status) {
    case 404:
      return ErrorCode.RouteNotFound;
    case 413:
      return ErrorCode.PayloadTooLarge;
    case 414:
      return ErrorCode.UriTooLong;
    case 415:
      return ErrorCode.UnsupportedMediaType;
    case 429:
      return ErrorCode.RateLimited;
    case 503:
      return ErrorCode.ServiceUnavailable;
    default:
      return ErrorCode.MalformedRequest;
  }
}

/** A framework's client error (status below 500, or 503) as the AppException the problem filter answers. */
export function frameworkException(status: number, detail: string): AppException {
  const code = frameworkErrorCode(status);
  const retryAfter = code === ErrorCode.RateLimited ? '60' : code === ErrorCode.ServiceUnavailable ? '5' : null;
  return new AppException(code, detail, retryAfter ? { headers: { 'retry-after': retryAfter } } : {});
}
