import type { Actor } from '../support/actors.js';
import type { RegistryFactory } from '../support/registry-factory.js';
import type { TestApp } from '../support/test-app.js';
import { expectRefusedDelete, referenceDataContract } from './reference-data-contract.js';

/** /parties: reference data (the shared contract), and which references keep a party from being deleted. */
describe('parties', () => {
  const suite = referenceDataContract('parties');
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;

  beforeAll(() => {
    ({ t, admin, f } = suite);
  });

  describe('deleting a referenced party is 409 naming what refers to it', () => {
    const refusedDelete = (path: string, id: string) => expectRefusedDelete(suite, path, id);

    it('a party used by an agency', async () => {
      const party = await f.party();
      await f.agency(party.id);
      const body = await refusedDelete('/api/v1/parties', party.id);
      expect(body.detail).toMatch(/agenc/i);
      expect(body.detail).not.toMatch(/people|committee/i);
      expect(body.references).toEqual({ agencies: 1 });
    });

    it('a party used by a person', async () => {
      const party = await f.party();
      await f.person(party.id);
      const body = await refusedDelete('/api/v1/parties', party.id);
      expect(body.detail).toMatch(/people/i);
      expect(body.detail).not.toMatch(/agenc|committee/i);
    });

    it('a party used by a committee', async () => {
      const [p1, p2] = [await f.party(), await f.party()];
      await f.committee([p1.id, p2.id]);
      for (const party of [p1, p2]) {
        const body = await refusedDelete('/api/v1/parties', party.id);
        expect(body.detail).toMatch(/committee/i);
        expect(body.detail).not.toMatch(/agenc|people/i);
      }
    });

    it('a party used by several kinds of records names each of them', async () => {
      const [p1, p2] = [await f.party(), await f.party()];
      await f.agency(p1.id);
      await f.agency(p1.id);
      await f.person(p1.id);
      await f.committee([p1.id, p2.id]);
      const body = await refusedDelete('/api/v1/parties', p1.id);
      expect(body.detail).toMatch(/2 agencies/);
      expect(body.detail).toMatch(/1 people/);
      expect(body.detail).toMatch(/1 committees/);
    });

    it('a deactivated record that is still referenced is still not deleted', async () => {
      const party = await f.party();
      await f.agency(party.id);
      const off = await t.http().patch(`/api/v1/parties/${party.id}`).set(admin.headers).send({ active: false });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      await refusedDelete('/api/v1/parties', party.id);
    });
  });
});
