import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { countStatements, type StatementCounter } from '../support/statements.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { WorkFactory } from '../support/work-factory.js';

/**
 * The statements of the hottest writes, counted at the driver (`support/statements.ts`),
 * BEGIN/COMMIT and the audit trail's statements included, as measured now. They are ceilings
 * meant to go DOWN ONLY: the performance work lowers them, and whoever lowers one writes the
 * new number here in the same change; never raise one to make a test pass (find the statement
 * that came back instead). Each test asserts its number exactly, so a lowered count is noticed.
 */
const WRITE_STATEMENTS = {
  /**
   * POST /commitments/{id}/updates with a progress figure, by the owner side's secretary: the
   * caller, the commitment (no lock: the checks), one statement locking it again, writing the
   * progress, the entry and both audit events (a data-modifying WITH, atomic on its own). 5
   * when the read took the row lock inside BEGIN … COMMIT; 8 before the one statement.
   */
  progressUpdate: 3,
  /**
   * PATCH /commitments/{id} with If-Match (title and progress), by the owner side's secretary.
   * 9 since the ETag is the tag of the representation, not the version: If-Match reads the
   * commitment as GET shows it, under the row lock (one statement), to compare (issue 11).
   * 8 since the UPDATE and its audit event are one statement (`saveChanges`).
   */
  commitmentPatch: 8,
  /** POST /committees/{id}/commitments with a progress figure. */
  commitmentCreate: 9,
  /** POST /assignments/{id}/acknowledgement by an assignee. */
  assignmentAcknowledge: 7,
  /**
   * POST /assignments/{id}/transitions (open → in_progress) by an assignee: 7 since the UPDATE
   * and its audit event are one statement, and so are the timeline entry and its (9 before).
   */
  assignmentTransition: 7,
} as const;

/**
 * What a request costs in SQL statements. The caller's seats are resolved once per request
 * and every record-level decision of that request reuses them; a create reads its committee
 * once (access check and dissolved check together, under the share lock).
 */
