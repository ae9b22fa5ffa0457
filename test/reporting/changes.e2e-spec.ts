import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type QueryRunner } from 'typeorm';
import { IssueArea } from '../../src/registry/issue-areas/entities/issue-area.entity.js';
import { createApiClient, createUser, type Actor } from '../support/actors.js';
import { expectProblem } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { WorkFactory } from '../support/work-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Change {
  logIndex: number;
  entity: string;
  id: string;
  action: string;
  version: number | null;
  occurredAt: string;
  committeeId: string | null;
}
interface ChangePage {
  items: Change[];
  nextCursor: string;
  caughtUp: boolean;
}

/** Polls the feed from `after` until it says it caught up; every change on the way. */
async function pollAll(
  t: TestApp,
  actor: Actor,
  query = '',
  after = '0',
): Promise<{ items: Change[]; cursor: string }> {
  const items: Change[] = [];
  let cursor = after;
  for (;;) {
    const res = await t.http().get(`/api/v1/changes?after=${cursor}${query}`).set(actor.headers);
    expect(res.status).toBe(200);
    const page = res.body as ChangePage;
    items.push(...page.items);
    cursor = page.nextCursor;
    if (page.caughtUp) return { items, cursor };
  }
}

describe('change feed: every change exactly once, in commit order', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    // The sequencer runs on its timer, as in production (every 10 ms here), alongside the writers and the poller.
    t = await createTestApp({
      env: { LOG_SEQUENCER: 'true', LOG_SEQUENCER_INTERVAL_MS: '10', DATABASE_POOL_SIZE: '24' },
    });
    admin = await createUser(t, 'admin');
  });

  afterAll(() => t.close());

  it('collects every change of 10 concurrent writers committing out of start order exactly once, while polling alongside', async () => {
    const dataSource = t.app.get(DataSource);
    const WRITERS = 10;
    const ROUNDS = 4;
    /** What each committed writer wrote (its own record): the feed must show exactly these. */
    const committed: string[] = [];
    const rolledBack: string[] = [];
    let n = 0;

    /** Opens a transaction and writes one issue area through TypeORM (the audit subscriber records it). */
    async function begin(): Promise<{ runner: QueryRunner; id: string }> {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      const code = `feed_${process.pid}_${++n}`;
      const saved = await runner.manager.getRepository(IssueArea).save({ code, nameEn: code, nameAr: code });
      return { runner, id: saved.id };
    }
    async function commit(writer: { runner: QueryRunner; id: string }): Promise<void> {
      await writer.runner.commitTransaction();
      await writer.runner.release();
      committed.push(writer.id);
    }
    async function rollback(writer: { runner: QueryRunner; id: string }): Promise<void> {
      await writer.runner.rollbackTransaction();
      await writer.runner.release();
      rolledBack.push(writer.id);
    }

    // The poller: from the start, with the cursor each answer gives, small pages, until stopped.
    const seen: Change[] = [];
    let stop = false;
    let cursor = '0';
    const poller = (async () => {
      while (!stop) {
        const res = await t.http().get(`/api/v1/changes?after=${cursor}&entity=issue_areas&limit=3`).set(admin.headers);
        expect(res.status).toBe(200);
        const page = res.body as ChangePage;
        seen.push(...page.items);
        cursor = page.nextCursor;
        if (page.caughtUp) await sleep(5);
      }
    })();

    // A transaction that starts before everything and commits after everything.
    const longest = await begin();
    // A reader that pages by insertion order (seq) instead, to show what the test catches.
    let naiveAfter = '0';
    const naiveSeen = new Set<string>();
    const naiveRead = async () => {
      const rows = (await dataSource.query(
        `SELECT seq::text AS seq, entity_id FROM audit_events WHERE entity = 'issue_areas' AND seq > $1 ORDER BY seq`,
        [naiveAfter],
      )) as { seq: string; entity_id: string }[];
      for (const row of rows) naiveSeen.add(row.entity_id);
      if (rows.length > 0) naiveAfter = rows[rows.length - 1]!.seq;
    };

    for (let round = 0; round < ROUNDS; round++) {
      // Started in order 0 … 9 (transaction ids and insertion numbers ascending) …
      const writers: { runner: QueryRunner; id: string }[] = [];
      for (let i = 0; i < WRITERS; i++) writers.push(await begin());
      // … committed in another order: reversed, or interleaved from both ends; two roll back.
      const order =
        round % 2 === 0
          ? [...writers].reverse()
          : writers.map((_, i) => writers[i % 2 === 0 ? WRITERS - 1 - i / 2 : (i - 1) / 2]!);
      for (const [k, writer] of order.entries()) {
        if (k === 3 || k === 6) await rollback(writer);
        else await commit(writer);
        // The newest insert committed first: a reader by seq jumps past the nine still open.
        if (round === 0 && k === 0) await naiveRead();
        // Let the sequencer and the poller run between commits (an interleaving, not a timing assertion).
        await sleep(k % 3 === 0 ? 12 : 1);
      }
      // And two more held open together, committed at once from separate connections.
      const pair = [await begin(), await begin()];
      await Promise.all(pair.reverse().map(commit));
    }
    await commit(longest);
    await naiveRead();

    // Everything committed is in the log (drain), then the poller catches up and stops.
    await t.sequenceLog();
    const end = await pollAll(t, admin, '&entity=issue_areas');
    const endCursor = end.cursor;
    while (Number(cursor) < Number(endCursor)) await sleep(5);
    stop = true;
    await poller;

    // 4 rounds × (10 − 2 rolled back + 2) + the longest transaction.
    expect(committed).toHaveLength(41);
    expect(rolledBack).toHaveLength(8);
    const seenIds = seen.map((c) => c.id);
    expect([...seenIds].sort()).toEqual([...committed].sort());
    expect(new Set(seenIds).size).toBe(seenIds.length);
    expect(seen.every((c) => c.entity === 'issue_areas' && c.action === 'create' && c.version === 1)).toBe(true);
    // In log order, strictly increasing.
    expect(seen.map((c) => c.logIndex)).toEqual([...seen.map((c) => c.logIndex)].sort((a, b) => a - b));
    expect(new Set(seen.map((c) => c.logIndex)).size).toBe(seen.length);

    // The commits really were out of start order: the log order disagrees with the insertion order.
    const logged = (await dataSource.query(
      `SELECT e.seq::text AS seq FROM log_leaves l JOIN audit_events e ON e.seq = l.event_seq
        WHERE e.entity = 'issue_areas' ORDER BY l."index"`,
    )) as { seq: string }[];
    const seqs = logged.map((r) => BigInt(r.seq));
    expect(seqs.some((seq, i) => i > 0 && seq < seqs[i - 1]!)).toBe(true);
    // A reader paging by seq instead would have missed 8: the 7 of round 0 committed after the
    // newest, and the longest transaction.
    expect(committed.filter((id) => !naiveSeen.has(id))).toHaveLength(8);
  });
});

