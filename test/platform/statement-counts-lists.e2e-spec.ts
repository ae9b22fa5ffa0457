import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { ApiClientsService } from '../../src/identity/api-clients/api-clients.service.js';
import { genericPlans } from '../../src/platform/database/generic-plans.js';
import { createApiClient, createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { countStatements, type StatementCounter } from '../support/statements.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

/**
 * No N+1: every list endpoint costs the same number of SQL statements for a page of 1 as for
 * a page of 50, whatever the items carry (assignees, attendees, decisions and what cites
 * them, parties, issue areas, contact rules). Each case fills a page of 50 with everything
 * the page renders, then counts the statements of `limit=1` and `limit=50` at the driver
 * (`support/statements.ts`): both must be the number below, written out.
 *
 * What they are: 1 authenticates the caller (the user with their session and their seats, or
 * the API key); +1 reads the committee of a committee-scoped list when no seat of the caller
 * proves it exists (admins, API clients; not for work-item lists of a seated caller), or the
 * commitment or assignment of a timeline; 1 reads the page;
 * then the presenter's set-based reads for the whole page (committees: parties and issue
 * areas; meetings: attendees and decisions with what cites them; commitments and assignments: none, the
 * owner party, assignees, overdue and your acknowledgement are selected with the page; people: the
 * people's committees, only when the contact rule depends on them).
 *
 * | endpoint                           | caller       | statements |
 * |------------------------------------|--------------|------------|
 * | GET /parties                       | admin        |          2 |
 * | GET /parties                       | apiClient    |          2 |
 * | GET /agencies                      | admin        |          2 |
 * | GET /agencies                      | apiClient    |          2 |
 * | GET /issue-areas                   | admin        |          2 |
 * | GET /issue-areas                   | apiClient    |          2 |
 * | GET /committees                    | admin        |          4 |
 * | GET /committees                    | secretary    |          4 |
 * | GET /committees                    | apiClient    |          4 |
 * | GET /committees?q=                 | admin        |          4 |
 * | GET /people                        | admin        |          2 |
 * | GET /people                        | secretary    |          3 |
 * | GET /people                        | officer      |          2 |
 * | GET /people                        | apiClient    |          2 |
 * | GET /people                        | scopedClient |          2 |
 * | GET /people?q=                     | secretary    |          3 |
 * | GET /committees/{id}/members       | admin        |          3 |
 * | GET /committees/{id}/members       | secretary    |          3 |
 * | GET /committees/{id}/members       | apiClient    |          3 |
 * | GET /users                         | admin        |          2 |
 * | GET /api-clients                   | admin        |          2 |
 * | GET /audit                         | admin        |          2 |
 * | GET /committees/{id}/meetings      | secretary    |          4 |
 * | GET /committees/{id}/meetings      | admin        |          5 |
 * | GET /committees/{id}/meetings      | apiClient    |          5 |
 * | GET /committees/{id}/commitments   | secretary    |          2 |
 * | GET /committees/{id}/commitments   | coChair      |          2 |
 * | GET /committees/{id}/commitments   | admin        |          3 |
 * | GET /committees/{id}/commitments   | apiClient    |          3 |
 * | GET /committees/{id}/commitments   | scopedClient |          3 |
 * | GET /committees/{id}/assignments   | secretary    |          2 |
 * | GET /committees/{id}/assignments   | officer      |          2 |
 * | GET /committees/{id}/assignments   | admin        |          3 |
 * | GET /committees/{id}/assignments   | apiClient    |          3 |
 * | GET /committees/{id}/assignments   | scopedClient |          3 |
 * | GET /me/assignments                | officer      |          2 |
 * | GET /commitments/{id}/updates      | secretary    |          3 |
 * | GET /commitments/{id}/updates      | admin        |          3 |
 * | GET /commitments/{id}/updates      | apiClient    |          3 |
 * | GET /assignments/{id}/updates      | secretary    |          3 |
 * | GET /assignments/{id}/updates      | officer      |          3 |
 * | GET /assignments/{id}/updates      | admin        |          3 |
 * | GET /assignments/{id}/updates      | apiClient    |          3 |
 * | GET /committees/{id}/meetings?q=   | secretary    |          4 |
 * | GET /committees/{id}/commitments?q=| secretary    |          2 |
 * | GET /committees/{id}/assignments?q=| officer      |          2 |
 * | GET /commitments/{id}/updates?q=   | secretary    |          3 |
 * | GET /assignments/{id}/updates?q=   | officer      |          3 |
 * | GET /search                        | admin        |          2 |
 * | GET /search                        | secretary    |          2 |
 * | GET /search                        | officer      |          2 |
 * | GET /search                        | apiClient    |          2 |
 * | GET /search                        | scopedClient |          2 |
 *
 * GET /search is one statement whatever the caller (the scope comes from the seats read with
 * the account); its snippets are computed in it, for the page's rows only.
 */
describe('SQL statements per list request: flat in the page size', () => {
  const PAGE = 50;
  let t: TestApp;
  let counter: StatementCounter;
  let admin: Actor;
  let jc: JointCommittee;
  let apiClient: Actor;
  let scopedClient: Actor;
  let assignment: Ref;
  let commitment: Ref;
  const callers = () =>
    ({
      admin,
      secretary: jc.secretary,
      coChair: jc.coChairSY,
      officer: jc.officer,
      apiClient,
      scopedClient,
    }) as const;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    const f = new RegistryFactory(t, admin);
    // Reference data: issue areas, parties, agencies (of the secretary's party).
    const areas: Ref[] = [];
    for (let i = 0; i < PAGE; i++) areas.push(await f.issueArea());
    jc = await jointCommittee(t, f, { issueAreaIds: [areas[0]!.id] });
    const { lb, sy, committee, w } = jc;
    for (let i = 0; i < PAGE; i++) {
      await f.party();
      await f.agency(lb.id);
    }

    // Committees with parties and issue areas, each with the secretary in a seat (their list is scoped to seats).
    for (let i = 0; i < PAGE; i++) {
      const c = await f.committee([lb.id, sy.id], { issueAreaIds: [areas[i]!.id, areas[(i + 1) % PAGE]!.id] });
      await w.seatSecretary(c.id, lb.id);
    }

    // People in the committee (memberships), half of each party: the secretary sees some contacts, not others.
    const people: Ref[] = [];
    for (let i = 0; i < PAGE; i++) {
      const person = await f.person(i % 2 ? lb.id : sy.id);
      await f.member(committee.id, person.id, 'member');
      people.push(person);
    }

    // Meetings with attendees and a decision each; commitments and assignments cite the decisions.
    const decisions: Ref[] = [];
    for (let i = 0; i < PAGE; i++) {
      const meeting = await w.meeting(committee.id, {
        startsAt: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}T10:00:00+02:00`,
        attendeeIds: [people[i]!.id, people[(i + 1) % PAGE]!.id, jc.officerPerson.id],
      });
      decisions.push(await w.decision(meeting.id, `Decision of meeting ${i + 1}`));
    }
    const assignments: Ref[] = [];
    for (let i = 0; i < PAGE; i++) {
      await w.commitment(committee.id, i % 2 ? lb.id : sy.id, {
        issueAreaId: areas[0]!.id,
        sourceDecisionId: decisions[i]!.id,
        dueOn: i % 3 ? `2020-01-${String((i % 28) + 1).padStart(2, '0')}` : null,
      });
      assignments.push(
        await w.assignment(committee.id, [jc.officerPerson.id, people[i]!.id, people[(i + 7) % PAGE]!.id], {
          raisingPartyId: sy.id,
          sourceDecisionId: decisions[i]!.id,
          dueOn: i % 3 ? `2020-02-${String((i % 28) + 1).padStart(2, '0')}` : null,
        }),
      );
    }
    // The officer acknowledges some of their assignments (/me/assignments shows when).
    for (const a of assignments.slice(0, 10)) {
      const res = await t.http().post(`/api/v1/assignments/${a.id}/acknowledgement`).set(jc.officer.headers);
      expect(res.status).toBe(200);
    }

    // Timelines of 50 entries: on one commitment (with progress figures) and one assignment.
    commitment = await w.commitment(committee.id, lb.id);
    assignment = assignments[0]!;
    for (let i = 0; i < PAGE; i++) {
      const c = await t
        .http()
        .post(`/api/v1/commitments/${commitment.id}/updates`)
        .set(jc.secretary.headers)
        .send({ body: `Progress ${i}`, progress: i });
      expect(c.status).toBe(201);
      const a = await t
        .http()
        .post(`/api/v1/assignments/${assignment.id}/updates`)
        .set(i % 2 ? jc.secretary.headers : jc.officer.headers)
        .send({ body: `Patrol report ${i}` });
      expect(a.status).toBe(201);
    }

    // Accounts and API clients (and by now hundreds of audit events).
    for (let i = 0; i < PAGE; i++) await createUser(t, 'analyst');
    apiClient = await createApiClient(t);
    scopedClient = await createApiClient(t, { committeeIds: [committee.id] });
    for (let i = 0; i < PAGE; i++)
      await t.app.get(ApiClientsService).create({ name: `reporter ${i}`, allCommittees: true }, null);

    counter = countStatements(t);
  }, 300_000);
  afterAll(async () => {
    counter?.close();
    await t.close();
  });

  type Item = Record<string, unknown>;
  const items = (res: Response) => (res.body as { items: Item[] }).items;

  /** The statements of one GET for a page of `limit`, after checking the page is that full and `renders` holds for each item. */
  async function page(path: string, caller: Actor, limit: number, query: object, renders: (item: Item) => boolean) {
    const { result, sql } = await counter.during(() =>
      t
        .http()
        .get(`/api/v1${path}`)
        .query({ ...query, limit })
        .set(caller.headers),
    );
    expect(result.status).toBe(200);
    expect(items(result)).toHaveLength(limit);
    expect(items(result).filter((item) => !renders(item))).toEqual([]);
    return sql;
  }

  const any = () => true;
  const withParties = (c: Item) => (c.parties as unknown[]).length === 2 && (c.issueAreas as unknown[]).length >= 1;
  const withAssignees = (a: Item) => (a.assignees as unknown[]).length === 3 && a.sourceDecisionId !== null;
  const withPerson = (m: Item) => typeof (m.person as Item | undefined)?.nameEn === 'string';
  const withSnippet = (hit: Item) => hit.type === 'commitment' && String(hit.snippet).includes('⟦intelligence⟧');
  const withOwner = (c: Item) => typeof c.ownerPartyCode === 'string' && typeof c.overdue === 'boolean';
  const withAttendeesAndDecisions = (m: Item) => {
    const decisions = m.decisions as { citedBy: { commitmentIds: string[]; assignmentIds: string[] } }[];
    return (
      (m.attendees as unknown[]).length === 3 &&
      decisions.length === 1 &&
      decisions[0]!.citedBy.commitmentIds.length === 1 &&
      decisions[0]!.citedBy.assignmentIds.length === 1
    );
  };

  type Caller = ReturnType<typeof callers>;
  const committeePath = (kind: string) => (c: JointCommittee) => `/committees/${c.committee.id}/${kind}`;
  /** [endpoint, caller, path (built after beforeAll), query, what each item renders, statements]. */
  const CASES: [string, keyof Caller, (c: JointCommittee) => string, object, (item: Item) => boolean, number][] = [
    ['GET /parties', 'admin', () => '/parties', {}, any, 2],
    ['GET /parties', 'apiClient', () => '/parties', {}, any, 2],
    ['GET /agencies', 'admin', () => '/agencies', {}, any, 2],
    ['GET /agencies', 'apiClient', () => '/agencies', {}, any, 2],
    ['GET /issue-areas', 'admin', () => '/issue-areas', {}, any, 2],
    ['GET /issue-areas', 'apiClient', () => '/issue-areas', {}, any, 2],
    ['GET /committees', 'admin', () => '/committees', {}, withParties, 4],
    ['GET /committees', 'secretary', () => '/committees', {}, withParties, 4],
    ['GET /committees', 'apiClient', () => '/committees', {}, withParties, 4],
    ['GET /committees?q=', 'admin', () => '/committees', { q: 'committee' }, withParties, 4],
    ['GET /people', 'admin', () => '/people', {}, any, 2],
    ['GET /people', 'secretary', () => '/people', {}, any, 3],
    ['GET /people', 'officer', () => '/people', {}, any, 2],
    ['GET /people', 'apiClient', () => '/people', {}, any, 2],
    ['GET /people', 'scopedClient', () => '/people', {}, any, 2],
    ['GET /people?q=', 'secretary', () => '/people', { q: 'person' }, any, 3],
    ['GET /committees/{id}/members', 'admin', committeePath('members'), {}, withPerson, 3],
    ['GET /committees/{id}/members', 'secretary', committeePath('members'), {}, withPerson, 3],
    ['GET /committees/{id}/members', 'apiClient', committeePath('members'), {}, withPerson, 3],
    ['GET /users', 'admin', () => '/users', {}, any, 2],
    ['GET /api-clients', 'admin', () => '/api-clients', {}, any, 2],
    ['GET /audit', 'admin', () => '/audit', {}, any, 2],
    ['GET /committees/{id}/meetings', 'secretary', committeePath('meetings'), {}, withAttendeesAndDecisions, 4],
    ['GET /committees/{id}/meetings', 'admin', committeePath('meetings'), {}, withAttendeesAndDecisions, 5],
    ['GET /committees/{id}/meetings', 'apiClient', committeePath('meetings'), {}, withAttendeesAndDecisions, 5],
    ['GET /committees/{id}/commitments', 'secretary', committeePath('commitments'), {}, withOwner, 2],
    ['GET /committees/{id}/commitments', 'coChair', committeePath('commitments'), {}, withOwner, 2],
    ['GET /committees/{id}/commitments', 'admin', committeePath('commitments'), {}, withOwner, 3],
    ['GET /committees/{id}/commitments', 'apiClient', committeePath('commitments'), {}, withOwner, 3],
    ['GET /committees/{id}/commitments', 'scopedClient', committeePath('commitments'), {}, withOwner, 3],
    ['GET /committees/{id}/assignments', 'secretary', committeePath('assignments'), {}, withAssignees, 2],
    ['GET /committees/{id}/assignments', 'officer', committeePath('assignments'), {}, withAssignees, 2],
    ['GET /committees/{id}/assignments', 'admin', committeePath('assignments'), {}, withAssignees, 3],
    ['GET /committees/{id}/assignments', 'apiClient', committeePath('assignments'), {}, withAssignees, 3],
    ['GET /committees/{id}/assignments', 'scopedClient', committeePath('assignments'), {}, withAssignees, 3],
    ['GET /me/assignments', 'officer', () => '/me/assignments', {}, withAssignees, 2],
    ['GET /commitments/{id}/updates', 'secretary', () => `/commitments/${commitment.id}/updates`, {}, any, 3],
    ['GET /commitments/{id}/updates', 'admin', () => `/commitments/${commitment.id}/updates`, {}, any, 3],
    ['GET /commitments/{id}/updates', 'apiClient', () => `/commitments/${commitment.id}/updates`, {}, any, 3],
    ['GET /assignments/{id}/updates', 'secretary', () => `/assignments/${assignment.id}/updates`, {}, any, 3],
    ['GET /assignments/{id}/updates', 'officer', () => `/assignments/${assignment.id}/updates`, {}, any, 3],
    ['GET /assignments/{id}/updates', 'admin', () => `/assignments/${assignment.id}/updates`, {}, any, 3],
    ['GET /assignments/{id}/updates', 'apiClient', () => `/assignments/${assignment.id}/updates`, {}, any, 3],
    [
      'GET /committees/{id}/meetings?q=',
      'secretary',
      committeePath('meetings'),
      { q: 'decision' },
      withAttendeesAndDecisions,
      4,
    ],
    [
      'GET /committees/{id}/commitments?q=',
      'secretary',
      committeePath('commitments'),
      { q: 'intelligence' },
      withOwner,
      2,
    ],
    ['GET /committees/{id}/assignments?q=', 'officer', committeePath('assignments'), { q: 'hermel' }, withAssignees, 2],
    [
      'GET /commitments/{id}/updates?q=',
      'secretary',
      () => `/commitments/${commitment.id}/updates`,
      { q: 'progress' },
      any,
      3,
    ],
    [
      'GET /assignments/{id}/updates?q=',
      'officer',
      () => `/assignments/${assignment.id}/updates`,
      { q: 'patrol' },
      any,
      3,
    ],
    ['GET /search', 'admin', () => '/search', { q: 'intelligence' }, withSnippet, 2],
    ['GET /search', 'secretary', () => '/search', { q: 'intelligence' }, withSnippet, 2],
    ['GET /search', 'officer', () => '/search', { q: 'intelligence' }, withSnippet, 2],
    ['GET /search', 'apiClient', () => '/search', { q: 'intelligence' }, withSnippet, 2],
    ['GET /search', 'scopedClient', () => '/search', { q: 'intelligence' }, withSnippet, 2],
  ];

  it.each(CASES)('%s as %s', async (_name, callerName, path, query, renders, expected) => {
    const caller = callers()[callerName];
    const one = await page(path(jc), caller, 1, query, renders);
    const full = await page(path(jc), caller, PAGE, query, renders);
    // The page of 1 costs exactly this many statements (toHaveLength lists them when it fails)…
    expect(one).toHaveLength(expected);
    // …and the page of 50 what the page of 1 costs: an N+1 fails here, its statements listed.
    expect(full).toHaveLength(one.length);
    expect(full).toHaveLength(expected);
  });

  it('the counter counts pooled, transaction, named and generic-plan statements, and stops counting once closed', async () => {
    const dataSource = t.app.get(DataSource);
    const pool = (dataSource.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master;
    type PoolClient = { query(config: object): Promise<unknown>; release(): void };
    const probe = countStatements(t);
    const { sql } = await probe.during(async () => {
      await dataSource.query('SELECT 1');
      await dataSource.transaction((manager) => manager.query('SELECT 2'));
      const client = await pool.connect();
      try {
        await client.query({ name: 'statement_counter_probe', text: 'SELECT $1::int AS three', values: [3] });
      } finally {
        client.release();
      }
      await genericPlans(dataSource).query('SELECT $1::int AS five', [5]);
    });
    expect(sql).toEqual([
      'SELECT 1',
      'START TRANSACTION',
      'SELECT 2',
      'COMMIT',
      '[statement_counter_probe] SELECT $1::int AS three',
      'SELECT $1::int AS five',
    ]);
    probe.close();
    expect((await probe.during(() => dataSource.query('SELECT 4'))).sql).toEqual([]);
    // The file's own counter, opened first, still counts.
    expect((await counter.during(() => dataSource.query('SELECT 5'))).sql).toEqual(['SELECT 5']);
  });
});
