import type { Actor } from '../support/actors.js';
import { expectProblem } from '../support/problems.js';
import { errorFields, ids } from '../support/helpers.js';
import type { RegistryFactory } from '../support/registry-factory.js';
import type { TestApp } from '../support/test-app.js';
import { expectRefusedDelete, hex, referenceDataContract } from './reference-data-contract.js';

/** /agencies: reference data (the shared contract), each agency within one party. */
describe('agencies', () => {
  const suite = referenceDataContract('agencies');
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;

  beforeAll(() => {
    ({ t, admin, f } = suite);
  });

  describe('an agency belongs to one party', () => {
    it('filters by partyId', async () => {
      const [p1, p2] = [await f.party(), await f.party()];
      const a1 = await f.agency(p1.id);
      const a2 = await f.agency(p1.id);
      const b1 = await f.agency(p2.id);
      const one = await t.http().get('/api/v1/agencies').query({ partyId: p1.id }).set(admin.headers);
      expect(one.status).toBe(200);
      expect(ids(one).sort()).toEqual([a1.id, a2.id].sort());
      const two = await t.http().get('/api/v1/agencies').query({ partyId: p2.id }).set(admin.headers);
      expect(ids(two)).toEqual([b1.id]);
      const bad = await t.http().get('/api/v1/agencies').query({ partyId: 'nope' }).set(admin.headers);
      expectProblem(bad, 400);
      expect(errorFields(bad)).toEqual(['partyId']);
    });

    it('allows the same code in another party, and does not move an agency to another party', async () => {
      const [p1, p2] = [await f.party(), await f.party()];
      const a = await f.agency(p1.id);
      const sameCode = await t
        .http()
        .post('/api/v1/agencies')
        .set(admin.headers)
        .send({ partyId: p2.id, code: a.code, nameEn: 'Twin', nameAr: 'توأم' });
      expect(sameCode.status).toBe(201);
      const move = await t.http().patch(`/api/v1/agencies/${a.id}`).set(admin.headers).send({ partyId: p2.id });
      expectProblem(move, 400);
      expect(errorFields(move)).toEqual(['partyId']);
    });

    it('refuses an unknown party (400 naming partyId)', async () => {
      const res = await t
        .http()
        .post('/api/v1/agencies')
        .set(admin.headers)
        .send({
          partyId: '00000000-0000-4000-8000-000000000000',
          code: `AG${hex()}`,
          nameEn: 'Orphan',
          nameAr: 'يتيم',
        });
      expectProblem(res, 400);
      expect(errorFields(res)).toEqual(['partyId']);
    });
  });

  describe('deleting a referenced agency is 409 naming what refers to it', () => {
    it('an agency used by a person', async () => {
      const party = await f.party();
      const agency = await f.agency(party.id);
      await f.person(party.id, { agencyId: agency.id });
      const body = await expectRefusedDelete(suite, '/api/v1/agencies', agency.id);
      expect(body.detail).toMatch(/people/i);
    });
  });
});