describe('change feed: scope, filters and paging', () => {
  let t: TestApp;
  let admin: Actor;
  let secretary: Actor;
  let analyst: Actor;
  let committees: { a: Ref; b: Ref; c: Ref };
  let lb: Ref;
  let sy: Ref;
  let commitmentC: Ref;
  let personC: Ref;
  let assignmentC: Ref;
  let updateC: Ref;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    analyst = await createUser(t, 'analyst');
    const f = new RegistryFactory(t, admin);
    [lb, sy] = [await f.party(), await f.party()];
    committees = {
      a: await f.committee([lb.id, sy.id]),
      b: await f.committee([lb.id, sy.id]),
      c: await f.committee([lb.id, sy.id]),
    };
    secretary = await createUser(t, 'secretary');
    const w = new WorkFactory(t, secretary, f);
    for (const c of Object.values(committees)) await w.seatSecretary(c.id, lb.id);
    for (const c of Object.values(committees)) {
      const meeting = await w.meeting(c.id);
      await w.decision(meeting.id);
      await w.commitment(c.id, lb.id);
    }
    commitmentC = await w.commitment(committees.c.id, sy.id, { title: 'Only in C' });
    // Only in C as well: a person who sits on C alone, an assignment to them (its assignee),
    // and a timeline entry of C's commitment: every kind whose committee is found through
    // another record, and a person seen through their seats.
    personC = await f.person(sy.id);
    await f.member(committees.c.id, personC.id, 'liaison_officer');
    assignmentC = await w.assignment(committees.c.id, [personC.id]);
    const note = await t
      .http()
      .post(`/api/v1/assignments/${assignmentC.id}/updates`)
      .set(secretary.headers)
      .send({ body: 'Only in C' });
    expect(note.status).toBe(201);
    updateC = note.body as Ref;
    await t.sequenceLog();
  });

  afterAll(() => t.close());

  const committeeOf = (items: Change[]) => new Set(items.map((c) => c.committeeId));

  it('an API client with two committees sees their changes and the reference data, never a third committee’s or an account’s', async () => {
    const client = await createApiClient(t, { committeeIds: [committees.a.id, committees.b.id] });
    const { items } = await pollAll(t, client);
    expect(committeeOf(items)).toEqual(new Set([committees.a.id, committees.b.id, null]));
    expect(items.some((c) => c.id === commitmentC.id)).toBe(false);
    const onlyInC = [personC.id, assignmentC.id, `${assignmentC.id}:${personC.id}`, updateC.id];
    expect(items.filter((c) => onlyInC.includes(c.id))).toEqual([]);
    const kinds = new Set(items.map((c) => c.entity));
    expect(kinds).toEqual(
      new Set(['committees', 'memberships', 'meetings', 'decisions', 'commitments', 'parties', 'people']),
    );
    // Per committee: the committee (created, then its parties set), the secretary's seat, a meeting, a decision, a commitment.
    for (const c of [committees.a, committees.b]) {
      expect(
        items
          .filter((ch) => ch.committeeId === c.id)
          .map((ch) => ch.entity)
          .sort(),
      ).toEqual(['commitments', 'committees', 'committees', 'decisions', 'meetings', 'memberships']);
    }
    // The secretary's person sits on A and B: seen; no account (users) is.
    expect(items.filter((c) => c.entity === 'people')).toHaveLength(1);
  });

  it('an admin sees every change, accounts included; an analyst every committee but no account', async () => {
    const all = (await pollAll(t, admin)).items;
    expect(committeeOf(all)).toEqual(new Set([committees.a.id, committees.b.id, committees.c.id, null]));
    expect(all.some((c) => c.entity === 'users')).toBe(true);
    const seenByAnalyst = (await pollAll(t, analyst)).items;
    expect(seenByAnalyst.some((c) => c.entity === 'users' || c.entity === 'api_clients')).toBe(false);
    expect(seenByAnalyst.map((c) => c.logIndex)).toEqual(
      all.filter((c) => c.entity !== 'users' && c.entity !== 'api_clients').map((c) => c.logIndex),
    );
  });

  it('a secretary sees the committees they sit on; committeeId filters, 404 for one out of sight', async () => {
    const liaison = await createUser(t, 'liaison_officer');
    const f = new RegistryFactory(t, admin);
    const person = await f.person(sy.id);
    await f.member(committees.b.id, person.id, 'liaison_officer');
    await f.linkUser(liaison, person.id);
    await t.sequenceLog();
    const { items } = await pollAll(t, liaison);
    expect(committeeOf(items)).toEqual(new Set([committees.b.id, null]));
    const onlyB = await pollAll(t, admin, `&committeeId=${committees.b.id}`);
    expect(onlyB.items.every((c) => c.committeeId === committees.b.id)).toBe(true);
    expect(onlyB.items.map((c) => c.entity).sort()).toEqual([
      'commitments',
      'committees',
      'committees',
      'decisions',
      'meetings',
      'memberships',
      'memberships',
    ]);
    const outside = await t.http().get(`/api/v1/changes?committeeId=${committees.c.id}`).set(liaison.headers);
    expectProblem(outside, 404, 'NOT_FOUND');
  });

  it('filters by entity, and a change shows the record’s version and committee', async () => {
    const { items } = await pollAll(t, admin, '&entity=commitments');
    expect(items.map((c) => c.entity)).toEqual(Array(4).fill('commitments'));
    const c = items.find((ch) => ch.id === commitmentC.id)!;
    expect(c).toMatchObject({ action: 'create', version: 1, committeeId: committees.c.id });
    expect(c.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('pages with limit: the cursor of each answer, Link rel=next with after=, caughtUp at the end', async () => {
    const first = await t.http().get('/api/v1/changes?limit=3&entity=committees').set(admin.headers);
    expect(first.status).toBe(200);
    const page = first.body as ChangePage;
    expect(page.items.map((c) => [c.id, c.action])).toEqual([
      [committees.a.id, 'create'],
      [committees.a.id, 'update'],
      [committees.b.id, 'create'],
    ]);
    expect(page.caughtUp).toBe(false);
    expect(page.nextCursor).toBe(String(page.items[2]!.logIndex + 1));
    expect(first.headers.link).toBe(`</api/v1/changes?limit=3&entity=committees&after=${page.nextCursor}>; rel="next"`);
    const next = await t
      .http()
      .get(first.headers.link!.slice(1, first.headers.link!.indexOf('>')))
      .set(admin.headers);
    const rest = next.body as ChangePage;
    expect(rest.items.map((c) => [c.id, c.action])).toEqual([
      [committees.b.id, 'update'],
      [committees.c.id, 'create'],
      [committees.c.id, 'update'],
    ]);
    expect(rest.caughtUp).toBe(true);
    // Polling again from the end: nothing new, the same cursor, still caught up.
    const again = await t.http().get(`/api/v1/changes?after=${rest.nextCursor}`).set(admin.headers);
    expect(again.body).toEqual({ items: [], nextCursor: rest.nextCursor, caughtUp: true });
  });

  it('refuses a cursor past the end of the log, a bad entity and a bad limit (400 naming the field)', async () => {
    const end = await pollAll(t, admin);
    const past = await t
      .http()
      .get(`/api/v1/changes?after=${Number(end.cursor) + 1}`)
      .set(admin.headers);
    expectProblem(past, 400, 'VALIDATION_FAILED');
    expect(past.body.errors[0].field).toBe('after');
    for (const [query, field] of [
      ['after=-1', 'after'],
      ['after=1e3', 'after'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['entity=secrets', 'entity'],
      ['committeeId=nope', 'committeeId'],
    ]) {
      const res = await t.http().get(`/api/v1/changes?${query}`).set(admin.headers);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect([query, res.body.errors.map((e: { field: string }) => e.field)]).toEqual([query, [field]]);
    }
  });
});