describe('SQL statements per request', () => {
  let t: TestApp;
  let committee: Ref;
  let lb: Ref;
  let work: WorkFactory;
  let cochairSY: Actor;
  let liaison: Actor;
  let liaisonPerson: Ref;
  let counter: StatementCounter;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await createUser(t, 'admin');
    const f = new RegistryFactory(t, admin);
    lb = await f.party();
    const sy = await f.party();
    committee = await f.committee([lb.id, sy.id]);
    work = new WorkFactory(t, await createUser(t, 'secretary'), f);
    await work.seatSecretary(committee.id, lb.id);
    const cochairPerson = await f.person(sy.id);
    await f.member(committee.id, cochairPerson.id, 'co_chair');
    cochairSY = await createUser(t, 'secretary', { personId: cochairPerson.id });
    liaisonPerson = await f.person(sy.id);
    await f.member(committee.id, liaisonPerson.id, 'liaison_officer');
    liaison = await createUser(t, 'liaison_officer', { personId: liaisonPerson.id });
    // Every statement the app's pool sends, counted at the driver.
    counter = countStatements(t);
  });
  afterAll(async () => {
    counter.close();
    await t.close();
  });

  const recorded = <T>(send: () => Promise<T>) => counter.during(send);

  /** Reads of the caller's own seats (other membership reads, e.g. checking assignees, are data checks). */
  const membershipReads = (sql: string[]) =>
    sql.filter((s) => /FROM memberships m JOIN committees sc ON sc\.id = m\.committee_id/.test(s));
  const committeeRowReads = (sql: string[]) => sql.filter((s) => /FROM committees WHERE id = \$1/.test(s));

  it('a commitment create reads the committee row once and the caller’s seats again under its lock', async () => {
    const { result, sql } = await recorded(() =>
      t
        .http()
        .post(`/api/v1/committees/${committee.id}/commitments`)
        .set(work.secretary.headers)
        .send({ title: 'Hand over the lists', ownerPartyId: lb.id, dueOn: '2030-01-01', progress: 10 }),
    );
    expect(result.status).toBe(201);
    // With the account, then under the committee's share lock (a seat ended meanwhile counts).
    expect(membershipReads(sql)).toHaveLength(2);
    expect(committeeRowReads(sql)).toHaveLength(1);
    expect(committeeRowReads(sql)[0]).toMatch(/FOR SHARE/);
  });

  it('a commitment PATCH with progress reads the caller’s seats once', async () => {
    const commitment = await work.commitment(committee.id, lb.id);
    const { etag } = (await t.http().get(`/api/v1/commitments/${commitment.id}`).set(work.secretary.headers)).headers;
    const { result, sql } = await recorded(() =>
      t
        .http()
        .patch(`/api/v1/commitments/${commitment.id}`)
        .set(work.secretary.headers)
        .set('if-match', etag as string)
        .send({ progress: 40 }),
    );
    expect(result.status).toBe(200);
    expect(result.body.progress).toBe(40);
    expect(membershipReads(sql)).toHaveLength(1);
  });

  it('a commitment transition reads the caller’s seats once, for both sides', async () => {
    const commitment = await work.commitment(committee.id, lb.id);
    const move = (actor: Actor, to: string) =>
      recorded(() => t.http().post(`/api/v1/commitments/${commitment.id}/transitions`).set(actor.headers).send({ to }));
    for (const [actor, to] of [
      [work.secretary, 'in_progress'],
      [work.secretary, 'fulfilment_claimed'],
      [cochairSY, 'fulfilled'],
    ] as const) {
      const { result, sql } = await move(actor, to);
      expect(result.status).toBe(200);
      expect(result.body.status).toBe(to);
      expect(membershipReads(sql)).toHaveLength(1);
    }
  });

  it('an assignment create reads the caller’s seats again under the committee lock, its transitions once', async () => {
    const created = await recorded(() =>
      t
        .http()
        .post(`/api/v1/committees/${committee.id}/assignments`)
        .set(work.secretary.headers)
        .send({ title: 'Patrol', assigneeIds: [liaisonPerson.id] }),
    );
    expect(created.result.status).toBe(201);
    expect(membershipReads(created.sql)).toHaveLength(2);
    expect(committeeRowReads(created.sql)).toHaveLength(1);
    for (const [actor, to] of [
      [liaison, 'in_progress'],
      [liaison, 'done'],
      [work.secretary, 'in_progress'],
    ] as const) {
      const { result, sql } = await recorded(() =>
        t.http().post(`/api/v1/assignments/${created.result.body.id}/transitions`).set(actor.headers).send({ to }),
      );
      expect(result.status).toBe(200);
      expect(result.body.status).toBe(to);
      expect(membershipReads(sql)).toHaveLength(1);
    }
  });

  describe('the hottest writes cost exactly WRITE_STATEMENTS', () => {
    it('POST /commitments/{id}/updates with progress', async () => {
      const commitment = await work.commitment(committee.id, lb.id);
      const { result, sql } = await recorded(() =>
        t
          .http()
          .post(`/api/v1/commitments/${commitment.id}/updates`)
          .set(work.secretary.headers)
          .send({ body: 'Half the lists handed over', progress: 50 }),
      );
      expect(result.status).toBe(201);
      expect(result.body.progress).toBe(50);
      expect(sql).toHaveLength(WRITE_STATEMENTS.progressUpdate);
    });

    it('PATCH /commitments/{id} with If-Match', async () => {
      const commitment = await work.commitment(committee.id, lb.id);
      const { etag } = (await t.http().get(`/api/v1/commitments/${commitment.id}`).set(work.secretary.headers)).headers;
      const { result, sql } = await recorded(() =>
        t
          .http()
          .patch(`/api/v1/commitments/${commitment.id}`)
          .set(work.secretary.headers)
          .set('if-match', etag as string)
          .send({ title: 'Hand over the full lists', progress: 40 }),
      );
      expect(result.status).toBe(200);
      expect(result.body.version).toBe(2);
      expect(sql).toHaveLength(WRITE_STATEMENTS.commitmentPatch);
    });

    it('POST /committees/{id}/commitments', async () => {
      const { result, sql } = await recorded(() =>
        t
          .http()
          .post(`/api/v1/committees/${committee.id}/commitments`)
          .set(work.secretary.headers)
          .send({ title: 'Hand over the lists', ownerPartyId: lb.id, dueOn: '2030-01-01', progress: 10 }),
      );
      expect(result.status).toBe(201);
      expect(sql).toHaveLength(WRITE_STATEMENTS.commitmentCreate);
    });

    it('POST /assignments/{id}/acknowledgement and /transitions by the assignee', async () => {
      const assignment = await work.assignment(committee.id, [liaisonPerson.id]);
      const ack = await recorded(() =>
        t.http().post(`/api/v1/assignments/${assignment.id}/acknowledgement`).set(liaison.headers),
      );
      expect(ack.result.status).toBe(200);
      expect(ack.result.body.assignees[0].acknowledgedAt).not.toBeNull();
      expect(ack.sql).toHaveLength(WRITE_STATEMENTS.assignmentAcknowledge);
      const move = await recorded(() =>
        t
          .http()
          .post(`/api/v1/assignments/${assignment.id}/transitions`)
          .set(liaison.headers)
          .send({ to: 'in_progress' }),
      );
      expect(move.result.status).toBe(200);
      expect(move.result.body.status).toBe('in_progress');
      expect(move.sql).toHaveLength(WRITE_STATEMENTS.assignmentTransition);
    });
  });
});
