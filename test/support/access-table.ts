import type { UserRole } from '../../src/users/entities/user.entity.js';

/**
 * The authorization table: one row per route the app serves. Every later feature adds its
 * routes here; the matrix test expands each row into (route × caller → status) cases and
 * fails when the app serves a route this table does not mention.
 *
 * - `roles`: the roles that get `ok`; every other role gets `denied` (403 by default, or 404
 *   where the record is out of the caller's scope). `'any'` means every role.
 * - `apiClient`: the status an API client gets (defaults to 403: read-only, opt-in routes).
 * - `public`: no authentication; every caller gets `ok`.
 * - Paths use the app's templates (`:id`); `params` names the fixture that fills each one.
 */
export interface AccessRow {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  public?: boolean;
  roles?: UserRole[] | 'any';
  ok: number;
  denied?: number;
  /** Status per role where it differs from ok/denied (e.g. scope: 404 for an outsider). */
  byRole?: Partial<Record<UserRole, number>>;
  apiClient?: number;
  body?: unknown;
  /** Only compare the first matching path prefix (static docs assets). */
  prefixMatch?: boolean;
}

export type Fixtures = Record<string, string>;

export const ACCESS_TABLE: AccessRow[] = [
  // platform
  { method: 'GET', path: '/health/live', public: true, ok: 200 },
  { method: 'GET', path: '/health/ready', public: true, ok: 200 },
  { method: 'GET', path: '/docs', public: true, ok: 200 },
  { method: 'GET', path: '/docs/openapi.json', public: true, ok: 200 },
  { method: 'GET', path: '/docs/openapi.yaml', public: true, ok: 200 },
  { method: 'GET', path: '/docs/swagger-ui-init.js', public: true, ok: 200 },
  { method: 'GET', path: '/docs/*', public: true, ok: 200, prefixMatch: true },

  // identity
  { method: 'POST', path: '/api/v1/auth/login', public: true, ok: 400, body: {} },
  { method: 'POST', path: '/api/v1/auth/refresh', public: true, ok: 400, body: {} },
  { method: 'POST', path: '/api/v1/auth/logout', roles: 'any', ok: 204, body: { refreshToken: 'not-a-real-token' } },
  { method: 'GET', path: '/api/v1/me', roles: 'any', ok: 200 },
  { method: 'PATCH', path: '/api/v1/me', roles: 'any', ok: 200, body: {} },
  {
    method: 'POST',
    path: '/api/v1/me/password',
    roles: 'any',
    ok: 400,
    body: { currentPassword: 'wrong', newPassword: 'irrelevant-here' },
  },
  { method: 'POST', path: '/api/v1/users', roles: ['admin'], ok: 400, body: {} },
  { method: 'GET', path: '/api/v1/users', roles: ['admin'], ok: 200 },
  { method: 'GET', path: '/api/v1/users/:id', roles: ['admin'], ok: 200 },
  { method: 'PATCH', path: '/api/v1/users/:id', roles: ['admin'], ok: 200, body: {} },
  { method: 'POST', path: '/api/v1/users/:id/password', roles: ['admin'], ok: 400, body: { password: 'short' } },
  { method: 'POST', path: '/api/v1/api-clients', roles: ['admin'], ok: 400, body: {} },
  { method: 'GET', path: '/api/v1/api-clients', roles: ['admin'], ok: 200 },
  { method: 'GET', path: '/api/v1/api-clients/:id', roles: ['admin'], ok: 200 },
  { method: 'DELETE', path: '/api/v1/api-clients/:id', roles: ['admin'], ok: 204 },
];
