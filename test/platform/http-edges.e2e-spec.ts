import { connect } from 'node:net';
import { errorCodes } from 'fastify';
import { DataSource } from 'typeorm';
import { createUser, type Actor } from '../support/actors.js';
import { ProbeModule } from '../support/probe.module.js';
import { expectInvalid, expectProblem } from '../support/problems.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { createTestDatabase, sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';
import { statusOf } from '../../src/platform/problem/app.exception.js';
import { frameworkErrorCode } from '../../src/platform/problem/framework-errors.js';

/**
 * HTTP edges left over from the review of issue 11: a declared body is required, bodies are
 * JSON only (415 otherwise), the errors Node and Fastify raise before a handler are problem
 * documents with a `code`, a wrong method is 405 with `Allow`, `__proto__` keys are named,
 * one reason per invalid field, and every database session is in UTC.
 */

interface Operation {
  method: string;
  path: string;
  hasBody: boolean;
}

const UUID = '00000000-0000-4000-8000-000000000000';
const BODY_REQUIRED = [
  { field: 'body', message: 'is required: send a JSON object with Content-Type: application/json' },
];

/** Every operation of the served OpenAPI document, path parameters filled with a UUID. */
async function operationsOf(t: TestApp): Promise<Operation[]> {
  const doc = (await t.http().get('/docs/openapi.json')).body as {
    paths: Record<string, Record<string, { requestBody?: object }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path: path.replace(/\{[^}]+\}/g, UUID),
        hasBody: op.requestBody !== undefined,
      })),
  );
}

/** One raw HTTP/1.1 exchange: what the server wrote before closing. */
function rawExchange(
  port: number,
  text: string,
): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const [head = '', ...rest] = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      try {
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(rest.join('\r\n\r\n')) });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/** Headers helmet puts on every answer (security-headers.ts), the socket's answers included. */
const SECURITY_HEADER_NAMES = [
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'cross-origin-resource-policy',
  'referrer-policy',
];

