import { AppException, ErrorCode } from './app.exception.js';

/** The one media type request bodies are read as (platform/http/json-body.ts); any other is 415 (RFC 9110 §15.5.16). */
export const BODY_MEDIA_TYPE = 'application/json';

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

/**
 * The detail of the codes whose meaning is whole, in the API's words: a framework's own text
 * for them names its internals (the throttler's is "ThrottlerException: Too Many Requests").
 */
const FIXED_DETAIL: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.RateLimited]: 'Too many requests from this address: retry after the time in Retry-After.',
  [ErrorCode.PayloadTooLarge]: 'The request body is larger than this API accepts.',
  [ErrorCode.UnsupportedMediaType]: `Send the request body as ${BODY_MEDIA_TYPE}.`,
  [ErrorCode.ServiceUnavailable]: 'The service cannot answer right now. Retry shortly.',
};

/**
 * A framework's message without what would name its internals: a leading class name
 * (`NotFoundException: `, `TypeError: `) or an error code (`FST_ERR_CTP_EMPTY_JSON_BODY: `).
 */
export function publicMessage(message: string): string {
  return message.replace(/^\s*(?:[A-Z][A-Za-z]*(?:Exception|Error)|[A-Z][A-Z0-9]*_[A-Z0-9_]+)\s*:\s*/, '');
}

/**
 * A framework's client error (status below 500, or 503) as the AppException the problem filter
 * answers: the detail is the API's own for the codes of FIXED_DETAIL, otherwise the framework's
 * message stripped of class names and error codes (`publicMessage`): no internal name reaches
 * a client.
 */
export function frameworkException(status: number, message: string): AppException {
  const code = frameworkErrorCode(status);
  const retryAfter = code === ErrorCode.RateLimited ? '60' : code === ErrorCode.ServiceUnavailable ? '5' : null;
  const detail = FIXED_DETAIL[code] ?? publicMessage(message);
  return new AppException(code, detail, retryAfter ? { headers: { 'retry-after': retryAfter } } : {});
}
