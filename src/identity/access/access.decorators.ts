import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { API_KEY_SCHEME, BEARER_SCHEME, IS_PUBLIC, Public } from '../../platform/index.js';
import type { UserRole } from './roles.js';

export const ROLES = 'tansiq:roles';
export const API_CLIENTS_ALLOWED = 'tansiq:api-clients';
export { IS_PUBLIC, Public };

/**
 * Who may call a route. Without `roles`, any signed-in user; API clients only with
 * `apiClients: true` (and then only for reads). Record-level scope is the services' job.
 */
export function Access(options: { roles?: UserRole[]; apiClients?: boolean } = {}) {
  const decorators = [
    SetMetadata(ROLES, options.roles ?? null),
    SetMetadata(API_CLIENTS_ALLOWED, options.apiClients ?? false),
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({ description: 'No or bad credentials' }),
  ];
  if (options.apiClients) decorators.push(ApiSecurity(API_KEY_SCHEME));
  if (options.roles) decorators.push(ApiForbiddenResponse({ description: `Only for: ${options.roles.join(', ')}` }));
  return applyDecorators(...decorators);
}
