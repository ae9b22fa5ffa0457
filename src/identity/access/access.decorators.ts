import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { API_CLIENT_WRITES_EXTENSION, API_KEY_SCHEME, BEARER_SCHEME, IS_PUBLIC, Public } from '../../platform/index.js';
import type { UserRole } from './roles.js';

export const ROLES = 'tansiq:roles';
export const API_CLIENTS_ALLOWED = 'tansiq:api-clients';
export const API_CLIENT_WRITES = 'tansiq:api-client-writes';
export { IS_PUBLIC, Public };

/**
 * Who may call a route. Without `roles`, any signed-in user; API clients only with
 * `apiClients: true`, and then only for reads — unless `apiClientWrites`, which is for
 * routes whose body authenticates itself (a party's signed cosignature), never for records.
 * Record-level scope is the services' job.
 */
export function Access(options: { roles?: UserRole[]; apiClients?: boolean; apiClientWrites?: boolean } = {}) {
  const decorators = [
    SetMetadata(ROLES, options.roles ?? null),
    SetMetadata(API_CLIENTS_ALLOWED, options.apiClients ?? false),
    SetMetadata(API_CLIENT_WRITES, options.apiClientWrites ?? false),
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({
      description:
        'UNAUTHENTICATED: no credentials; TOKEN_INVALID: the access token is malformed, expired or its session ended; API_KEY_INVALID: the API key is unknown or revoked.',
    }),
  ];
  if (options.apiClients) decorators.push(ApiSecurity(API_KEY_SCHEME));
  // For the document's 403 (withExplicitStatuses): an API key may write here.
  if (options.apiClientWrites) decorators.push(ApiExtension(API_CLIENT_WRITES_EXTENSION, true));
  if (options.roles)
    decorators.push(
      ApiForbiddenResponse({
        description: `FORBIDDEN: only for ${options.roles.join(', ')}${options.apiClients ? '' : ' (an API key is refused too)'}.`,
      }),
    );
  return applyDecorators(...decorators);
}

/**
 * Documents a sensitive operation in OpenAPI (the rule itself is in the permission table,
 * applied by the service): without a sign-in or password confirmation within
 * SUDO_WINDOW_MINUTES, 403 `REAUTHENTICATION_REQUIRED`. `note` adds what is particular to the
 * route. A route with it states its success response too (Nest documents a default one only
 * for routes that declare none).
 */
export function Sudo(note = '') {
  return ApiForbiddenResponse({
    description:
      'FORBIDDEN for roles other than admin. REAUTHENTICATION_REQUIRED (problem document with `sudoUrl`) when this session has not signed in or confirmed the password (POST /api/v1/auth/sudo) within SUDO_WINDOW_MINUTES: confirm, then retry.' +
      (note ? ` ${note}` : ''),
  });
}
