import { problemType, statusTitle } from '../../src/platform/problem/problem.js';
import { pathTemplate, responseContract, type SentResponse } from '../support/response-contract.js';

// The checker every e2e response goes through (test/support/response-contract.ts), run on
// hand-made responses against the real document (openapi.json).

const PARTY = {
  id: '0b5e4a52-4c3e-4f7e-9d7e-2f1f3c9a8b11',
  code: 'LB',
  nameEn: 'Lebanon',
  nameAr: 'لبنان',
  active: true,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
  version: 1,
};
const ETAG = '"mV3gk0bqS8u1ZQ2fLqkq_A"';
const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

const sent = (overrides: Partial<SentResponse>): SentResponse => ({
  method: 'GET',
  route: '/api/v1/parties/:id',
  url: `/api/v1/parties/${PARTY.id}`,
  status: 200,
  headers: { 'content-type': JSON_TYPE, etag: ETAG },
  body: JSON.stringify(PARTY),
  ...overrides,
});
// Every response carries X-Request-Id (required by the document): added unless a test says otherwise.
const check = (overrides: Partial<SentResponse>) => {
  const response = sent(overrides);
  return responseContract().check({ ...response, headers: { 'x-request-id': 'r1', ...response.headers } });
};

describe('response contract', () => {
  it('accepts a response the document describes, and names its operation and documented status', () => {
    expect(check({})).toEqual({ kind: 'operation', operation: 'GET /api/v1/parties/{id}', status: '200', errors: [] });
    expect(check({ status: 404, headers: { 'content-type': PROBLEM_TYPE }, body: notFound() })).toEqual({
      kind: 'operation',
      operation: 'GET /api/v1/parties/{id}',
      status: '404',
      errors: [],
    });
    // A HEAD is checked as the GET, without the body Fastify drops.
    expect(check({ method: 'HEAD' }).errors).toEqual([]);
  });

  it('rejects a status the operation does not document: every status is listed, no 4XX catch-all', () => {
    const documented = 'documented: 200, 304, 400, 401, 404, 412, 500, 503';
    expect(check({ status: 302, headers: {}, body: '' }).errors).toEqual([
      `status 302 is not documented (${documented})`,
    ]);
    // A 409 or a 422 on a read: a problem document all the same, but not one this operation lists.
    for (const status of [409, 422]) {
      const body = problem(status, status === 409 ? 'CONCURRENT_CHANGE' : 'IDEMPOTENCY_KEY_REUSED');
      expect(check({ status, headers: { 'content-type': PROBLEM_TYPE }, body }).errors).toEqual([
        `status ${status} is not documented (${documented})`,
      ]);
    }
    expect(JSON.stringify(responseContract().paths)).not.toMatch(/"[1-5]XX"/);
  });

  it('fails a 500 although every operation documents it: a test must never meet an unexpected error', () => {
    const bare = JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, requestId: 'r1' });
    expect(check({ status: 500, headers: { 'content-type': PROBLEM_TYPE }, body: bare }).errors).toEqual([
      'status 500 is an unexpected server error: documented for faults, never expected',
    ]);
  });

  it('holds every response to X-Request-Id, and a 201 to its Location (the path of its GET)', () => {
    const missing = responseContract().check(sent({ headers: { 'content-type': JSON_TYPE, etag: ETAG } }));
    expect(missing.errors).toEqual(['header X-Request-Id is required and missing']);
    const created = { method: 'POST', route: '/api/v1/parties', url: '/api/v1/parties', status: 201 };
    expect(check(created).errors).toEqual(['header Location is required and missing']);
    const at = (location: string) =>
      check({ ...created, headers: { 'content-type': JSON_TYPE, etag: ETAG, location } }).errors;
    expect(at(`/api/v1/parties/${PARTY.id}`)).toEqual([]);
    expect(at(`/api/v1/parties/${PARTY.id}/`)).toEqual([
      'header Location: must match pattern "^/api/v1/parties/[^/?#]+$"',
    ]);
    expect(at(`/api/v1/agencies/${PARTY.id}`)).toEqual([
      'header Location: must match pattern "^/api/v1/parties/[^/?#]+$"',
    ]);
  });

  it('rejects a body missing a required field or with a field of the wrong type', () => {
    const { nameAr: _dropped, ...withoutNameAr } = PARTY;
    expect(check({ body: JSON.stringify({ ...withoutNameAr, version: '1' }) }).errors).toEqual([
      "(body) must have required property 'nameAr'",
      '/version must be integer',
    ]);
    expect(check({ body: JSON.stringify({ ...PARTY, id: 'not-a-uuid-but-36-characters-long-xx' }) }).errors).toEqual([
      '/id must match format "uuid"',
    ]);
  });

  it('rejects a body field the schema does not name (schemas closed), but not a problem extension member', () => {
    expect(check({ body: JSON.stringify({ ...PARTY, passwordHash: 'x' }) }).errors).toEqual([
      '(body) must NOT have additional properties (passwordHash)',
    ]);
    const page = { items: [{ ...PARTY, deletedAt: null }], nextCursor: null };
    const list = { route: '/api/v1/parties', url: '/api/v1/parties', headers: { 'content-type': JSON_TYPE } };
    expect(check({ ...list, body: JSON.stringify(page) }).errors).toEqual([
      '/items/0 must NOT have additional properties (deletedAt)',
    ]);
    const stale = { ...JSON.parse(problem(412, 'VERSION_MISMATCH')), currentVersion: 2 };
    const headers = { 'content-type': PROBLEM_TYPE, etag: ETAG };
    expect(check({ method: 'PATCH', status: 412, headers, body: JSON.stringify(stale) }).errors).toEqual([]);
  });

  it('rejects a header the response sends but does not declare; framing, CORS and security headers pass', () => {
    const generic = {
      'content-type': JSON_TYPE,
      etag: ETAG,
      'content-length': '42',
      date: 'Sun, 29 Nov 2026 23:22:07 GMT',
      connection: 'keep-alive',
      vary: 'Origin',
      'access-control-allow-origin': 'https://reports.example',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
    };
    expect(check({ headers: generic }).errors).toEqual([]);
    expect(check({ headers: { ...generic, 'idempotent-replayed': 'true', 'x-powered-by': 'Express' } }).errors).toEqual(
      [
        'header idempotent-replayed is sent but not declared on this response',
        'header x-powered-by is sent but not declared on this response',
      ],
    );
    // The 401 of an operation that needs credentials declares its challenge.
    const unauthorized = {
      status: 401,
      headers: { 'content-type': PROBLEM_TYPE, 'www-authenticate': 'Bearer realm="tansiq"' },
      body: problem(401, 'TOKEN_INVALID'),
    };
    expect(check(unauthorized).errors).toEqual([]);
    expect(check({ ...unauthorized, headers: { 'content-type': PROBLEM_TYPE } }).errors).toEqual([
      'header WWW-Authenticate is required and missing',
    ]);
    // An anonymous operation's 401 (a wrong password at sign-in) declares none.
    const login = { method: 'POST', route: '/api/v1/auth/login', url: '/api/v1/auth/login' };
    const limits = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': '60' };
    expect(check({ ...login, ...unauthorized, headers: { ...unauthorized.headers, ...limits } }).errors).toEqual([
      'header www-authenticate is sent but not declared on this response',
    ]);
  });

  it('rejects a missing required header, and a header that does not match its schema', () => {
    expect(check({ headers: { 'content-type': JSON_TYPE } }).errors).toEqual(['header ETag is required and missing']);
    expect(check({ headers: { 'content-type': JSON_TYPE, etag: 'W/"weak"' } }).errors).toEqual([
      'header ETag: must NOT have fewer than 24 characters',
      'header ETag: must match pattern "^"[A-Za-z0-9_-]{22}"$"',
    ]);
    const unavailable = {
      status: 503,
      headers: { 'content-type': PROBLEM_TYPE },
      body: problem(503, 'SERVICE_UNAVAILABLE'),
    };
    expect(check(unavailable).errors).toEqual(['header Retry-After is required and missing']);
    expect(check({ ...unavailable, headers: { ...unavailable.headers, 'retry-after': '5' } }).errors).toEqual([]);
  });

  it('rejects a content type the status does not document, and a body where none is documented', () => {
    expect(check({ headers: { 'content-type': 'text/html', etag: ETAG }, body: '<p>' }).errors).toEqual([
      'content type "text/html" is not documented (documented: application/json)',
    ]);
    expect(check({ status: 304, body: JSON.stringify(PARTY) }).errors).toEqual([
      'a body (application/json) where the document declares none',
    ]);
    expect(check({ status: 404, headers: { 'content-type': JSON_TYPE }, body: notFound() }).errors).toEqual([
      'content type "application/json" is not documented (documented: application/problem+json)',
    ]);
  });

  it('holds a problem document to ProblemDetails', () => {
    const body = JSON.stringify({ title: 'Not Found', status: 404, code: 'NO_SUCH_CODE' });
    expect(check({ status: 404, headers: { 'content-type': PROBLEM_TYPE }, body }).errors).toEqual([
      "(body) must have required property 'type'",
      expect.stringMatching(/^\/code must be equal to one of the allowed values \["VALIDATION_FAILED",/),
    ]);
  });

  it('has one explicit rule for each kind of response outside the document; the rest is a violation', () => {
    // No route: a problem document, whatever the path.
    expect(
      check({
        route: undefined,
        url: '/nowhere',
        status: 404,
        headers: { 'content-type': PROBLEM_TYPE },
        body: notFound(),
      }),
    ).toEqual({ kind: 'outside', rule: 'no route: a problem document', errors: [] });
    expect(check({ route: undefined, url: '/nowhere', status: 404, body: 'Not Found' }).errors).toEqual([
      'content type "application/json" is not documented (documented: application/problem+json)',
    ]);
    // Test-only probes and the docs UI: their errors are problem documents; their successes are not the API's.
    expect(check({ route: '/api/v1/probe/echo', method: 'POST', body: '{"name":"x"}' })).toEqual({
      kind: 'outside',
      rule: 'test probe: errors only',
      errors: [],
    });
    expect(
      check({ route: '/api/v1/probe/boom', status: 500, headers: { 'content-type': PROBLEM_TYPE }, body: '{}' }).errors,
    ).toEqual([
      "(body) must have required property 'type'",
      "(body) must have required property 'title'",
      "(body) must have required property 'status'",
    ]);
    expect(check({ route: '/docs/openapi.json', headers: { 'content-type': JSON_TYPE }, body: '{}' }).errors).toEqual(
      [],
    );
    // A route the document does not list is a violation, not a skip.
    expect(check({ route: '/api/v1/secrets/:id', url: '/api/v1/secrets/1' })).toEqual({
      kind: 'outside',
      rule: 'undocumented operation',
      errors: ['GET /api/v1/secrets/{id} is not an operation of the document'],
    });
    expect(check({ method: 'PUT' }).errors).toEqual(['PUT /api/v1/parties/{id} is not an operation of the document']);
  });

  it("turns Fastify's route patterns into the document's path templates", () => {
    expect(pathTemplate('/api/v1/users/:id')).toBe('/api/v1/users/{id}');
    expect(pathTemplate('/api/v1/committees/:committeeId/members/:membershipId/')).toBe(
      '/api/v1/committees/{committeeId}/members/{membershipId}',
    );
    expect(pathTemplate('/api/v1/log/witnesses/:partyId(^[0-9a-f-]+$)')).toBe('/api/v1/log/witnesses/{partyId}');
    expect(pathTemplate('/')).toBe('/');
  });
});

function problem(status: number, code: string): string {
  return JSON.stringify({
    type: problemType(code),
    title: statusTitle(status),
    status,
    detail: 'x',
    code,
    requestId: 'r1',
  });
}

function notFound(): string {
  return problem(404, 'NOT_FOUND');
}
