import { ProbeModule } from '../support/probe.module.js';
import { sql, withAdminClient } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PROBLEM = /^application\/problem\+json/;

describe('errors leave as problem+json', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT_BYTES: '2048' }, extraImports: [ProbeModule] });
  });
  afterAll(() => t.close());

  it('names the invalid field', async () => {
    const res = await t.http().post('/api/v1/probe/echo').send({ name: 42, count: 11 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({
      type: expect.any(String),
      title: 'Bad Request',
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', message: expect.stringContaining('string') },
        { field: 'count', message: expect.stringContaining('10') },
      ]),
    );
  });

  it('names nested fields with their path', async () => {
    const res = await t
      .http()
      .post('/api/v1/probe/echo')
      .send({ name: 'x', items: [{ label: 'ok' }, { label: 3 }] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'items[1].label', message: expect.any(String) }]);
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const res = await t.http().post('/api/v1/probe/echo').send({ name: 'x', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors).toEqual([{ field: 'role', message: 'is not a known field' }]);
  });

  it('accepts a valid body', async () => {
    const res = await t.http().post('/api/v1/probe/echo').send({ name: 'سلام', count: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'سلام', count: 3 });
  });

  it('answers malformed JSON with 400', async () => {
    const res = await t.http().post('/api/v1/probe/echo').set('content-type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });

  it('answers a JSON body that is not an object with 400', async () => {
    const res = await t.http().post('/api/v1/probe/echo').set('content-type', 'application/json').send('[1,2]');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
  });

  it('answers an unsupported media type with 415', async () => {
    const res = await t.http().post('/api/v1/probe/echo').set('content-type', 'text/csv').send('a,b');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(PROBLEM);
  });

  it('answers unknown routes with 404', async () => {
    const res = await t.http().get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found', instance: '/api/v1/no-such-thing' });
  });

  it('answers a malformed URL with problem+json', async () => {
    const res = await t.http().get('/api/v1/committees/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers too-large bodies with 413', async () => {
    const res = await t
      .http()
      .post('/api/v1/probe/echo')
      .send({ name: 'x'.repeat(4096) });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers an unexpected error with a bare 500 carrying the request id', async () => {
    const res = await t.http().get('/api/v1/probe/boom').set('x-request-id', 'trace-500-abc');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: expect.any(String),
      instance: '/api/v1/probe/boom',
      requestId: 'trace-500-abc',
    });
    expect(res.text).not.toMatch(/SELECT|secret|vault|\.ts|stack|Error:/);
  });

  it('answers 503 with Retry-After while the database is unreachable, and recovers', async () => {
    expect((await t.http().get('/api/v1/probe/db')).status).toBe(200);
    await withAdminClient(async (c) => {
      await c.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS false`);
      await c.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [t.db.name],
      );
    });
    try {
      const res = await t.http().get('/api/v1/probe/db');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.text).not.toMatch(/ALLOW_CONNECTIONS|pg_|postgres/i);
      const ready = await t.http().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['retry-after']).toBeDefined();
    } finally {
      await withAdminClient((c) => c.query(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS true`));
    }
    expect((await t.http().get('/api/v1/probe/db')).status).toBe(200);
    expect((await t.http().get('/health/ready')).status).toBe(200);
  });

  it('keeps the database usable by the test helpers', async () => {
    const rows = await sql<{ n: string }>(t.db.url, 'SELECT count(*) AS n FROM migrations');
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
  });
});

describe('request ids, headers and CORS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const given = await t.http().get('/health/live').set('x-request-id', 'border-post-7.42');
    expect(given.headers['x-request-id']).toBe('border-post-7.42');
    const generated = await t.http().get('/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await t.http().get('/health/live').set('x-request-id', 'x'.repeat(300));
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id in error bodies too', async () => {
    const res = await t.http().get('/api/v1/nope').set('x-request-id', 'rid-404');
    expect(res.body.requestId).toBe('rid-404');
  });

  it('sends security headers suited to an API', async () => {
    const res = await t.http().get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sends exactly these security headers on every response: a page, a 401, a 404', async () => {
    const expected = {
      'content-security-policy':
        "default-src 'none';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';" +
        "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';" +
        "connect-src 'self'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    for (const res of [
      await t.http().get('/health/live'),
      await t.http().get('/api/v1/committees'),
      await t.http().get('/api/v1/nope'),
    ]) {
      expect(res.headers).toMatchObject(expected);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('has CORS off when CORS_ORIGINS is empty', async () => {
    const res = await t.http().get('/health/live').set('origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the liveness and readiness checks', async () => {
    expect((await t.http().get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.database.status).toBe('up');
  });
});

describe('CORS with CORS_ORIGINS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: 'https://reports.example.org' } });
  });
  afterAll(() => t.close());

  it('allows the listed origin only', async () => {
    const ok = await t.http().get('/health/live').set('origin', 'https://reports.example.org');
    expect(ok.headers['access-control-allow-origin']).toBe('https://reports.example.org');
    const other = await t.http().get('/health/live').set('origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a preflight on every path, so a 405 lists OPTIONS among the allowed methods', async () => {
    const path = '/api/v1/committees/00000000-0000-4000-8000-000000000000';
    const preflight = await t
      .http()
      .options(path)
      .set('origin', 'https://reports.example.org')
      .set('access-control-request-method', 'PATCH');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://reports.example.org');
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, POST, PUT, PATCH, DELETE');
    const wrong = await t.http().delete(path).set('origin', 'https://reports.example.org');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, HEAD, OPTIONS, PATCH');
    expect(wrong.headers['access-control-allow-origin']).toBe('https://reports.example.org');
  });
});
