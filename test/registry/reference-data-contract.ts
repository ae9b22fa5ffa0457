import { randomBytes } from 'node:crypto';
import { createApiClient, createUser, type Actor } from '../support/actors.js';
import { expectProblem } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { errorFields, ids, uniqueWord } from '../support/helpers.js';

/*
 * Parties, agencies and issue areas are reference data: they keep one contract, written once
 * here and run by each kind's test file (parties, agencies, issue-areas .e2e-spec.ts) for its
 * own kind, next to the rules that are the kind's alone.
 */

export const hex = () => randomBytes(3).toString('hex').toUpperCase();

export type KindName = 'parties' | 'agencies' | 'issue areas';

interface Kind {
  name: KindName;
  path: string;
  /** A valid create body with a fresh code. */
  body(): Record<string, unknown>;
  /** Creates one through the API (as admin). */
  make(extra?: object): Promise<Ref>;
}

/** The fixture of a reference-data test file, filled in its beforeAll. */
export interface ReferenceDataSuite {
  t: TestApp;
  admin: Actor;
  f: RegistryFactory;
}

/**
 * Registers, in the calling describe block, an app on a database of its own (beforeAll and
 * afterAll) and the shared contract for `name`; returns the fixture for the kind's own tests.
 */
export function referenceDataContract(name: KindName): ReferenceDataSuite {
  const suite = {} as ReferenceDataSuite;
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  /** The party the agencies of the shared suite belong to. */
  let home: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    home = await f.party();
    Object.assign(suite, { t, admin, f });
  });
  afterAll(() => t.close());

  const KINDS: Kind[] = [
    {
      name: 'parties',
      path: '/api/v1/parties',
      body: () => {
        const code = `P${hex()}`;
        return { code, nameEn: `Party ${code}`, nameAr: `طرف ${code}` };
      },
      make: (extra) => f.party(extra),
    },
    {
      name: 'agencies',
      path: '/api/v1/agencies',
      body: () => {
        const code = `AG${hex()}`;
        return { partyId: home.id, code, nameEn: `Agency ${code}`, nameAr: `جهاز ${code}` };
      },
      make: (extra) => f.agency(home.id, extra),
    },
    {
      name: 'issue areas',
      path: '/api/v1/issue-areas',
      body: () => {
        const code = `area_${hex().toLowerCase()}`;
        return { code, nameEn: `Area ${code}`, nameAr: `مجال ${code}`, description: 'What it covers' };
      },
      make: (extra) => f.issueArea(extra),
    },
  ];

  /** The fields of each kind's response schema, sorted. */
  const FIELDS: Record<string, string[]> = {
    parties: ['active', 'code', 'createdAt', 'id', 'nameAr', 'nameEn', 'updatedAt', 'version'],
    agencies: ['active', 'code', 'createdAt', 'id', 'nameAr', 'nameEn', 'partyId', 'updatedAt', 'version'],
    'issue areas': ['active', 'code', 'createdAt', 'description', 'id', 'nameAr', 'nameEn', 'updatedAt', 'version'],
  };
  /** The detail of each kind's 409 for a taken code. */
  const TAKEN: Record<string, (code: string) => string> = {
    parties: (code) => `A party with the code ${code} already exists.`,
    agencies: (code) => `The party already has an agency with the code ${code}.`,
    'issue areas': (code) => `An issue area with the code ${code} already exists.`,
  };

  describe.each(KINDS.filter((kind) => kind.name === name))('the reference-data contract', (kind) => {
    const get = (id: string) => t.http().get(`${kind.path}/${id}`).set(admin.headers);
    const list = (query: Record<string, string | number | boolean>) =>
      t.http().get(kind.path).query(query).set(admin.headers);

    it('creates (201) and serves the record with a strong ETag of its representation; If-None-Match gives 304', async () => {
      const body = kind.body();
      const created = await t.http().post(kind.path).set(admin.headers).send(body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...body, id: expect.any(String), active: true, version: 1 });

      const read = await get(created.body.id);
      expect(read.status).toBe(200);
      expect(read.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      expect(read.body).toEqual(created.body);

      const cached = await get(created.body.id).set('if-none-match', read.headers.etag!);
      expect(cached.status).toBe(304);
      expect(cached.text ?? '').toBe('');
      const stale = await get(created.body.id).set('if-none-match', '"99"');
      expect(stale.status).toBe(200);

      expectProblem(await get('00000000-0000-4000-8000-000000000000'), 404);
    });

    it('filters the list by q, active and updatedSince', async () => {
      const word = uniqueWord();
      const a = await kind.make({ nameEn: `Alpha ${word}` });
      const b = await kind.make({ nameEn: `Beta ${word}`, active: false });
      const c = await kind.make();

      const byWord = await list({ q: word, limit: 200 });
      expect(byWord.status).toBe(200);
      expect(ids(byWord).sort()).toEqual([a.id, b.id].sort());
      expect(ids(await list({ q: word, active: true }))).toEqual([a.id]);
      expect(ids(await list({ q: word, active: false }))).toEqual([b.id]);
      const inactive = await list({ active: false, limit: 200 });
      expect(ids(inactive)).toContain(b.id);
      expect(ids(inactive)).not.toContain(a.id);
      expect((inactive.body.items as { active: boolean }[]).every((i) => i.active === false)).toBe(true);

      const since = await list({ updatedSince: b.updatedAt as string, limit: 200 });
      expect(ids(since)).toEqual(expect.arrayContaining([b.id, c.id]));
      expect(ids(since)).not.toContain(a.id);
      // A change moves the record into the changed-since window.
      const touched = await t.http().patch(`${kind.path}/${a.id}`).set(admin.headers).send({ nameAr: 'معدل' });
      expect(touched.status).toBe(200);
      expect(ids(await list({ updatedSince: b.updatedAt as string, limit: 200 }))).toContain(a.id);

      const badSince = await list({ updatedSince: 'yesterday' });
      expectProblem(badSince, 400);
      expect(errorFields(badSince)).toContain('updatedSince');
    });

    it('sorts by a whitelisted field, descending with -, and refuses another field (400 naming sort)', async () => {
      const word = uniqueWord();
      const made = [
        await kind.make({ nameEn: `Charlie ${word}` }),
        await kind.make({ nameEn: `Alpha ${word}` }),
        await kind.make({ nameEn: `Bravo ${word}` }),
      ];
      const names = async (sort: string) =>
        ((await list({ q: word, sort })).body.items as { nameEn: string }[]).map((i) => i.nameEn.split(' ')[0]);
      expect(await names('nameEn')).toEqual(['Alpha', 'Bravo', 'Charlie']);
      expect(await names('-nameEn')).toEqual(['Charlie', 'Bravo', 'Alpha']);
      expect(await names('createdAt')).toEqual(['Charlie', 'Alpha', 'Bravo']);
      expect(await names('-createdAt')).toEqual(['Bravo', 'Alpha', 'Charlie']);

      const codes = made.map((m) => m.code as string).sort();
      const byCode = await list({ q: word, sort: 'code' });
      expect((byCode.body.items as { code: string }[]).map((i) => i.code)).toEqual(codes);
      const byCodeDesc = await list({ q: word, sort: '-code' });
      expect((byCodeDesc.body.items as { code: string }[]).map((i) => i.code)).toEqual([...codes].reverse());

      for (const sort of ['active', '-version', 'name_en']) {
        const bad = await list({ sort });
        expectProblem(bad, 400);
        expect(errorFields(bad)).toEqual(['sort']);
      }
    });

    it('walks every page with the cursor (and the Link header) without duplicates', async () => {
      const word = uniqueWord();
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push((await kind.make({ nameEn: `Paged ${i} ${word}` })).id);

      const seen: string[] = [];
      let res = await list({ q: word, limit: 2 });
      let pages = 1;
      for (;;) {
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...ids(res));
        if (res.body.nextCursor === null) {
          expect(res.headers.link).toBeUndefined();
          break;
        }
        expect(res.body.items).toHaveLength(2);
        const link = /^<([^>]+)>; rel="next"$/.exec(res.headers.link ?? '');
        expect(link).not.toBeNull();
        expect(new URL(link![1]!, 'http://x').searchParams.get('cursor')).toBe(res.body.nextCursor);
        res = await t.http().get(link![1]!).set(admin.headers);
        pages++;
        expect(pages).toBeLessThanOrEqual(3);
      }
      expect(pages).toBe(3);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
      expect([...seen].sort()).toEqual([...made].sort());

      const bogus = await list({ q: word, cursor: 'not-a-cursor' });
      expectProblem(bogus, 400);
      expect(errorFields(bogus)).toEqual(['cursor']);
    });

    it('updates with the current If-Match (200, version + 1) and refuses a stale one (412 with the current ETag)', async () => {
      const record = await kind.make();
      const { etag } = (await get(record.id)).headers as { etag: string };
      const ok = await t
        .http()
        .patch(`${kind.path}/${record.id}`)
        .set(admin.headers)
        .set('if-match', etag)
        .send({ nameEn: 'Renamed' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ id: record.id, nameEn: 'Renamed', version: (record.version as number) + 1 });
      // The PATCH answers with the representation a GET then serves, updatedAt included.
      const reread = await get(record.id);
      expect(ok.body).toEqual(reread.body);
      expect(ok.headers.etag).toBe(reread.headers.etag);
      expect(ok.headers.etag).not.toBe(etag);

      const stale = await t
        .http()
        .patch(`${kind.path}/${record.id}`)
        .set(admin.headers)
        .set('if-match', etag)
        .send({ nameEn: 'Lost update' });
      expectProblem(stale, 412);
      expect(stale.headers.etag).toBe(ok.headers.etag);
      const now = await get(record.id);
      expect(now.body).toMatchObject({ nameEn: 'Renamed', version: ok.body.version });
    });

    it('refuses a duplicate code with 409, on create and on update', async () => {
      const first = await kind.make();
      const again = await t
        .http()
        .post(kind.path)
        .set(admin.headers)
        .send({ ...kind.body(), code: first.code });
      expectProblem(again, 409);
      expect(errorFields(again)).toEqual(['code']);
      expect(again.body.detail).toBe(TAKEN[kind.name]!(first.code as string));

      const second = await kind.make();
      const renamed = await t.http().patch(`${kind.path}/${second.id}`).set(admin.headers).send({ code: first.code });
      expectProblem(renamed, 409);
      expect(renamed.body.detail).toBe(TAKEN[kind.name]!(first.code as string));
      expect((await get(second.id)).body.code).toBe(second.code);
    });

    it('serves exactly the fields of its response schema, when read and when listed', async () => {
      const record = await kind.make();
      expect(Object.keys((await get(record.id)).body).sort()).toEqual(FIELDS[kind.name]);
      const listed = await list({ q: record.code as string });
      expect(Object.keys(listed.body.items[0]).sort()).toEqual(FIELDS[kind.name]);
    });

    it('names the values sort accepts when it refuses another (400)', async () => {
      const bad = await list({ sort: 'name_en' });
      expectProblem(bad, 400);
      expect(bad.body.errors).toEqual([
        {
          field: 'sort',
          message: 'must be one of code, -code, nameEn, -nameEn, createdAt, -createdAt, updatedAt, -updatedAt',
        },
      ]);
    });

    it('rejects unknown fields with 400 naming them', async () => {
      const created = await t
        .http()
        .post(kind.path)
        .set(admin.headers)
        .send({ ...kind.body(), colour: 'red' });
      expectProblem(created, 400);
      expect(errorFields(created)).toEqual(['colour']);

      const record = await kind.make();
      const patched = await t.http().patch(`${kind.path}/${record.id}`).set(admin.headers).send({ colour: 'red' });
      expectProblem(patched, 400);
      expect(errorFields(patched)).toEqual(['colour']);
    });

    it('deletes an unreferenced record (204), after which it is gone', async () => {
      const record = await kind.make();
      const res = await t.http().delete(`${kind.path}/${record.id}`).set(admin.headers);
      expect(res.status).toBe(204);
      expectProblem(await get(record.id), 404);
      expectProblem(await t.http().delete(`${kind.path}/${record.id}`).set(admin.headers), 404);
    });

    it('lets every role and API clients read, and only admins write (403)', async () => {
      const record = await kind.make();
      const callers = [
        await createUser(t, 'secretary'),
        await createUser(t, 'liaison_officer'),
        await createUser(t, 'analyst'),
        await createApiClient(t),
      ];
      for (const caller of callers) {
        expect((await t.http().get(kind.path).set(caller.headers)).status).toBe(200);
        expect((await t.http().get(`${kind.path}/${record.id}`).set(caller.headers)).status).toBe(200);
        expectProblem(await t.http().post(kind.path).set(caller.headers).send(kind.body()), 403);
        expectProblem(
          await t.http().patch(`${kind.path}/${record.id}`).set(caller.headers).send({ nameEn: 'Hijacked' }),
          403,
        );
        expectProblem(await t.http().delete(`${kind.path}/${record.id}`).set(caller.headers), 403);
      }
      expect((await get(record.id)).body).toMatchObject({ nameEn: record.nameEn, version: record.version });
    });
  });

  return suite;
}

/**
 * Deleting a referenced record is 409 naming what refers to it (and the record stays): asserts
 * that and returns the problem's body.
 */
export async function expectRefusedDelete(
  suite: ReferenceDataSuite,
  path: string,
  id: string,
): Promise<{ detail: string; references?: Record<string, number> }> {
  const { t, admin } = suite;
  const res = await t.http().delete(`${path}/${id}`).set(admin.headers);
  expectProblem(res, 409);
  expect((await t.http().get(`${path}/${id}`).set(admin.headers)).status).toBe(200);
  return res.body as { detail: string; references?: Record<string, number> };
}
