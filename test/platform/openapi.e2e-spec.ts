import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { renderOpenApi } from '../../src/openapi.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/demo-accounts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('API documentation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves a valid OpenAPI 3.1 document', async () => {
    const res = await t.http().get('/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(res.body))).resolves.toBeDefined();
  });

  it('declares the bearer and API-key schemes and which routes need them', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body;
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    });
    expect(doc.paths['/api/v1/users'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/committees'].get.security).toEqual(
      expect.arrayContaining([{ bearer: [] }, { apiKey: [] }]),
    );
    expect(doc.paths['/api/v1/committees'].post.security).toEqual([{ bearer: [] }]);
    // No credentials needed: the empty requirement (anonymous), stated rather than left out.
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([{}]);
    expect(doc.paths['/health/ready'].get.security).toEqual([{}]);
  });

  it('lists every value sort accepts, descending forms included', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body;
    const sortOf = (path: string) =>
      (doc.paths[path].get.parameters as { name: string; schema: { enum?: string[] } }[]).find(
        (p) => p.name === 'sort',
      )!.schema.enum;
    expect(sortOf('/api/v1/parties')).toEqual([
      'code',
      '-code',
      'nameEn',
      '-nameEn',
      'createdAt',
      '-createdAt',
      'updatedAt',
      '-updatedAt',
    ]);
    expect(sortOf('/api/v1/me/assignments')).toEqual(['dueOn', '-dueOn']);
    expect(sortOf('/api/v1/committees/{committeeId}/meetings')).toEqual([
      'startsAt',
      '-startsAt',
      'createdAt',
      '-createdAt',
      'updatedAt',
      '-updatedAt',
    ]);
  });

  it('documents the response of reading and writing reference data', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body;
    const schemaOf = (response: { content: { 'application/json': { schema: { $ref: string } } } }) =>
      response.content['application/json'].schema.$ref;
    expect(schemaOf(doc.paths['/api/v1/agencies'].post.responses['201'])).toBe(
      '#/components/schemas/AgencyResponseDto',
    );
    expect(schemaOf(doc.paths['/api/v1/agencies'].get.responses['200'])).toBe('#/components/schemas/AgencyPageDto');
    expect(schemaOf(doc.paths['/api/v1/agencies/{id}'].get.responses['200'])).toBe(
      '#/components/schemas/AgencyResponseDto',
    );
    expect(schemaOf(doc.paths['/api/v1/agencies/{id}'].patch.responses['200'])).toBe(
      '#/components/schemas/AgencyResponseDto',
    );
    expect(doc.components.schemas.AgencyPageDto.properties).toEqual({
      items: { type: 'array', maxItems: 200, items: { $ref: '#/components/schemas/AgencyResponseDto' } },
      nextCursor: { type: ['string', 'null'], maxLength: 4096 },
    });
  });

  it('gives no PATCH body field a default (an omitted field stays as it is), while a create keeps what it fills in', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>
      >;
      components: { schemas: Record<string, { properties?: Record<string, { default?: unknown }> }> };
    };
    const schemaOf = (method: string) =>
      Object.values(doc.paths)
        .map((item) => item[method]?.requestBody?.content['application/json']?.schema.$ref)
        .filter((ref): ref is string => ref !== undefined)
        .map((ref) => ref.replace('#/components/schemas/', ''));
    const defaultsOf = (name: string) =>
      Object.entries(doc.components.schemas[name]!.properties ?? {})
        .filter(([, property]) => 'default' in property)
        .map(([field, property]) => `${name}.${field} = ${JSON.stringify(property.default)}`);
    const patches = schemaOf('patch');
    expect(patches.length).toBe(11);
    expect(patches.flatMap(defaultsOf)).toEqual([]);
    expect(['CreatePartyDto', 'CreateCommitteeDto', 'CreateCommitmentDto'].flatMap(defaultsOf)).toEqual([
      'CreatePartyDto.active = true',
      'CreateCommitteeDto.mandate = ""',
      'CreateCommitteeDto.status = "proposed"',
      'CreateCommitteeDto.timeZone = "Asia/Beirut"',
      'CreateCommitmentDto.progress = 0',
    ]);
  });

  it('documents 503 with Retry-After on every operation that needs the database, and 304 with ETag on every resource GET', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body;
    type Response = { headers?: Record<string, { $ref?: string }> };
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, { responses: Record<string, Response> }>>,
    )
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
      )
      .filter(({ op }) => op.responses);
    expect(operations.filter(({ op }) => !op.responses['503']).map(({ name }) => name)).toEqual([
      'GET /health/live',
      'GET /api/v1/log/key',
    ]);
    for (const { name, op } of operations.filter(({ op }) => op.responses['503'])) {
      expect(op.responses['503']!.headers).toEqual({
        'Retry-After': { $ref: '#/components/headers/Retry-After' },
        'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
        // Terminus's no-cache header, on every answer of the readiness probe.
        ...(name === 'GET /health/ready' ? { 'Cache-Control': expect.objectContaining({ required: true }) } : {}),
      });
    }
    expect(doc.components.headers['Retry-After'].required).toBe(true);
    expect(operations.filter(({ op }) => op.responses['304']).map(({ name }) => name)).toEqual([
      'GET /api/v1/users/{id}',
      'GET /api/v1/api-clients/{id}',
      'GET /api/v1/me',
      'GET /api/v1/parties/{id}',
      'GET /api/v1/agencies/{id}',
      'GET /api/v1/issue-areas/{id}',
      'GET /api/v1/people/{id}',
      'GET /api/v1/committees/{id}',
      'GET /api/v1/committees/{committeeId}/members/{membershipId}',
      'GET /api/v1/meetings/{id}',
      'GET /api/v1/assignments/{id}',
      'GET /api/v1/commitments/{id}',
    ]);
    expect(doc.paths['/api/v1/parties/{id}'].get.responses['304'].headers).toEqual({
      ETag: { $ref: '#/components/headers/ETag' },
      'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
    });
    expect(doc.paths['/api/v1/parties/{id}'].patch.responses['200'].headers).toEqual({
      ETag: { $ref: '#/components/headers/ETag' },
      'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
    });
    expect(doc.components.headers.ETag).toEqual(expect.objectContaining({ required: true }));
  });

  it('documents If-Match on every change that reads it (updates, deletes, actions on a record), required where 428 IF_MATCH_REQUIRED can answer, and on every GET, with its 412', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body;
    type Op = { parameters?: { name: string; in: string; required?: boolean }[] };
    const withIfMatch = (required: boolean) =>
      Object.entries(doc.paths as Record<string, Record<string, Op>>).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, op]) =>
            op.parameters?.some((p) => p.in === 'header' && p.name === 'If-Match' && p.required === required),
          )
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
    expect(withIfMatch(true)).toEqual([
      'PATCH /api/v1/meetings/{id}',
      'PATCH /api/v1/assignments/{id}',
      'PATCH /api/v1/commitments/{id}',
    ]);
    expect(withIfMatch(false)).toEqual([
      'PATCH /api/v1/users/{id}',
      'DELETE /api/v1/api-clients/{id}',
      'PATCH /api/v1/me',
      'PATCH /api/v1/parties/{id}',
      'DELETE /api/v1/parties/{id}',
      'PATCH /api/v1/agencies/{id}',
      'DELETE /api/v1/agencies/{id}',
      'PATCH /api/v1/issue-areas/{id}',
      'DELETE /api/v1/issue-areas/{id}',
      'PATCH /api/v1/people/{id}',
      'DELETE /api/v1/people/{id}',
      'PATCH /api/v1/committees/{id}',
      'PATCH /api/v1/committees/{committeeId}/members/{membershipId}',
      'DELETE /api/v1/committees/{committeeId}/members/{membershipId}',
      'POST /api/v1/meetings/{id}/decisions',
      'POST /api/v1/assignments/{id}/transitions',
      'POST /api/v1/assignments/{id}/acknowledgement',
      'POST /api/v1/commitments/{id}/transitions',
      'POST /api/v1/assignments/{id}/updates',
      'POST /api/v1/commitments/{id}/updates',
    ]);
    // Every GET reads it (HttpCachingInterceptor), from one shared parameter; every operation that
    // reads it documents its 412, and only those.
    type AnyOp = Op & { responses: Record<string, { headers?: Record<string, unknown> }> };
    const all = Object.entries(doc.paths as Record<string, Record<string, AnyOp>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, op })),
    );
    const sharedIfMatch = (op: Op) =>
      op.parameters?.some((p) => (p as { $ref?: string }).$ref === '#/components/parameters/If-Match');
    expect(all.filter(({ method, op }) => method === 'get' && !sharedIfMatch(op))).toEqual([]);
    expect(all.filter(({ method, op }) => method !== 'get' && sharedIfMatch(op))).toEqual([]);
    const readsIfMatch = (op: Op) =>
      sharedIfMatch(op) || op.parameters?.some((p) => p.in === 'header' && p.name === 'If-Match');
    expect(all.filter(({ op }) => Boolean(readsIfMatch(op)) !== '412' in op.responses).map(({ name }) => name)).toEqual(
      [],
    );
    expect(doc.paths['/api/v1/parties/{id}'].delete.responses['412'].headers.ETag).toEqual(
      expect.objectContaining({ schema: expect.objectContaining({ pattern: '^"[A-Za-z0-9_-]{22}"$' }) }),
    );
  });

  it('documents Idempotency-Key on every POST that reads it (all but SkipIdempotency) and Idempotent-Replayed on its 2xx', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body;
    type Op = { parameters?: { name: string; in: string; required?: boolean }[] };
    const withKey = Object.entries(doc.paths as Record<string, Record<string, Op>>).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) =>
          op.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key' && !p.required),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    // Not: sign-in routes, passwords, API clients (a key shown once), cosignatures (idempotent by themselves).
    expect(withKey).toEqual([
      'POST /api/v1/users',
      'POST /api/v1/parties',
      'POST /api/v1/agencies',
      'POST /api/v1/issue-areas',
      'POST /api/v1/people',
      'POST /api/v1/committees',
      'POST /api/v1/committees/{committeeId}/members',
      'POST /api/v1/committees/{committeeId}/meetings',
      'POST /api/v1/meetings/{id}/decisions',
      'POST /api/v1/committees/{committeeId}/assignments',
      'POST /api/v1/assignments/{id}/transitions',
      'POST /api/v1/assignments/{id}/acknowledgement',
      'POST /api/v1/committees/{committeeId}/commitments',
      'POST /api/v1/commitments/{id}/transitions',
      'POST /api/v1/assignments/{id}/updates',
      'POST /api/v1/commitments/{id}/updates',
    ]);
    expect(doc.paths['/api/v1/parties'].post.responses['201'].headers).toEqual({
      Location: expect.objectContaining({ required: true }),
      ETag: { $ref: '#/components/headers/ETag' },
      'Idempotent-Replayed': { $ref: '#/components/headers/Idempotent-Replayed' },
      'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
    });
    expect(JSON.stringify(doc)).not.toContain('x-skip-idempotency');
  });

  it('documents text/csv, its Content-Disposition and `format` on the lists and reports that export CSV, and no other', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body;
    type Op = {
      parameters?: { name: string; in: string }[];
      responses: Record<string, { content?: Record<string, unknown>; headers?: object }>;
    };
    const csv = Object.entries(doc.paths as Record<string, Record<string, Op>>).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => 'text/csv' in (op.responses['200']?.content ?? {}))
        .map(([method, op]) => {
          expect(op.responses['200']!.headers).toHaveProperty('Content-Disposition');
          expect(op.parameters?.some((p) => p.name === 'format' && p.in === 'query')).toBe(true);
          return `${method.toUpperCase()} ${path}`;
        }),
    );
    expect(csv).toEqual([
      'GET /api/v1/people',
      'GET /api/v1/committees',
      'GET /api/v1/committees/{committeeId}/meetings',
      'GET /api/v1/committees/{committeeId}/assignments',
      'GET /api/v1/committees/{committeeId}/commitments',
      'GET /api/v1/assignments/{id}/updates',
      'GET /api/v1/commitments/{id}/updates',
      'GET /api/v1/audit',
      'GET /api/v1/reports/summary',
      'GET /api/v1/reports/reciprocity',
    ]);
    expect(JSON.stringify(doc)).not.toContain('x-tansiq-csv');
  });

  it('documents Link: rel="next" on every page, as HttpCachingInterceptor sends it', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body;
    const paged = Object.entries(
      doc.paths as Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>,
    ).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => Object.values(op.responses).some((r) => r.headers && 'Link' in r.headers))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(paged).toEqual([
      'GET /api/v1/users',
      'GET /api/v1/api-clients',
      'GET /api/v1/me/assignments',
      'GET /api/v1/parties',
      'GET /api/v1/agencies',
      'GET /api/v1/issue-areas',
      'GET /api/v1/people',
      'GET /api/v1/committees',
      'GET /api/v1/committees/{committeeId}/members',
      'GET /api/v1/committees/{committeeId}/meetings',
      'GET /api/v1/committees/{committeeId}/assignments',
      'GET /api/v1/committees/{committeeId}/commitments',
      'GET /api/v1/assignments/{id}/updates',
      'GET /api/v1/commitments/{id}/updates',
      'GET /api/v1/search',
      'GET /api/v1/audit',
      'GET /api/v1/log/witnesses',
      // The change feed: always a next poll (its Link sets `after`).
      'GET /api/v1/changes',
    ]);
  });

  it('documents every status of the log routes with its problem codes, and ids as UUIDs', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body;
    type Op = {
      responses: Record<string, { description: string; content?: Record<string, unknown> }>;
      parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
    };
    const op = (path: string, method: string) => doc.paths[`/api/v1/log${path}`][method] as Op;
    const statuses = (o: Op) => Object.keys(o.responses).sort();
    const mentions = (o: Op, status: string, ...codes: string[]) =>
      expect({ status, codes: codes.filter((c) => o.responses[status]!.description.includes(c)) }).toEqual({
        status,
        codes,
      });

    const cosign = op('/cosignatures', 'post');
    expect(statuses(cosign)).toEqual(['200', '201', '400', '401', '403', '409', '413', '415', '500', '503']);
    mentions(cosign, '400', 'VALIDATION_FAILED', 'COSIGNATURE_INVALID');
    mentions(cosign, '403', 'WITNESS_KEY_UNKNOWN');
    mentions(cosign, '409', 'CHECKPOINT_UNKNOWN', 'CHECKPOINT_ROLLBACK', 'CHECKPOINT_INCONSISTENT');
    expect(Object.keys(cosign.responses['400']!.content!)).toEqual(['application/problem+json']);

    const register = op('/witnesses/{partyId}', 'put');
    expect(statuses(register)).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '500', '503']);
    mentions(register, '400', 'VALIDATION_FAILED');
    mentions(register, '404', 'NOT_FOUND');
    mentions(register, '409', 'WITNESS_KEY_TAKEN');
    mentions(register, '401', 'UNAUTHENTICATED', 'TOKEN_INVALID', 'API_KEY_INVALID');
    expect(register.parameters).toEqual([
      expect.objectContaining({
        name: 'partyId',
        in: 'path',
        schema: { type: 'string', format: 'uuid', minLength: 36, maxLength: 36 },
      }),
      { $ref: '#/components/parameters/X-Request-Id' },
    ]);

    for (const path of ['/proof/inclusion', '/proof/consistency', '/checkpoint']) {
      const proof = op(path, 'get');
      expect({ path, has400: '400' in proof.responses }).toEqual({ path, has400: true });
      mentions(proof, '400', 'VALIDATION_FAILED');
    }
    mentions(op('/checkpoint', 'get'), '404', 'CHECKPOINT_NOT_FOUND');
    // The documented minimum is the one the API applies (treeSize=0 is a 400 naming treeSize).
    expect(
      op('/proof/inclusion', 'get')
        .parameters!.filter((p) => p.in === 'query')
        .map((p) => [p.name, p.schema.minimum]),
    ).toEqual([
      ['index', 0],
      ['treeSize', 1],
    ]);
    // Ids elsewhere too.
    expect(doc.paths['/api/v1/commitments/{id}'].get.parameters[0].schema).toEqual({
      type: 'string',
      format: 'uuid',
      minLength: 36,
      maxLength: 36,
    });
  });

  it('serves the interactive docs page, which loads the served document', async () => {
    const res = await t.http().get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('<div id="swagger-ui"></div>');
    expect(res.text).toContain('swagger-ui-init.js');
    const init = await t.http().get('/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    // The page embeds the document it shows, the one /docs/openapi.json serves, and keeps the token.
    expect(init.text).toContain('"persistAuthorization": true');
    expect(init.text).toContain('"operationId": "createCommitment"');
    const json = await t.http().get('/docs/openapi.json');
    expect(json.headers['content-type']).toContain('application/json');
    expect(JSON.parse(json.text).info.title).toBe('Tansiq API');
  });

  describe('for a person', () => {
    type Op = { operationId: string; summary?: string; description?: string; tags?: string[] };
    type Param = { name: string; in: string; description?: string };
    let doc: {
      info: { description: string };
      tags?: { name: string; description?: string }[];
      paths: Record<string, Record<string, Op & { parameters?: Param[] }>>;
    };
    let ops: (Op & { parameters?: Param[]; route: string })[];
    beforeAll(async () => {
      doc = (await t.http().get('/docs/openapi.json')).body;
      ops = Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => ({ ...op, route: `${method.toUpperCase()} ${path}` })),
      );
    });

    it('gives every operation a unique camelCase operationId (Swagger UI deep links)', () => {
      expect(ops.length).toBe(85);
      const ids = ops.map((o) => o.operationId);
      expect(ids.filter((id) => !/^[a-z][a-zA-Z0-9]*$/.test(id))).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(doc.paths['/api/v1/committees/{committeeId}/commitments'].post.operationId).toBe('createCommitment');
      expect(doc.paths['/api/v1/commitments/{id}'].patch.operationId).toBe('updateCommitment');
      expect(doc.paths['/api/v1/parties'].get.operationId).toBe('listParties');
      expect(doc.paths['/api/v1/issue-areas/{id}'].delete.operationId).toBe('deleteIssueArea');
    });

    it('gives every operation a summary and a description, and every path parameter a description', () => {
      expect(ops.filter((o) => !o.summary?.trim() || !o.description?.trim()).map((o) => o.route)).toEqual([]);
      // A summary is a short line; the description says who may call it.
      expect(ops.filter((o) => o.summary!.length > 60 || o.summary!.includes('\n')).map((o) => o.route)).toEqual([]);
      const paramsWithout = ops.flatMap((o) =>
        (o.parameters ?? [])
          .filter((p) => p.in === 'path' && !p.description?.trim())
          .map((p) => `${o.route} ${p.name}`),
      );
      expect(paramsWithout).toEqual([]);
      expect(doc.paths['/api/v1/commitments/{id}'].get.parameters![0]!.description).toBe(
        "The commitment's id (`id` in GET /api/v1/committees/{committeeId}/commitments).",
      );
    });

    it('defines every tag an operation uses, with a description, and no tag no operation uses', () => {
      const defined = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description]));
      const used = new Set(ops.flatMap((o) => o.tags ?? []));
      expect([...used].filter((name) => !defined.get(name)?.trim())).toEqual([]);
      expect([...defined.keys()].sort()).toEqual([...used].sort());
      expect(defined.size).toBe(19);
    });

    it('opens with how to get a token, the demo logins and the conventions', () => {
      const intro = doc.info.description;
      for (const phrase of [
        'POST /api/v1/auth/login',
        '**Authorize**',
        'POST /api/v1/auth/refresh',
        'X-API-Key',
        'application/problem+json',
        'If-None-Match',
        'If-Match',
        '412 `VERSION_MISMATCH`',
        'Idempotency-Key',
        'rel="next"',
        '`-field` sorts descending',
        'X-RateLimit-Limit',
        '429',
        `the password \`${DEMO_PASSWORD}\``,
        ...DEMO_ACCOUNTS.map((a) => `| \`${a.email}\` | \`${a.role}\` |`),
      ]) {
        expect({ phrase, found: intro.includes(phrase) }).toEqual({ phrase, found: true });
      }
    });
  });

  it('matches the committed openapi.json (run npm run openapi after changing the API)', async () => {
    const committed = readFileSync('openapi.json', 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(await renderOpenApi()));
    const served = await t.http().get('/docs/openapi.json');
    expect(served.body).toEqual(JSON.parse(committed));
  });
});
