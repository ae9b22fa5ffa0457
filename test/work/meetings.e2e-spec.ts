import { createUser, type Actor } from '../support/actors.js';
import { expectInvalid } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { jointCommittee } from '../support/work-fixtures.js';

/**
 * Meetings of a committee and the numbered decisions taken at them, recorded by the
 * committee's secretaries. (The whole story of a meeting, its decisions and the work derived
 * from them is seed-case.e2e-spec; who may call each route is the authorization matrix.)
 */
describe('meetings', () => {
  let t: TestApp;
  let admin: Actor;
  let committee: Ref;
  let secretary: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    ({ committee, secretary } = await jointCommittee(t, new RegistryFactory(t, admin)));
  });
  afterAll(() => t.close());

  describe('meeting times', () => {
    it('needs an offset on meeting times and refuses week dates', async () => {
      for (const startsAt of ['2025-10-31T10:00:00', '2025', '2025-W44', '2025-10-31T25:00:00+02:00']) {
        expectInvalid(
          await t
            .http()
            .post(`/api/v1/committees/${committee.id}/meetings`)
            .set(secretary.headers)
            .send({ startsAt, place: 'Beirut' }),
          'startsAt',
        );
      }
    });

    it('takes what clients send: any fraction of a second, lowercase t/z, date-only filters', async () => {
      for (const startsAt of [
        '2025-10-31T10:00:00.1234567+02:00',
        '2025-10-31t08:00:00.123456789z',
        '2025-10-31T10:00+02:00',
      ]) {
        const res = await t
          .http()
          .post(`/api/v1/committees/${committee.id}/meetings`)
          .set(secretary.headers)
          .send({ startsAt, place: 'Beirut' });
        expect(res.status).toBe(201);
        expect(res.body.startsAt).toMatch(/^2025-10-31T08:00:00/);
      }
      expect((await t.http().get(`/api/v1/committees?updatedSince=2025-10-01`).set(admin.headers)).status).toBe(200);
      expect(
        (
          await t
            .http()
            .get(`/api/v1/committees/${committee.id}/meetings?from=2025-10-01&to=2025-11-01`)
            .set(secretary.headers)
        ).body.items.length,
      ).toBeGreaterThanOrEqual(3);
    });
  });

  describe('the committee list', () => {
    it('refuses the malformed query /api/v1/committees/:c/meetings?from=2025-123', async () => {
      expectInvalid(
        await t.http().get(`/api/v1/committees/${committee.id}/meetings?from=2025-123`).set(secretary.headers),
        'from',
      );
    });
  });
});