describe('HTTP edges', () => {
  let t: TestApp;
  let admin: Actor;
  let jc: JointCommittee;
  let operations: Operation[];

  beforeAll(async () => {
    t = await createTestApp({ extraImports: [ProbeModule] });
    admin = await createUser(t, 'admin');
    jc = await jointCommittee(t, new RegistryFactory(t, admin));
    operations = (await operationsOf(t)).filter((op) => !op.path.startsWith('/api/v1/probe'));
  });
  afterAll(() => t.close());

  const send = (op: Operation, actor: Actor = admin) =>
    t
      .http()
      [op.method.toLowerCase() as 'post' | 'patch' | 'put' | 'delete' | 'get'](op.path)
      .set(actor.headers)
      .set('if-match', '"1"');

  describe('a route that declares a body requires it (400 naming body)', () => {
    it('every operation with a request body answers a request without one with 400 naming body', async () => {
      const withBody = operations.filter((op) => op.hasBody);
      expect(withBody.length).toBeGreaterThan(25);
      const answers: Record<string, unknown> = {};
      for (const op of withBody) {
        // The first caller the route's guard lets in (admin, else a seated secretary, else an officer).
        let res = await send(op, admin);
        if (res.status === 403) res = await send(op, jc.secretary);
        if (res.status === 403) res = await send(op, jc.officer);
        answers[`${op.method} ${op.path}`] = { status: res.status, errors: (res.body as { errors?: unknown }).errors };
      }
      const expected = Object.fromEntries(
        Object.keys(answers).map((key) => [key, { status: 400, errors: BODY_REQUIRED }]),
      );
      expect(answers).toEqual(expected);
    });

    it('PATCH with no body and no Content-Type is 400 naming body, not an empty patch', async () => {
      const res = await t
        .http()
        .patch(`/api/v1/committees/${jc.committee.id}`)
        .set(admin.headers)
        .set('if-match', '"1"');
      expect(expectInvalid(res, 'body')).toMatchObject({
        detail: 'The request body is required.',
        errors: BODY_REQUIRED,
      });
    });

    it('an empty application/json body is no body: 400 naming body (RFC 9110 §8.6)', async () => {
      const res = await t
        .http()
        .patch(`/api/v1/committees/${jc.committee.id}`)
        .set(admin.headers)
        .set('if-match', '"1"')
        .set('content-type', 'application/json');
      expect(expectInvalid(res, 'body').errors).toEqual(BODY_REQUIRED);
    });

    it('a POST that takes no body (an acknowledgement) still works without one, and with an empty JSON one', async () => {
      const path = (id: string) => `/api/v1/assignments/${id}/acknowledgement`;
      const bare = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id]);
      expect((await t.http().post(path(bare.id)).set(jc.officer.headers)).status).toBe(200);
      const typed = await jc.w.assignment(jc.committee.id, [jc.officerPerson.id]);
      const res = await t.http().post(path(typed.id)).set(jc.officer.headers).set('content-type', 'application/json');
      expect(res.status).toBe(200);
    });
  });

  describe('bodies are application/json only (415, RFC 9110 §15.5.16)', () => {
    it('every operation with a request body answers text/plain with 415; a PATCH names its type in Accept-Patch', async () => {
      const withBody = operations.filter((op) => op.hasBody);
      const answers: Record<string, unknown> = {};
      for (const op of withBody) {
        const res = await send(op).set('content-type', 'text/plain').send('hello');
        answers[`${op.method} ${op.path}`] = {
          status: res.status,
          code: (res.body as { code?: string }).code,
          acceptPatch: res.headers['accept-patch'],
        };
      }
      const expected = Object.fromEntries(
        withBody.map((op) => [
          `${op.method} ${op.path}`,
          {
            status: 415,
            code: 'UNSUPPORTED_MEDIA_TYPE',
            acceptPatch: op.method === 'PATCH' ? 'application/json' : undefined,
          },
        ]),
      );
      expect(answers).toEqual(expected);
    });

    it('an operation that takes no body (a DELETE, an acknowledgement) reads one sent anyway: 415, 400 or 413 as documented', async () => {
      // Fastify parses a body on any POST, PUT, PATCH or DELETE before the route runs.
      const bodiless = operations.filter((op) => !op.hasBody && op.method !== 'GET');
      expect(bodiless.map((op) => op.method).sort()).toEqual([...Array<string>(6).fill('DELETE'), 'POST']);
      const doc = (await t.http().get('/docs/openapi.json')).body as {
        paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
      };
      const documented = (op: Operation) =>
        Object.entries(doc.paths).find(([path]) => path.replace(/\{[^}]+\}/g, UUID) === op.path)![1][
          op.method.toLowerCase()
        ]!;
      const big = `{"x":"${'a'.repeat(t.config.bodyLimitBytes)}"}`;
      const answers: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const op of bodiless) {
        const text = await send(op).set('content-type', 'text/plain').send('hello');
        const broken = await send(op).set('content-type', 'application/json').send('{"x": ');
        const large = await send(op).set('content-type', 'application/json').send(big);
        const responses = documented(op).responses;
        answers[`${op.method} ${op.path}`] = {
          statuses: [text.status, broken.status, large.status],
          codes: [text.body, broken.body, large.body].map((b) => (b as { code: string }).code),
          documented: ['415', '400', '413'].filter((s) => s in responses),
          malformedNamed: responses['400']!.description.includes('MALFORMED_REQUEST'),
        };
        expected[`${op.method} ${op.path}`] = {
          statuses: [415, 400, 413],
          codes: ['UNSUPPORTED_MEDIA_TYPE', 'MALFORMED_REQUEST', 'PAYLOAD_TOO_LARGE'],
          documented: ['415', '400', '413'],
          malformedNamed: true,
        };
      }
      expect(answers).toEqual(expected);
    });

    it('text/plain on a PATCH: 415 problem+json saying the accepted type, with Accept-Patch', async () => {
      const res = await t
        .http()
        .patch(`/api/v1/committees/${jc.committee.id}`)
        .set(admin.headers)
        .set('if-match', '"1"')
        .set('content-type', 'text/plain')
        .send('{"nameEn":"x"}');
      expect(expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE').detail).toBe(
        'Send the request body as application/json.',
      );
      expect(res.headers['accept-patch']).toBe('application/json');
    });

    it('a form body (which Nest would parse) and a malformed Content-Type are 415 too; a POST sends no Accept-Patch', async () => {
      const form = await t
        .http()
        .post('/api/v1/probe/echo')
        .set('content-type', 'application/x-www-form-urlencoded')
        .send('name=x');
      expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(form.headers['accept-patch']).toBeUndefined();
      const malformed = await t
        .http()
        .post('/api/v1/probe/echo')
        .set('content-type', 'json, please')
        .send('{"name":"x"}');
      expectProblem(malformed, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const merge = await t
        .http()
        .post('/api/v1/probe/echo')
        .set('content-type', 'application/merge-patch+json')
        .send('{"name":"x"}');
      expectProblem(merge, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('JSON with a charset parameter is accepted', async () => {
      const res = await t
        .http()
        .post('/api/v1/probe/echo')
        .set('content-type', 'application/json; charset=utf-8')
        .send('{"name":"x"}');
      expect(res.status).toBe(200);
    });

    it('malformed JSON stays 400 MALFORMED_REQUEST naming body, with the parser’s reason', async () => {
      const res = await t.http().post('/api/v1/probe/echo').set('content-type', 'application/json').send('{"name": ');
      expect(expectProblem(res, 400, 'MALFORMED_REQUEST')).toMatchObject({
        detail: 'The request body is not valid JSON.',
        errors: [{ field: 'body', message: 'is not valid JSON: Unexpected end of JSON input' }],
      });
    });
  });

  describe('__proto__ and constructor keys (prototype pollution)', () => {
    const post = (text: string) =>
      t.http().post('/api/v1/probe/echo').set('content-type', 'application/json').send(text);
    const REASON = 'is a reserved key name that no field of this API has';

    it('Fastify’s own parser setting refuses them too (onProtoPoisoning, onConstructorPoisoning: error)', () => {
      const config = t.app.getHttpAdapter().getInstance().initialConfig as Record<string, unknown>;
      expect({ proto: config.onProtoPoisoning, ctor: config.onConstructorPoisoning }).toEqual({
        proto: 'error',
        ctor: 'error',
      });
    });

    it('a top-level __proto__ is 400 naming it, and pollutes nothing', async () => {
      const res = await post('{"name":"x","__proto__":{"isAdmin":true}}');
      expect(expectInvalid(res, '__proto__').errors).toEqual([{ field: '__proto__', message: REASON }]);
      expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
      expect(res.text).not.toMatch(/JSON|Fastify|FST_|SyntaxError/);
    });

    it('a nested, escaped __proto__ and a constructor.prototype are named by their path', async () => {
      const escaped = await post('{"name":"x","items":[{"label":"a","\\u005f_proto__":{"polluted":1}}]}');
      expect(expectInvalid(escaped, 'items[0].__proto__').errors).toEqual([
        { field: 'items[0].__proto__', message: REASON },
      ]);
      const ctor = await post('{"name":"x","constructor":{"prototype":{"polluted":1}}}');
      expect(expectInvalid(ctor, 'constructor').errors).toEqual([{ field: 'constructor', message: REASON }]);
      expect(({} as { polluted?: number }).polluted).toBeUndefined();
    });

    it('a body nested far deeper than any request holding such a key is a 400, not a crash', async () => {
      const deep = `${'['.repeat(20_000)}{"__proto__":1}${']'.repeat(20_000)}`;
      const res = await post(`{"name":"x","items":${deep}}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('one reason per invalid field', () => {
    it('a number for a string field gives only "must be a string", not also its length', async () => {
      const res = await t.http().post('/api/v1/probe/echo').send({ name: 42 });
      expect(expectInvalid(res, 'name').errors).toEqual([{ field: 'name', message: 'name must be a string' }]);
    });

    it('a string too long gives its length reason alone', async () => {
      const res = await t
        .http()
        .post('/api/v1/probe/echo')
        .send({ name: 'x'.repeat(21) });
      expect(expectInvalid(res, 'name').errors).toEqual([
        { field: 'name', message: 'name must be shorter than or equal to 20 characters' },
      ]);
    });

    it('a create with every field wrong lists each field once', async () => {
      const res = await t.http().post('/api/v1/parties').set(admin.headers).send({ code: 42 });
      expect(expectInvalid(res, 'code').errors).toEqual([
        { field: 'code', message: 'code must be 2–10 capital letters, digits or _' },
        { field: 'nameEn', message: 'nameEn must be a string' },
        { field: 'nameAr', message: 'nameAr must be a string' },
      ]);
    });
  });

  describe('a wrong method on a known path is 405 with Allow (RFC 9110 §15.5.6)', () => {
    it('DELETE /committees/{id} (GET and PATCH only) is 405 with Allow: GET, HEAD, PATCH', async () => {
      const res = await t.http().delete(`/api/v1/committees/${jc.committee.id}`).set(admin.headers);
      expect(expectProblem(res, 405, 'METHOD_NOT_ALLOWED').detail).toBe(
        'DELETE is not allowed here; this path answers GET, HEAD, PATCH.',
      );
      expect(res.headers.allow).toBe('GET, HEAD, PATCH');
    });

    it('every path of the document answers a method it does not document with 405 and Allow listing exactly its methods', async () => {
      const byPath = new Map<string, Set<string>>();
      for (const op of operations) byPath.set(op.path, (byPath.get(op.path) ?? new Set()).add(op.method));
      expect(byPath.size).toBeGreaterThan(40);
      const answers: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const [path, methods] of byPath) {
        const missing = ['DELETE', 'PUT', 'PATCH', 'POST'].find((m) => !methods.has(m))!;
        const res = await t
          .http()
          [missing.toLowerCase() as 'delete' | 'put' | 'patch' | 'post'](path)
          .set(admin.headers);
        answers[`${missing} ${path}`] = { status: res.status, allow: res.headers.allow };
        const allow = [...methods, ...(methods.has('GET') ? ['HEAD'] : [])].sort().join(', ');
        expected[`${missing} ${path}`] = { status: 405, allow };
      }
      expect(answers).toEqual(expected);
    });

    it('a path no route answers stays 404 ROUTE_NOT_FOUND, without Allow', async () => {
      const res = await t.http().delete('/api/v1/no-such-thing/here');
      expectProblem(res, 404, 'ROUTE_NOT_FOUND');
      expect(res.headers.allow).toBeUndefined();
    });

    it('a method a wildcard route answers, for a path it has nothing at, is 404, not a 405 allowing that method', async () => {
      // /docs/* serves Swagger UI's files (GET, HEAD): a file it does not have is not found.
      for (const path of ['/docs/no-such-file.js', '/docs/docs/swagger-ui.css']) {
        for (const method of ['get', 'head'] as const) {
          const res = await t.http()[method](path);
          expect({ path, method, status: res.status, allow: res.headers.allow }).toEqual({
            path,
            method,
            status: 404,
            allow: undefined,
          });
        }
        expect((await t.http().get(path)).body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
        // Another method on it is still 405, listing what the route answers.
        const post = await t.http().post(path).set('content-type', 'application/json').send('{}');
        expectProblem(post, 405, 'METHOD_NOT_ALLOWED');
        expect(post.headers.allow).toBe('GET, HEAD');
      }
    });

    it('a trailing slash names the same path', async () => {
      const res = await t.http().delete(`/api/v1/committees/${jc.committee.id}/`).set(admin.headers);
      expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.allow).toBe('GET, HEAD, PATCH');
    });
  });

  describe('a query parameter the route does not take is 400 naming it, as an unknown field of a body', () => {
    const UNKNOWN = [{ field: 'x', message: 'is not a known field' }];

    it('on every route without query parameters: reads, creates (nothing created), deletes, health', async () => {
      const party = (await t.http().get('/api/v1/parties').set(admin.headers)).body.items[0] as { id: string };
      const answers = {
        byId: await t.http().get(`/api/v1/parties/${party.id}?x=1`).set(admin.headers),
        me: await t.http().get('/api/v1/me?x=1').set(admin.headers),
        create: await t
          .http()
          .post('/api/v1/parties?x=1')
          .set(admin.headers)
          .send({ code: 'QX', nameEn: 'Query', nameAr: 'استعلام' }),
        remove: await t.http().delete(`/api/v1/parties/${party.id}?x=1`).set(admin.headers),
        live: await t.http().get('/health/live?x=1'),
        logKey: await t.http().get('/api/v1/log/key?x='),
      };
      expect(
        Object.fromEntries(Object.entries(answers).map(([name, res]) => [name, [res.status, res.body.errors]])),
      ).toEqual({
        byId: [400, UNKNOWN],
        me: [400, UNKNOWN],
        create: [400, UNKNOWN],
        remove: [400, UNKNOWN],
        live: [400, UNKNOWN],
        logKey: [400, UNKNOWN],
      });
      const parties = (await t.http().get('/api/v1/parties?q=Query').set(admin.headers)).body as { items: unknown[] };
      expect(parties.items).toEqual([]);
      expect((await t.http().get(`/api/v1/parties/${party.id}`).set(admin.headers)).status).toBe(200);
      // Without a query string, or an empty one, they answer as before.
      expect((await t.http().get('/health/live?')).status).toBe(200);
    });

    it('__proto__, constructor and prototype as query names are refused on a list too (the pipe would drop them)', async () => {
      for (const name of ['__proto__', 'constructor', 'prototype']) {
        const res = await t.http().get(`/api/v1/parties?${name}=x`).set(admin.headers);
        expect(expectInvalid(res, name).errors).toEqual([
          { field: name, message: 'is a reserved name that no parameter of this API has' },
        ]);
      }
      expect(expectInvalid(await t.http().get('/api/v1/parties?x=1').set(admin.headers), 'x').errors).toEqual(UNKNOWN);
    });
  });

  describe('every header sent is declared on its response (the response contract checks it)', () => {
    it('a 401 of a route that needs credentials carries its challenge, declared; a sign-in 401 carries none', async () => {
      const res = await t.http().get('/api/v1/parties').set('authorization', 'Bearer not.a.token');
      expectProblem(res, 401, 'TOKEN_INVALID');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="tansiq"');
      const anonymous = await t.http().get('/api/v1/parties');
      expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="tansiq"');
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'nobody@test.tansiq', password: 'not-the-password-1' });
      expectProblem(login, 401, 'INVALID_CREDENTIALS');
      expect(login.headers['www-authenticate']).toBeUndefined();
      const doc = (await t.http().get('/docs/openapi.json')).body as {
        paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
      };
      const unauthorized = Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, op]) => op.responses['401'])
          .map(
            ([method, op]) =>
              `${method} ${path} ${'WWW-Authenticate' in op.responses['401']!.headers! ? 'challenge' : 'none'}`,
          ),
      );
      expect(unauthorized.filter((line) => line.endsWith(' none')).sort()).toEqual([
        'post /api/v1/auth/login none',
        'post /api/v1/auth/refresh none',
      ]);
      expect(unauthorized.length).toBeGreaterThan(60);
    });

    it('readiness says Cache-Control on every answer (Terminus sets it before the interceptors): 200, 400, 412', async () => {
      const answers = [
        await t.http().get('/health/ready'),
        await t.http().get('/health/ready').set('if-match', 'no-quotes'),
        await t.http().get('/health/ready').set('if-match', '"AAAAAAAAAAAAAAAAAAAAAA"'),
      ];
      expect(answers.map((res) => [res.status, res.headers['cache-control']])).toEqual([
        [200, 'no-cache, no-store, must-revalidate'],
        [400, 'no-cache, no-store, must-revalidate'],
        [412, 'no-cache, no-store, must-revalidate'],
      ]);
      expect(answers[0]!.body).toEqual({
        status: 'ok',
        info: { database: { status: 'up', responseTime: expect.any(Number) } },
        error: {},
        details: { database: { status: 'up', responseTime: expect.any(Number) } },
      });
    });
  });

  describe('the OpenAPI document states them', () => {
    it('a 415 on every operation with a body, with Accept-Patch on a PATCH; 405 and 431 once for every route', async () => {
      const doc = (await t.http().get('/docs/openapi.json')).body as {
        info: { description: string };
        paths: Record<
          string,
          Record<string, { requestBody?: object; responses: Record<string, { headers?: object }> }>
        >;
      };
      const ops = Object.values(doc.paths).flatMap((item) => Object.entries(item));
      const withBody = ops.filter(([, op]) => op.requestBody);
      expect(withBody.length).toBeGreaterThan(25);
      expect(withBody.filter(([, op]) => !op.responses['415'])).toEqual([]);
      expect(doc.paths['/api/v1/committees/{id}']!.patch!.responses['415']!.headers).toEqual({
        'Accept-Patch': {
          description: 'The media type a PATCH body is read as (RFC 5789 §3.1).',
          schema: { type: 'string', enum: ['application/json'] },
        },
        'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
      });
      expect(doc.info.description).toContain('405 `METHOD_NOT_ALLOWED` with `Allow`');
      expect(doc.info.description).toContain('are 431 `HEADERS_TOO_LARGE`');
    });
  });

  describe('errors Fastify and Node raise before a handler', () => {
    it('every client-error FST_ERR_* status has a reason code of that same status', () => {
      const statuses = new Set<number>();
      for (const FastifyError of Object.values(errorCodes)) {
        const status =
          new (FastifyError as new (...a: string[]) => { statusCode?: number })('a', 'b', 'c').statusCode ?? 500;
        if (status < 500 || status === 503) statuses.add(status);
      }
      expect([...statuses].sort()).toEqual([400, 404, 413, 414, 415, 503]);
      const codes = Object.fromEntries([...statuses].map((s) => [s, statusOf(frameworkErrorCode(s))]));
      expect(codes).toEqual({ 400: 400, 404: 404, 413: 413, 414: 414, 415: 415, 503: 503 });
    });

    it('header fields over 16 KiB: 431 problem+json with HEADERS_TOO_LARGE and a request id', async () => {
      const res = await t.http().get('/health/live').set('x-padding', 'a'.repeat(17_000));
      expect(expectProblem(res, 431, 'HEADERS_TOO_LARGE')).toEqual({
        type: 'https://tansiq.dev/problems/headers-too-large',
        title: 'Request Header Fields Too Large',
        status: 431,
        detail: "The request's header fields exceed 16384 bytes.",
        code: 'HEADERS_TOO_LARGE',
        requestId: res.headers['x-request-id'],
      });
      // Written on the socket, with the security headers every other answer has.
      const other = await t.http().get('/health/live');
      for (const name of SECURITY_HEADER_NAMES) {
        expect({ name, value: res.headers[name] }).toEqual({ name, value: other.headers[name] });
      }
      expect(res.headers['content-security-policy']).toBe(other.headers['content-security-policy']);
    });

    it('header fields just under the limit are read', async () => {
      const res = await t.http().get('/health/live').set('x-padding', 'a'.repeat(15_000));
      expect(res.status).toBe(200);
    });

    describe('on a socket', () => {
      let port: number;
      beforeAll(async () => {
        await t.app.listen(0, '127.0.0.1');
        port = (t.app.getHttpServer().address() as { port: number }).port;
      });

      it('a message that is not HTTP is 400 MALFORMED_REQUEST problem+json', async () => {
        const res = await rawExchange(port, 'HELLO THERE\r\n\r\n');
        expect(res.status).toBe(400);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
        expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
        expect(res.body).toEqual({
          type: 'https://tansiq.dev/problems/malformed-request',
          title: 'Bad Request',
          status: 400,
          detail: 'The request is not a well-formed HTTP/1.1 message.',
          code: 'MALFORMED_REQUEST',
          requestId: res.headers['x-request-id'],
        });
      });

      it('a Content-Length that is not a number is 400 MALFORMED_REQUEST problem+json', async () => {
        const res = await rawExchange(
          port,
          'POST /api/v1/probe/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ten\r\n\r\n{}',
        );
        expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({
          status: 400,
          code: 'MALFORMED_REQUEST',
        });
      });
    });
  });
});

describe('every database session is in UTC, whatever the database default', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    const db = await createTestDatabase();
    await sql(db.url, `ALTER DATABASE "${db.name}" SET TimeZone = 'Asia/Beirut'`);
    t = await createTestApp({ database: db });
    admin = await createUser(t, 'admin');
  });
  afterAll(() => t.close());

  it('a session without the setting gets the database default (the test bites)', async () => {
    expect(await sql(t.db.url, 'SHOW TIME ZONE')).toEqual([{ TimeZone: 'Asia/Beirut' }]);
  });

  it('each connection of the app’s pool says UTC', async () => {
    const dataSource = t.app.get(DataSource);
    const zones = await Promise.all(
      [1, 2, 3, 4].map(
        () =>
          dataSource.query('SELECT current_setting($1) AS zone, pg_backend_pid() AS pid, pg_sleep(0.05)', [
            'TimeZone',
          ]) as Promise<{ zone: string; pid: number }[]>,
      ),
    );
    expect(new Set(zones.map((r) => r[0]!.pid)).size).toBeGreaterThan(1);
    expect(zones.map((r) => r[0]!.zone)).toEqual(['UTC', 'UTC', 'UTC', 'UTC']);
  });

  it('reads and writes the same instants and dates (a meeting at 22:30 UTC, after midnight in Beirut)', async () => {
    const f = new RegistryFactory(t, admin);
    const jc = await jointCommittee(t, f);
    const meeting = await t
      .http()
      .post(`/api/v1/committees/${jc.committee.id}/meetings`)
      .set(jc.secretary.headers)
      .send({ startsAt: '2026-03-01T22:30:00.000Z', place: 'Naqoura' });
    expect(meeting.status).toBe(201);
    expect(meeting.body.startsAt).toBe('2026-03-01T22:30:00.000Z');
    const read = await t
      .http()
      .get(`/api/v1/meetings/${meeting.body.id as string}`)
      .set(jc.secretary.headers);
    expect(read.body.startsAt).toBe('2026-03-01T22:30:00.000Z');
    const [stored] = await sql<{ text: string }>(
      t.db.url,
      `SELECT to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS text FROM meetings WHERE id = $1`,
      [meeting.body.id],
    );
    expect(stored).toEqual({ text: '2026-03-01T22:30' });
    // close() then checks that the verifiable log, hashed from canonical JSON the database writes, verifies.
  });
});
