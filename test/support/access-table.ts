import type { UserRole } from '../../src/identity/users/entities/user.entity.js';

/**
 * The authorization table: one row per route (and per scope case) the app serves. Every
 * later feature adds its routes here; the matrix test expands each row into
 * (route × caller → status) cases and fails when the app serves a route this table does not
 * mention.
 *
 * - `roles`: the roles that get `ok`; every other role gets `denied` (403 by default). `'any'`
 *   means every role. `byRole` overrides single roles (404 where the record is out of scope).
 * - `apiClient`: the status an API client (scope: all committees) gets; default 403.
 * - `public`: no authentication; every caller gets `ok`.
 * - `params`: which fixture fills each path parameter (see the matrix test's fixtures).
 * - `query`: a query string, e.g. `format=csv` (a list's CSV export: the same route, the same rules).
 * - `sudo`: a sensitive operation: an admin whose sign-in is older than SUDO_WINDOW_MINUTES
 *   gets 403 `REAUTHENTICATION_REQUIRED` (otherwise that admin gets what any admin gets).
 */
export interface AccessRow {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  public?: boolean;
  roles?: UserRole[] | 'any';
  ok: number;
  denied?: number;
  byRole?: Partial<Record<UserRole, number>>;
  apiClient?: number;
  /** A literal body, or the name of a body fixture built by the matrix test. */
  body?: unknown;
  /** Extra request headers (`If-Match: *`: the record exists, whatever its ETag, RFC 9110 §13.1.1). */
  headers?: Record<string, string>;
  params?: Record<string, string>;
  /** A query string (without `?`); `:name` in it is filled like a path parameter (`params`). */
  query?: string;
  /** Matches every served path with this prefix (static docs assets). */
  prefixMatch?: boolean;
  sudo?: boolean;
}

