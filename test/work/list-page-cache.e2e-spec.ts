import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory } from '../support/registry-factory.js';
import { countStatements, type StatementCounter } from '../support/statements.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { sql } from '../support/test-database.js';
import { jointCommittee, type JointCommittee } from '../support/work-fixtures.js';

interface Item {
  id: string;
  title: string;
  progress: number;
  status: string;
  ownerPartyCode: string;
  dueInDays: number | null;
  overdue: boolean;
  version: number;
}

/** The committee's date in `zone` (Intl's, not the app's). */
const todayIn = (zone: string, at = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/**
 * The commitments list serves a page it kept (PageCache) only while every row it was made from
 * is unchanged (docs/performance.md, "Pages served again"): each way a listed commitment's
 * representation can change, through the API or behind it, shows at the very next read.
 */
describe('commitments list: pages served again only while unchanged', () => {
  let t: TestApp;
  let admin: Actor;
  let f: RegistryFactory;
  let jc: JointCommittee;
  let counter: StatementCounter;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    jc = await jointCommittee(t, f, { timeZone: 'Asia/Beirut' });
    for (const [i, dueOn] of ['2030-01-03', '2030-01-01', '2030-01-02'].entries())
      ids.push((await jc.w.commitment(jc.committee.id, jc.lb.id, { dueOn, title: `Pledge ${i}` })).id);
    counter = countStatements(t);
  });
  afterAll(async () => {
    counter.close();
    await t.close();
  });

  const list = async (query: object = {}): Promise<{ items: Item[]; sql: string[] }> => {
    const { result, sql: statements } = await counter.during(() =>
      t.http().get(`/api/v1/committees/${jc.committee.id}/commitments`).query(query).set(jc.secretary.headers),
    );
    expect(result.status).toBe(200);
    return { items: result.body.items as Item[], sql: statements };
  };
  /**
   * How a list read got its page: in full and not kept (asked for the first time), in full
   * and kept (`kept`: asked for before), from the kept page after reading its rows' stamps,
   * or read and kept again after stamps showed the kept page stale.
   */
  const pageRead = (statements: string[]): 'full' | 'kept' | 'stamps' | 'stamps, then kept' => {
    const pages = statements.filter((s) => /FROM commitments "commitment"[\s\S]*ORDER BY[\s\S]*LIMIT \d+\s*$/.test(s));
    const kinds = pages.map((s) => (!/ AS stamp /.test(s) ? 'full' : /"ownerPartyCode"/.test(s) ? 'kept' : 'stamps'));
    expect([['full'], ['kept'], ['stamps'], ['stamps', 'kept']]).toContainEqual(kinds);
    return kinds.join(', then ') as 'full' | 'kept' | 'stamps' | 'stamps, then kept';
  };
  /** The list read until its page is kept (asked for twice), then once more: the last read. */
  const keptList = async (query: object = {}) => {
    await list(query);
    await list(query);
    return list(query);
  };

  it('reads a page in full, keeps it when asked again, then reads only its rows’ stamps', async () => {
    const reads = [await list({ limit: 2 }), await list({ limit: 2 }), await list({ limit: 2 })];
    expect(reads.map((r) => pageRead(r.sql))).toEqual(['full', 'kept', 'stamps']);
    expect(reads[0]!.items.map((i) => i.title)).toEqual(['Pledge 1', 'Pledge 2']);
    expect(reads[1]!.items).toEqual(reads[0]!.items);
    expect(reads[2]!.items).toEqual(reads[0]!.items);
    // Another page (another limit) is another statement: asked for the first time.
    expect(pageRead((await list({ limit: 3 })).sql)).toBe('full');
  });

  it('reads the stamps without the joins unless a condition needs a joined table', async () => {
    const stampStatement = async (query: object) => {
      const again = await keptList(query);
      expect(pageRead(again.sql)).toBe('stamps');
      return again.sql.find((s) => / AS stamp /.test(s))!;
    };
    // Only the commitment's own columns: the joins are left out.
    expect(await stampStatement({ status: 'pending' })).not.toMatch(/JOIN/);
    // overdue is reckoned from the committee's today: its join stays.
    expect(await stampStatement({ overdue: false })).toMatch(/JOIN committees "committee"/);
  });

  it('shows a progress figure, an edit and a transition at the next read', async () => {
    await keptList();
    const posted = await t
      .http()
      .post(`/api/v1/commitments/${ids[1]}/updates`)
      .set(jc.secretary.headers)
      .send({ body: 'Half the posts staffed', progress: 50 });
    expect(posted.status).toBe(201);
    const afterProgress = await list();
    expect(pageRead(afterProgress.sql)).toBe('stamps, then kept');
    expect(afterProgress.items.find((i) => i.id === ids[1])?.progress).toBe(50);

    const etag = (await t.http().get(`/api/v1/commitments/${ids[0]}`).set(jc.secretary.headers)).headers.etag;
    const edited = await t
      .http()
      .patch(`/api/v1/commitments/${ids[0]}`)
      .set(jc.secretary.headers)
      .set('if-match', etag as string)
      .send({ title: 'Pledge 0, reworded' });
    expect(edited.status).toBe(200);
    expect((await list()).items.map((i) => i.title)).toEqual(['Pledge 1', 'Pledge 2', 'Pledge 0, reworded']);

    await keptList({ status: 'pending' });
    const moved = await t
      .http()
      .post(`/api/v1/commitments/${ids[2]}/transitions`)
      .set(jc.secretary.headers)
      .send({ to: 'in_progress' });
    expect(moved.status).toBe(200);
    expect((await list({ status: 'pending' })).items.map((i) => i.title)).toEqual(['Pledge 1', 'Pledge 0, reworded']);
  });

  it('shows a new commitment that sorts into the page', async () => {
    expect((await keptList({ limit: 1 })).items.map((i) => i.title)).toEqual(['Pledge 1']);
    await jc.w.commitment(jc.committee.id, jc.lb.id, { dueOn: '2029-12-31', title: 'Earlier pledge' });
    expect((await list({ limit: 1 })).items.map((i) => i.title)).toEqual(['Earlier pledge']);
  });

  it("shows a change of the owner party's code (a row the item is joined to)", async () => {
    await keptList();
    const renamed = await t.http().patch(`/api/v1/parties/${jc.lb.id}`).set(admin.headers).send({ code: 'LBX' });
    expect(renamed.status).toBe(200);
    const after = await list();
    expect(pageRead(after.sql)).toBe('stamps, then kept');
    expect(new Set(after.items.map((i) => i.ownerPartyCode))).toEqual(new Set(['LBX']));
  });

  it("shows a new today when the committee's time zone moves its date (due in days, overdue)", async () => {
    // UTC+14 and UTC−12 are 26 hours apart: their dates differ at every moment.
    const [east, west] = ['Pacific/Kiritimati', 'Etc/GMT+12'];
    const due = todayIn(west);
    await sql(t.db.url, `UPDATE commitments SET due_on = '${due}' WHERE id = '${ids[1]}'`);
    const setZone = async (timeZone: string) =>
      expect(
        (await t.http().patch(`/api/v1/committees/${jc.committee.id}`).set(admin.headers).send({ timeZone })).status,
      ).toBe(200);
    await setZone(west);
    const inWest = (await list()).items.find((i) => i.id === ids[1])!;
    expect([inWest.dueInDays, inWest.overdue]).toEqual([0, false]);
    await setZone(east);
    const inEast = (await list()).items.find((i) => i.id === ids[1])!;
    const daysBehind = (Date.parse(todayIn(west)) - Date.parse(todayIn(east))) / 86_400_000;
    expect(daysBehind).toBeLessThan(0);
    expect([inEast.dueInDays, inEast.overdue]).toEqual([daysBehind, true]);
  });

  it('shows a change written behind the application (another instance, by hand)', async () => {
    await keptList();
    await sql(t.db.url, `UPDATE commitments SET progress = 77 WHERE id = '${ids[0]}'`);
    expect((await list()).items.find((i) => i.id === ids[0])?.progress).toBe(77);
  });

  it('serves the kept page byte for byte as the fresh read gave it', async () => {
    // A new version of every row: the next read is a fresh one.
    await sql(t.db.url, `UPDATE commitments SET progress = progress WHERE committee_id = '${jc.committee.id}'`);
    const get = () =>
      counter.during(() => t.http().get(`/api/v1/committees/${jc.committee.id}/commitments`).set(jc.secretary.headers));
    const fresh = await get();
    const again = await get();
    expect([pageRead(fresh.sql), pageRead(again.sql)]).toEqual(['stamps, then kept', 'stamps']);
    expect(JSON.parse(fresh.result.text).items).toHaveLength(4);
    expect(again.result.text).toBe(fresh.result.text);
    expect(again.result.headers['content-length']).toBe(String(Buffer.byteLength(fresh.result.text)));
    expect(again.result.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('still checks access on every request: a kept page is not served to someone out of the committee', async () => {
    await keptList();
    const outsider = await createUser(t, 'secretary');
    const res = await t.http().get(`/api/v1/committees/${jc.committee.id}/commitments`).set(outsider.headers);
    expect(res.status).toBe(404);
  });
});

describe('commitments list with LIST_CACHE_PAGES=0', () => {
  let t: TestApp;
  let jc: JointCommittee;
  let counter: StatementCounter;

  beforeAll(async () => {
    t = await createTestApp({ env: { LIST_CACHE_PAGES: '0' } });
    const admin = await createUser(t, 'admin');
    jc = await jointCommittee(t, new RegistryFactory(t, admin));
    await jc.w.commitment(jc.committee.id, jc.lb.id);
    counter = countStatements(t);
  });
  afterAll(async () => {
    counter.close();
    await t.close();
  });

  it('reads the whole page every time', async () => {
    for (let i = 0; i < 2; i++) {
      const { result, sql: statements } = await counter.during(() =>
        t.http().get(`/api/v1/committees/${jc.committee.id}/commitments`).set(jc.secretary.headers),
      );
      expect(result.status).toBe(200);
      expect(statements.filter((s) => /AS stamp/.test(s))).toEqual([]);
      expect(statements.filter((s) => /"ownerPartyCode"/.test(s))).toHaveLength(1);
    }
  });
});
