import { AppException, type ErrorCode } from '../../platform/index.js';

/**
 * A 401 with the challenge (`WWW-Authenticate: Bearer realm="tansiq"`); `code` says which
 * credential failed. Every 401 about a credential, from the guard or a route, is built here.
 */
export function unauthenticated(code: ErrorCode, detail: string): AppException {
  return new AppException(code, detail, {
    headers: { 'www-authenticate': 'Bearer realm="tansiq"' },
  });
}
