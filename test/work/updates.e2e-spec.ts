import { createUser } from '../support/actors.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

/**
 * Updates: the append-only timeline of an assignment or a commitment, one entry per comment,
 * progress report or transition. (That the database refuses to change or delete them is in
 * audit.e2e-spec, with the audit trail.)
 */
describe('updates', () => {
  let t: TestApp;
  let jc: JointCommittee;

  beforeAll(async () => {
    t = await createTestApp();
    jc = await jointCommittee(t, new RegistryFactory(t, await createUser(t, 'admin')));
  });
  afterAll(() => t.close());

  describe('transitions', () => {
    it('writes one update entry per transition, and none for a refused move', async () => {
      const { committee, lb, secretary: secretaryLB } = jc;
      const created = await t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(secretaryLB.headers)
        .send({ title: 'y', ownerPartyId: lb.id });
      const id = created.body.id as string;
      await t.http().post(`/api/v1/commitments/${id}/transitions`).set(secretaryLB.headers).send({ to: 'in_progress' });
      await t.http().post(`/api/v1/commitments/${id}/transitions`).set(secretaryLB.headers).send({ to: 'fulfilled' });
      const rows = await sql<{ to_status: string }>(
        t.db.url,
        `SELECT to_status FROM updates WHERE commitment_id = $1`,
        [id],
      );
      expect(rows).toEqual([{ to_status: 'in_progress' }]);
    });
  });
});
