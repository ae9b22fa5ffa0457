import { createUser, TEST_PASSWORD, type Actor } from '../support/actors.js';
import { expectInvalid, expectProblem } from '../support/problems.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The bounds the OpenAPI document states (issue 11: `npm run lint:api`) hold for what is
 * served: a response field states the limit of the request field that fills it, served
 * tokens and tags have the lengths stated, and the caps the server sets on its own output
 * (problem documents, cursors) and on headers are enforced.
 */
describe('API bounds', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let doc: {
    components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    doc = (await t.http().get('/docs/openapi.json')).body;
  });
  afterAll(() => t.close());

  const property = (schema: string, name: string) => doc.components.schemas[schema]!.properties[name];

  it('states the same limits on a field as written and as read', () => {
    expect(property('CreatePartyDto', 'code')).toMatchObject({ minLength: 2, maxLength: 10 });
    expect(property('PartyResponseDto', 'code')).toMatchObject({ type: 'string', minLength: 2, maxLength: 10 });
    expect(property('CreateAgencyDto', 'nameEn')).toMatchObject({ minLength: 1, maxLength: 300 });
    expect(property('AgencyResponseDto', 'nameEn')).toMatchObject({ type: 'string', maxLength: 300 });
    expect(property('CreateCommitteeDto', 'timeZone')).toMatchObject({ maxLength: 64 });
    expect(property('CommitteeResponseDto', 'timeZone')).toMatchObject({ maxLength: 64 });
    expect(property('CommitteeResponseDto', 'parties')).toMatchObject({ maxItems: 20 });
    expect(property('CreatePersonDto', 'phone')).toMatchObject({ minLength: 5, maxLength: 31 });
    expect(property('PersonResponseDto', 'phone')).toMatchObject({ minLength: 5, maxLength: 31 });
  });

  it('documents versions, progress and log positions as bounded integers', () => {
    const version = { type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647 };
    expect(property('PartyResponseDto', 'version')).toEqual(version);
    expect(property('CommitmentResponseDto', 'version')).toEqual(version);
    expect(property('CommitmentResponseDto', 'progress')).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 100,
    });
    expect(property('InclusionProofDto', 'index')).toEqual({
      type: 'integer',
      format: 'int64',
      minimum: 0,
      maximum: 9007199254740991,
    });
    expect(property('AgencyPageDto', 'items')).toMatchObject({ maxItems: 200 });
    expect(property('AgencyPageDto', 'nextCursor')).toMatchObject({ maxLength: 4096 });
  });

  it('gives every integer of the document (fields and parameters) a format its bounds fit in', () => {
    // A client generated from the document stores an int32 in 32 bits: a tree size typed int32
    // with a maximum of 2^53 − 1 would overflow there at 2^31.
    const misfits: string[] = [];
    const integers: Record<string, unknown> = {};
    const walk = (node: unknown, at: string) => {
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if ([schema.type].flat().includes('integer')) {
        const { format, minimum, maximum } = schema as { format?: string; minimum?: number; maximum?: number };
        const fits =
          format === 'int32'
            ? minimum !== undefined && maximum !== undefined && minimum >= -(2 ** 31) && maximum <= 2 ** 31 - 1
            : format === 'int64' && maximum !== undefined && maximum <= Number.MAX_SAFE_INTEGER;
        if (!fits) misfits.push(`${at}: ${JSON.stringify({ format, minimum, maximum })}`);
        integers[at] = format;
      }
      for (const [key, child] of Object.entries(schema)) walk(child, `${at}/${key}`);
    };
    walk((doc as unknown as { paths: unknown }).paths, '#/paths');
    walk(doc.components, '#/components');
    expect(misfits).toEqual([]);
    expect(Object.keys(integers).length).toBeGreaterThan(50);
    const query = (path: string, name: string) =>
      (
        doc as unknown as {
          paths: Record<string, { get: { parameters: { name: string; schema?: object }[] } }>;
        }
      ).paths[path]!.get.parameters.find((p) => p.name === name)!.schema;
    const treeSize = { type: 'integer', format: 'int64', minimum: 1, maximum: 9007199254740991 };
    expect(query('/api/v1/log/proof/inclusion', 'treeSize')).toEqual(treeSize);
    expect(query('/api/v1/log/proof/consistency', 'to')).toEqual({ ...treeSize, minimum: 0 });
    expect(query('/api/v1/log/checkpoint', 'treeSize')).toEqual({ ...treeSize, minimum: 0 });
    expect(query('/api/v1/parties', 'limit')).toEqual({
      type: 'integer',
      format: 'int32',
      minimum: 1,
      maximum: 200,
      default: 50,
    });
  });

  it('serves tokens and ETags of the lengths it documents', async () => {
    expect(property('TokenPairDto', 'refreshToken')).toMatchObject({ minLength: 43, maxLength: 43 });
    const login = await t.http().post('/api/v1/auth/login').send({ email: admin.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.refreshToken).toHaveLength(43);
    expect(login.body.accessToken.length).toBeLessThanOrEqual(1024);

    const party = await f.party();
    const res = await t.http().get(`/api/v1/parties/${party.id}`).set(admin.headers);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });

  it('serves the log key as text within its documented length', async () => {
    const res = await t.http().get('/api/v1/log/key').set('accept', 'text/plain');
    expect(res.status).toBe(200);
    expect(res.text.length).toBeLessThanOrEqual(255);
  });

  it('issues a cursor after the longest name it sorts by, and takes it back', async () => {
    const owner = await f.party();
    // 300 characters outside the BMP: 1,200 bytes of UTF-8 in the cursor (over 1,000 encoded).
    for (const tail of ['a', 'b']) {
      await f.agency(owner.id, { nameEn: `${'😀'.repeat(299)}${tail}` });
    }
    const first = await t.http().get(`/api/v1/agencies?partyId=${owner.id}&sort=nameEn&limit=1`).set(admin.headers);
    expect(first.status).toBe(200);
    const cursor = first.body.nextCursor as string;
    expect(cursor.length).toBeGreaterThan(1000);
    expect(cursor.length).toBeLessThanOrEqual(4096);
    const second = await t
      .http()
      .get(`/api/v1/agencies?partyId=${owner.id}&sort=nameEn&limit=1&cursor=${cursor}`)
      .set(admin.headers);
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(1);
  });

  it('refuses a cursor longer than 4096 characters, naming it', async () => {
    const res = await t
      .http()
      .get(`/api/v1/parties?cursor=${'a'.repeat(4097)}`)
      .set(admin.headers);
    expectInvalid(res, 'cursor');
  });

  it('refuses an If-Match longer than 1024 characters, naming it', async () => {
    const party = await f.party();
    const tags = Array.from({ length: 60 }, () => '"AAAAAAAAAAAAAAAAAAAAAA"').join(', ');
    expect(tags.length).toBeGreaterThan(1024);
    const res = await t
      .http()
      .patch(`/api/v1/parties/${party.id}`)
      .set(admin.headers)
      .set('if-match', tags)
      .send({ nameEn: 'Renamed' });
    expect(expectInvalid(res, 'If-Match').errors).toEqual([
      { field: 'If-Match', message: 'must be at most 1024 characters' },
    ]);
  });

  it('refuses a time zone longer than 64 characters, naming it', async () => {
    const [a, b] = [await f.party(), await f.party()];
    const res = await t
      .http()
      .post('/api/v1/committees')
      .set(admin.headers)
      .send({ code: 'TZ-LONG', nameEn: 'x', nameAr: 'x', partyIds: [a.id, b.id], timeZone: `Asia/${'x'.repeat(60)}` });
    expectInvalid(res, 'timeZone');
  });

  it('lists at most 100 field errors in a problem document', async () => {
    const body: Record<string, string> = { code: 'ZZ', nameEn: 'x', nameAr: 'x' };
    for (let i = 0; i < 150; i++) body[`unknown${i}`] = 'x';
    const res = await t.http().post('/api/v1/parties').set(admin.headers).send(body);
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toHaveLength(100);
    expect(problem.errors![0]).toEqual({ field: 'unknown0', message: 'is not a known field' });
  });
});
