import type { RegistryFactory } from '../support/registry-factory.js';
import { expectRefusedDelete, referenceDataContract } from './reference-data-contract.js';

/** /issue-areas: reference data (the shared contract) that committees refer to. */
describe('issue areas', () => {
  const suite = referenceDataContract('issue areas');
  let f: RegistryFactory;

  beforeAll(() => {
    ({ f } = suite);
  });

  describe('deleting a referenced issue area is 409 naming what refers to it', () => {
    it('an issue area used by a committee', async () => {
      const area = await f.issueArea();
      await f.committee([(await f.party()).id, (await f.party()).id], { issueAreaIds: [area.id] });
      const body = await expectRefusedDelete(suite, '/api/v1/issue-areas', area.id);
      expect(body.detail).toMatch(/committee/i);
    });
  });
});