/** Secretary and liaison officer sit on `ownCommittee`, not on `otherCommittee`. */
const OUTSIDER_404: Partial<Record<UserRole, number>> = { secretary: 404, liaison_officer: 404 };
const READ = { roles: 'any' as const, ok: 200, apiClient: 200 };

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
  // An empty body, not the password: a confirmed password would open the sudo window of `staleAdmin`.
  { method: 'POST', path: '/api/v1/auth/sudo', roles: 'any', ok: 400, body: {} },
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
  { method: 'POST', path: '/api/v1/users', roles: ['admin'], ok: 201, body: 'newUser', sudo: true },
  { method: 'GET', path: '/api/v1/users', roles: ['admin'], ok: 200 },
  { method: 'GET', path: '/api/v1/users/:id', roles: ['admin'], ok: 200, params: { id: 'user' } },
  { method: 'PATCH', path: '/api/v1/users/:id', roles: ['admin'], ok: 200, body: {}, params: { id: 'user' } },
  // Setting a role (here the one the user has) is sensitive.
  {
    method: 'PATCH',
    path: '/api/v1/users/:id',
    roles: ['admin'],
    ok: 200,
    body: { role: 'analyst' },
    params: { id: 'user' },
    sudo: true,
  },
  {
    method: 'POST',
    path: '/api/v1/users/:id/password',
    roles: ['admin'],
    ok: 400,
    body: { password: 'short' },
    params: { id: 'user' },
    sudo: true,
  },
  // The admin's own account: only through /me/password (OWN_PASSWORD_REQUIRES_CURRENT).
  {
    method: 'POST',
    path: '/api/v1/users/:id/password',
    roles: ['admin'],
    ok: 403,
    body: { password: 'short' },
    params: { id: 'adminSelf' },
    sudo: true,
  },
  { method: 'POST', path: '/api/v1/api-clients', roles: ['admin'], ok: 400, body: {} },
  {
    method: 'POST',
    path: '/api/v1/api-clients',
    roles: ['admin'],
    ok: 201,
    body: { name: 'Matrix report', allCommittees: true },
    sudo: true,
  },
  { method: 'GET', path: '/api/v1/api-clients', roles: ['admin'], ok: 200 },
  { method: 'GET', path: '/api/v1/api-clients/:id', roles: ['admin'], ok: 200, params: { id: 'apiClient' } },
  {
    method: 'DELETE',
    path: '/api/v1/api-clients/:id',
    roles: ['admin'],
    ok: 204,
    params: { id: 'apiClientToRevoke' },
    sudo: true,
  },

  // registry: reference data (read: anyone; write: admin; delete of a referenced record: 409)
  { method: 'POST', path: '/api/v1/parties', roles: ['admin'], ok: 400, body: {} },
  { method: 'GET', path: '/api/v1/parties', ...READ },
  { method: 'GET', path: '/api/v1/parties/:id', ...READ, params: { id: 'partyLB' } },
  { method: 'PATCH', path: '/api/v1/parties/:id', roles: ['admin'], ok: 200, body: {}, params: { id: 'partyLB' } },
  { method: 'DELETE', path: '/api/v1/parties/:id', roles: ['admin'], ok: 409, params: { id: 'partyLB' } },
  { method: 'POST', path: '/api/v1/agencies', roles: ['admin'], ok: 400, body: {} },
  { method: 'GET', path: '/api/v1/agencies', ...READ },
  { method: 'GET', path: '/api/v1/agencies/:id', ...READ, params: { id: 'agency' } },
  { method: 'PATCH', path: '/api/v1/agencies/:id', roles: ['admin'], ok: 200, body: {}, params: { id: 'agency' } },
  { method: 'DELETE', path: '/api/v1/agencies/:id', roles: ['admin'], ok: 409, params: { id: 'agency' } },
  { method: 'POST', path: '/api/v1/issue-areas', roles: ['admin'], ok: 400, body: {} },
  { method: 'GET', path: '/api/v1/issue-areas', ...READ },
  { method: 'GET', path: '/api/v1/issue-areas/:id', ...READ, params: { id: 'issueArea' } },
  {
    method: 'PATCH',
    path: '/api/v1/issue-areas/:id',
    roles: ['admin'],
    ok: 200,
    body: {},
    params: { id: 'issueArea' },
  },
  { method: 'DELETE', path: '/api/v1/issue-areas/:id', roles: ['admin'], ok: 409, params: { id: 'issueArea' } },

  // registry: people (scoped; contact details only for admins and the person's secretaries)
  { method: 'POST', path: '/api/v1/people', roles: ['admin', 'secretary'], ok: 400, body: {} },
  { method: 'GET', path: '/api/v1/people', ...READ },
  { method: 'GET', path: '/api/v1/people/:id', ...READ, params: { id: 'ownMember' } },
  { method: 'GET', path: '/api/v1/people/:id', ...READ, byRole: OUTSIDER_404, params: { id: 'otherMember' } },
  {
    method: 'PATCH',
    path: '/api/v1/people/:id',
    roles: ['admin', 'secretary'],
    ok: 200,
    body: {},
    params: { id: 'ownMember' },
  },
  {
    method: 'PATCH',
    path: '/api/v1/people/:id',
    roles: ['admin', 'secretary'],
    ok: 200,
    byRole: { secretary: 404 },
    body: {},
    params: { id: 'otherMember' },
  },
  { method: 'DELETE', path: '/api/v1/people/:id', roles: ['admin'], ok: 409, params: { id: 'ownMember' } },

  // registry: committees and memberships (scoped)
  { method: 'POST', path: '/api/v1/committees', roles: ['admin'], ok: 400, body: {} },
  { method: 'GET', path: '/api/v1/committees', ...READ },
  { method: 'GET', path: '/api/v1/committees/:id', ...READ, params: { id: 'ownCommittee' } },
  { method: 'GET', path: '/api/v1/committees/:id', ...READ, byRole: OUTSIDER_404, params: { id: 'otherCommittee' } },
  {
    method: 'PATCH',
    path: '/api/v1/committees/:id',
    roles: ['admin'],
    ok: 200,
    body: {},
    params: { id: 'ownCommittee' },
  },
  { method: 'GET', path: '/api/v1/committees/:committeeId/members', ...READ, params: { committeeId: 'ownCommittee' } },
  {
    method: 'GET',
    path: '/api/v1/committees/:committeeId/members',
    ...READ,
    byRole: OUTSIDER_404,
    params: { committeeId: 'otherCommittee' },
  },
  // A well-formed body that breaks a membership rule (person of a third party): 409 once past access.
  {
    method: 'POST',
    path: '/api/v1/committees/:committeeId/members',
    roles: ['admin', 'secretary'],
    ok: 409,
    body: 'thirdPartyMember',
    params: { committeeId: 'ownCommittee' },
  },
  {
    method: 'POST',
    path: '/api/v1/committees/:committeeId/members',
    roles: ['admin', 'secretary'],
    ok: 409,
    byRole: { secretary: 404 },
    body: 'thirdPartyMember',
    params: { committeeId: 'otherCommittee' },
  },
  {
    method: 'GET',
    path: '/api/v1/committees/:committeeId/members/:membershipId',
    ...READ,
    params: { committeeId: 'ownCommittee', membershipId: 'ownMembership' },
  },
  {
    method: 'GET',
    path: '/api/v1/committees/:committeeId/members/:membershipId',
    ...READ,
    byRole: OUTSIDER_404,
    params: { committeeId: 'otherCommittee', membershipId: 'otherMembership' },
  },
  {
    method: 'PATCH',
    path: '/api/v1/committees/:committeeId/members/:membershipId',
    roles: ['admin', 'secretary'],
    ok: 200,
    body: {},
    params: { committeeId: 'ownCommittee', membershipId: 'ownMembership' },
  },
  {
    method: 'PATCH',
    path: '/api/v1/committees/:committeeId/members/:membershipId',
    roles: ['admin', 'secretary'],
    ok: 200,
    byRole: { secretary: 404 },
    body: {},
    params: { committeeId: 'otherCommittee', membershipId: 'otherMembership' },
  },
  {
    method: 'DELETE',
    path: '/api/v1/committees/:committeeId/members/:membershipId',
    roles: ['admin', 'secretary'],
    ok: 204,
    params: { committeeId: 'ownCommittee', membershipId: 'ownObserver' },
  },
  {
    method: 'DELETE',
    path: '/api/v1/committees/:committeeId/members/:membershipId',
    roles: ['admin', 'secretary'],
    ok: 204,
    byRole: { secretary: 404 },
    params: { committeeId: 'otherCommittee', membershipId: 'otherObserver' },
  },

  // work tracking (scoped; writes by the committee's secretaries, assignees for their own moves)
  { method: 'GET', path: '/api/v1/me/assignments', roles: 'any', ok: 200 },
  ...scoped('GET', '/api/v1/committees/:committeeId/meetings', 'Committee', { ...READ }),
  ...scoped('POST', '/api/v1/committees/:committeeId/meetings', 'Committee', {
    roles: ['secretary'],
    ok: 400,
    body: 'meetingWithStranger',
  }),
  ...scoped('GET', '/api/v1/meetings/:id', 'Meeting', { ...READ }),
  ...scoped('PATCH', '/api/v1/meetings/:id', 'Meeting', {
    roles: ['secretary'],
    ok: 200,
    body: {},
    headers: { 'if-match': '*' },
  }),
  ...scoped(
    'GET',
    '/api/v1/meetings/:id/decisions/:decisionId',
    'Meeting',
    { ...READ },
    { param: 'decisionId', kind: 'Decision' },
  ),
  ...scoped('POST', '/api/v1/meetings/:id/decisions', 'Meeting', {
    roles: ['secretary'],
    ok: 201,
    body: { text: 'Matrix decision' },
  }),
  ...scoped('GET', '/api/v1/committees/:committeeId/assignments', 'Committee', { ...READ }),
  ...scoped('POST', '/api/v1/committees/:committeeId/assignments', 'Committee', {
    roles: ['secretary'],
    ok: 400,
    body: 'assignmentToStranger',
  }),
  ...scoped('GET', '/api/v1/assignments/:id', 'Assignment', { ...READ }),
  ...scoped('PATCH', '/api/v1/assignments/:id', 'Assignment', {
    roles: ['secretary'],
    ok: 200,
    body: {},
    headers: { 'if-match': '*' },
  }),
  // From open, done is not a move: 409 once past access (the liaison officer is the assignee).
  ...scoped('POST', '/api/v1/assignments/:id/transitions', 'Assignment', {
    roles: ['secretary', 'liaison_officer'],
    ok: 409,
    body: { to: 'done' },
  }),
  ...scoped('POST', '/api/v1/assignments/:id/acknowledgement', 'Assignment', {
    roles: ['secretary', 'liaison_officer'],
    ok: 200,
    byRole: { secretary: 403 },
  }),
  ...scoped('GET', '/api/v1/assignments/:id/updates', 'Assignment', { ...READ }),
  ...scoped(
    'GET',
    '/api/v1/assignments/:id/updates/:updateId',
    'Assignment',
    { ...READ },
    { param: 'updateId', kind: 'AssignmentUpdate' },
  ),
  ...scoped('POST', '/api/v1/assignments/:id/updates', 'Assignment', {
    roles: ['secretary', 'liaison_officer'],
    ok: 201,
    body: { body: 'Matrix update' },
  }),
  ...scoped('GET', '/api/v1/committees/:committeeId/commitments', 'Committee', { ...READ }),
  ...scoped('POST', '/api/v1/committees/:committeeId/commitments', 'Committee', {
    roles: ['secretary'],
    ok: 400,
    body: 'commitmentOfStranger',
  }),
  ...scoped('GET', '/api/v1/commitments/:id', 'Commitment', { ...READ }),
  ...scoped('PATCH', '/api/v1/commitments/:id', 'Commitment', {
    roles: ['secretary'],
    ok: 200,
    body: {},
    headers: { 'if-match': '*' },
  }),
  ...scoped('POST', '/api/v1/commitments/:id/transitions', 'Commitment', {
    roles: ['secretary'],
    ok: 409,
    body: { to: 'fulfilled' },
  }),
  ...scoped('GET', '/api/v1/commitments/:id/updates', 'Commitment', { ...READ }),
  ...scoped(
    'GET',
    '/api/v1/commitments/:id/updates/:updateId',
    'Commitment',
    { ...READ },
    { param: 'updateId', kind: 'CommitmentUpdate' },
  ),
  ...scoped('POST', '/api/v1/commitments/:id/updates', 'Commitment', {
    roles: ['secretary'],
    ok: 201,
    body: { body: 'Matrix update' },
  }),

  // search: every caller, scoped to what it may see (the matrix test also checks the hits)
  { method: 'GET', path: '/api/v1/search', ...READ, query: 'q=Hermel' },
  // Without q: 400 once past access.
  { method: 'GET', path: '/api/v1/search', roles: 'any', ok: 400, apiClient: 400 },
  // reporting (scoped by the committees the caller may see; a committee out of sight is 404)
  { method: 'GET', path: '/api/v1/reports/summary', ...READ },
  {
    method: 'GET',
    path: '/api/v1/reports/summary',
    ...READ,
    query: 'committeeId=:committeeId',
    params: { committeeId: 'ownCommittee' },
  },
  {
    method: 'GET',
    path: '/api/v1/reports/summary',
    ...READ,
    byRole: OUTSIDER_404,
    query: 'committeeId=:committeeId',
    params: { committeeId: 'otherCommittee' },
  },
  // Without its committee: 400 once past access.
  { method: 'GET', path: '/api/v1/reports/reciprocity', roles: 'any', ok: 400, apiClient: 400 },
  {
    method: 'GET',
    path: '/api/v1/reports/reciprocity',
    ...READ,
    query: 'committeeId=:committeeId',
    params: { committeeId: 'ownCommittee' },
  },
  {
    method: 'GET',
    path: '/api/v1/reports/reciprocity',
    ...READ,
    byRole: OUTSIDER_404,
    query: 'committeeId=:committeeId',
    params: { committeeId: 'otherCommittee' },
  },

  // The reports as CSV: the same rules (a committee out of sight is 404 before any byte is sent).
  { method: 'GET', path: '/api/v1/reports/summary', ...READ, query: 'format=csv' },
  {
    method: 'GET',
    path: '/api/v1/reports/summary',
    ...READ,
    byRole: OUTSIDER_404,
    query: 'format=csv&committeeId=:committeeId',
    params: { committeeId: 'otherCommittee' },
  },
  {
    method: 'GET',
    path: '/api/v1/reports/reciprocity',
    ...READ,
    query: 'format=csv&committeeId=:committeeId',
    params: { committeeId: 'ownCommittee' },
  },
  {
    method: 'GET',
    path: '/api/v1/reports/reciprocity',
    ...READ,
    byRole: OUTSIDER_404,
    headers: { accept: 'text/csv' },
    query: 'committeeId=:committeeId',
    params: { committeeId: 'otherCommittee' },
  },

  // audit
  { method: 'GET', path: '/api/v1/audit', roles: ['admin'], ok: 200 },
  { method: 'GET', path: '/api/v1/audit', roles: ['admin'], ok: 200, query: 'format=csv' },
  { method: 'GET', path: '/api/v1/audit/verify', roles: ['admin'], ok: 200 },

  // reporting: CSV exports of the lists (the list's own rules, whole result) and the change feed
  { method: 'GET', path: '/api/v1/committees', ...READ, query: 'format=csv' },
  { method: 'GET', path: '/api/v1/people', ...READ, headers: { accept: 'text/csv' } },
  ...scoped('GET', '/api/v1/committees/:committeeId/meetings', 'Committee', { ...READ, query: 'format=csv' }),
  ...scoped('GET', '/api/v1/committees/:committeeId/assignments', 'Committee', { ...READ, query: 'format=csv' }),
  ...scoped('GET', '/api/v1/committees/:committeeId/commitments', 'Committee', { ...READ, query: 'format=csv' }),
  ...scoped('GET', '/api/v1/assignments/:id/updates', 'Assignment', { ...READ, query: 'format=csv' }),
  ...scoped('GET', '/api/v1/commitments/:id/updates', 'Commitment', { ...READ, headers: { accept: 'text/csv' } }),
  { method: 'GET', path: '/api/v1/changes', ...READ },
  // Filtered to one committee: 404 for those who may not see it.
  {
    method: 'GET',
    path: '/api/v1/changes',
    ...READ,
    query: 'committeeId=:committeeId',
    params: { committeeId: 'ownCommittee' },
  },
  {
    method: 'GET',
    path: '/api/v1/changes',
    ...READ,
    byRole: OUTSIDER_404,
    query: 'committeeId=:committeeId',
    params: { committeeId: 'otherCommittee' },
  },

  // the verifiable log (the matrix signs a checkpoint before its cases)
  { method: 'GET', path: '/api/v1/log/key', public: true, ok: 200 },
  { method: 'GET', path: '/api/v1/log/checkpoint', ...READ },
  // Without index and treeSize: 400 once past access.
  { method: 'GET', path: '/api/v1/log/proof/inclusion', roles: 'any', ok: 400, apiClient: 400 },
  { method: 'GET', path: '/api/v1/log/proof/consistency', roles: 'any', ok: 400, apiClient: 400 },
  { method: 'GET', path: '/api/v1/log/witnesses', ...READ },
  {
    method: 'PUT',
    path: '/api/v1/log/witnesses/:partyId',
    roles: ['admin'],
    ok: 200,
    body: 'witnessKey',
    params: { partyId: 'partyLB' },
  },
  {
    method: 'GET',
    path: '/api/v1/log/witnesses/:partyId/cosignatures/:treeSize',
    roles: 'any',
    ok: 404,
    apiClient: 404,
    params: { partyId: 'partyLB', treeSize: 'uncosignedSize' },
  },
  // An empty body: 400 once past access. API clients too: the signature speaks for the party.
  { method: 'POST', path: '/api/v1/log/cosignatures', roles: 'any', ok: 400, apiClient: 400, body: {} },
];

