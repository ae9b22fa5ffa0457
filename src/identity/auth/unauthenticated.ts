import { AppException, BEARER_CHALLENGE, type ErrorCode } from '../../platform/index.js';

/**
 * A 401 with the challenge (`WWW-Authenticate: Bearer realm="tansiq"`, as the OpenAPI document
 * declares on the 401 of every operation that needs credentials); `code` says which credential
 * failed. Every 401 about a credential, from the guard or a route, is built here.
 */
export function unauthenticated(code: ErrorCode, detail: string): AppException {
  return new AppException(code, detail, {
    headers: { 'www-authenticate': BEARER_CHALLENGE },
  });
}