/**
 * Two rows for a committee-scoped route: on `own<Kind>` (in the committee the secretary and
 * the liaison officer sit on) as given, and on `other<Kind>` where they get 404.
 */
function scoped(
  method: AccessRow['method'],
  path: string,
  kind: 'Committee' | 'Meeting' | 'Assignment' | 'Commitment',
  row: Omit<AccessRow, 'method' | 'path' | 'params'>,
  /** A second path parameter: a record of the first (`Decision` gives ownDecision, otherDecision). */
  child?: { param: string; kind: string },
): AccessRow[] {
  const param = /:(\w+)/.exec(path)![1]!;
  const own = child ? { [child.param]: `own${child.kind}` } : {};
  const other = child ? { [child.param]: `other${child.kind}` } : {};
  const outsiders: Partial<Record<UserRole, number>> = {};
  for (const role of ['secretary', 'liaison_officer'] as const) {
    const allowed = row.roles === 'any' || (row.roles ?? []).includes(role);
    outsiders[role] = allowed ? 404 : (row.denied ?? 403);
  }
  return [
    { method, path, ...row, params: { [param]: `own${kind}`, ...own } },
    { method, path, ...row, byRole: { ...row.byRole, ...outsiders }, params: { [param]: `other${kind}`, ...other } },
  ];
}
