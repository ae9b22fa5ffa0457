import type { Response } from 'supertest';
import { DEMO_PASSWORD } from '../../src/demo/demo-accounts.js';
import { DemoSeedService } from '../../src/demo/demo-seed.service.js';
import { SIG_COSIGNATURE_V1, cosign, generateKey, parseNote, parseSignerKey } from '../../src/audit/log/signed-note.js';
import { EXAMPLE_ID, EXAMPLE_REFRESH_TOKEN } from '../../src/platform/docs/operation.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every request example of the OpenAPI document, sent as Swagger UI's "Try it out" would send
 * it, to an app with the demo data loaded: each stand-in the example names (EXAMPLE_ID,
 * EXAMPLE_REFRESH_TOKEN) replaced with a real value found where the example says, the headers
 * the operation needs (If-Match, Idempotency-Key) and a token of a demo login allowed to call
 * it. Each must answer its documented success.
 */

type Login = 'admin' | 'secretaryLb' | 'analyst';
const LOGINS: Record<Login, string> = {
  admin: 'admin@tansiq.demo',
  secretaryLb: 'secretary.lb@tansiq.demo',
  analyst: 'analyst@tansiq.demo',
};

/** What a step knows when it runs: the demo data's ids and what earlier steps created. */
interface State {
  ids: Record<keyof typeof EXAMPLE_ID, string>;
  demo: Record<string, string>;
  created: Record<string, string>;
}

interface Step {
  /** The status the document gives as the operation's success. */
  status: number;
  /** Who calls it (anonymous when absent). */
  as?: Login;
  /** The path parameters (from the demo data or earlier steps). */
  params?: (s: State) => Record<string, string>;
  /** Stand-ins this step's example gets other than the shared ones (another person, a token). */
  ids?: (s: State) => Partial<Record<keyof typeof EXAMPLE_ID, string>>;
  /** `If-Match` is required: the ETag of a GET of the same path. */
  ifMatch?: true;
  /** A create: sent with an Idempotency-Key, and the new id kept as `created[operationId]`. */
  creates?: true;
  /** Stand-ins that are no id (a refresh token, a signed cosignature). */
  fill?: (body: Record<string, unknown>, s: State) => Promise<Record<string, unknown>>;
}

const sessionOf = async (t: TestApp, email: string) =>
  (await t.http().post('/api/v1/auth/login').send({ email, password: DEMO_PASSWORD })).body as {
    accessToken: string;
    refreshToken: string;
  };

/**
 * Every operation with a request body, in the order they run (later steps use what earlier
 * ones created). The committee is the demo's LB-SY-NARC unless a step says otherwise.
 */
function plan(t: TestApp): Record<string, Step> {
  const narc = (s: State) => ({ committeeId: s.demo.narc! });
  return {
    login: { status: 200 },
    refreshTokens: {
      status: 200,
      fill: async (body) => ({ ...body, refreshToken: (await sessionOf(t, 'secretary.sy@tansiq.demo')).refreshToken }),
    },
    confirmPassword: { status: 200, as: 'admin' },
    // Ends another session of the caller's (the one its token belongs to serves the steps below).
    logout: { status: 204, as: 'admin', fill: async (body, s) => ({ ...body, refreshToken: s.demo.adminRefresh! }) },
    createUser: { status: 201, as: 'admin', creates: true },
    updateUser: { status: 200, as: 'admin', params: (s) => ({ id: s.created.createUser! }) },
    setUserPassword: { status: 200, as: 'admin', params: (s) => ({ id: s.created.createUser! }) },
    createApiClient: { status: 201, as: 'admin', creates: true },
    updateMe: { status: 200, as: 'admin' },
    changeMyPassword: { status: 200, as: 'analyst' },
    createParty: { status: 201, as: 'admin', creates: true },
    updateParty: { status: 200, as: 'admin', params: (s) => ({ id: s.ids.party }) },
    createAgency: { status: 201, as: 'admin', creates: true },
    updateAgency: { status: 200, as: 'admin', params: (s) => ({ id: s.ids.agency }) },
    createIssueArea: { status: 201, as: 'admin', creates: true },
    updateIssueArea: { status: 200, as: 'admin', params: (s) => ({ id: s.demo.armsArea! }) },
    createPerson: { status: 201, as: 'admin', creates: true },
    updatePerson: { status: 200, as: 'admin', params: (s) => ({ id: s.demo.lbMember! }) },
    createCommittee: { status: 201, as: 'admin', creates: true },
    // The example activates a proposed committee: the demo's LB-SY-BORD.
    updateCommittee: { status: 200, as: 'admin', params: (s) => ({ id: s.demo.bord! }) },
    // The LB liaison officer holds no seat on LB-SY-CT.
    addMember: { status: 201, as: 'admin', creates: true, params: (s) => ({ committeeId: s.demo.ct! }) },
    updateMember: {
      status: 200,
      as: 'admin',
      params: (s) => ({ committeeId: s.demo.narc!, membershipId: s.demo.lbMemberSeat! }),
    },
    createMeeting: { status: 201, as: 'secretaryLb', creates: true, params: narc },
    updateMeeting: { status: 200, as: 'secretaryLb', ifMatch: true, params: (s) => ({ id: s.created.createMeeting! }) },
    addDecision: { status: 201, as: 'secretaryLb', creates: true, params: (s) => ({ id: s.created.createMeeting! }) },
    createAssignment: { status: 201, as: 'secretaryLb', creates: true, params: narc },
    updateAssignment: {
      status: 200,
      as: 'secretaryLb',
      ifMatch: true,
      params: (s) => ({ id: s.created.createAssignment! }),
    },
    // A freshly created assignment is open.
    transitionAssignment: { status: 200, as: 'secretaryLb', params: (s) => ({ id: s.created.createAssignment! }) },
    createCommitment: { status: 201, as: 'secretaryLb', creates: true, params: narc },
    updateCommitment: {
      status: 200,
      as: 'secretaryLb',
      ifMatch: true,
      params: (s) => ({ id: s.created.createCommitment! }),
    },
    // A freshly created commitment is pending; the LB secretary speaks for its owner, LB.
    transitionCommitment: { status: 200, as: 'secretaryLb', params: (s) => ({ id: s.created.createCommitment! }) },
    postAssignmentUpdate: {
      status: 201,
      as: 'secretaryLb',
      creates: true,
      params: (s) => ({ id: s.created.createAssignment! }),
    },
    postCommitmentUpdate: {
      status: 201,
      as: 'secretaryLb',
      creates: true,
      params: (s) => ({ id: s.created.createCommitment! }),
    },
    registerWitness: { status: 200, as: 'admin', params: (s) => ({ partyId: s.ids.party }) },
    // The example cannot carry a valid signature: the checkpoint is this log's latest, signed
    // by a witness key the test registers for SY (as the example's description says).
    submitCosignature: {
      status: 201,
      as: 'admin',
      fill: async (body, s) => {
        const key = generateKey('sy.example/witness', SIG_COSIGNATURE_V1);
        const put = await t
          .http()
          .put(`/api/v1/log/witnesses/${s.ids.otherParty}`)
          .set('authorization', s.demo.adminBearer!)
          .send({ verifierKey: key.vkey });
        expect(put.status).toBe(200);
        await t.sequenceLog();
        const note = await t
          .http()
          .get('/api/v1/log/checkpoint')
          .set('authorization', s.demo.adminBearer!)
          .accept('text/plain');
        const checkpoint = parseNote(note.text).text;
        const cosignature = cosign(checkpoint, parseSignerKey(key.skey), Math.floor(Date.now() / 1000));
        return { ...body, checkpoint, cosignature };
      },
    },
  };
}

/** The body operations of the document: their count, written out. */
const BODY_OPERATIONS = 35;

type Operation = {
  operationId: string;
  responses: Record<string, unknown>;
  requestBody?: {
    content: { 'application/json': { examples?: Record<string, { description?: string; value: unknown }> } };
  };
};

describe('request examples of the OpenAPI document (demo data loaded)', () => {
  let t: TestApp;
  let operations: { method: string; path: string; op: Operation }[];
  let steps: Record<string, Step>;
  const state: State = { ids: {} as State['ids'], demo: {}, created: {} };
  const tokens = {} as Record<Login, string>;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(DemoSeedService).seed();
    const doc = (await t.http().get('/docs/openapi.json')).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ method, path, op })),
    );
    steps = plan(t);
    const one = async (text: string, values: unknown[]) => (await sql<{ id: string }>(t.db.url, text, values))[0]!.id;
    const party = (code: string) => one(`SELECT id FROM parties WHERE code = $1`, [code]);
    const committee = (code: string) => one(`SELECT id FROM committees WHERE code = $1`, [code]);
    const area = (code: string) => one(`SELECT id FROM issue_areas WHERE code = $1`, [code]);
    const person = (nameEn: string) => one(`SELECT id FROM people WHERE name_en = $1`, [nameEn]);
    state.demo = {
      narc: await committee('LB-SY-NARC'),
      ct: await committee('LB-SY-CT'),
      bord: await committee('LB-SY-BORD'),
      armsArea: await area('arms_trafficking'),
      lbMember: await person('Col. Elie Abou Jaoude'),
    };
    state.demo.lbMemberSeat = await one(`SELECT id FROM memberships WHERE committee_id = $1 AND person_id = $2`, [
      state.demo.narc,
      state.demo.lbMember,
    ]);
    const lb = await party('LB');
    state.ids = {
      party: lb,
      otherParty: await party('SY'),
      agency: await one(`SELECT id FROM agencies WHERE party_id = $1 AND code = 'ISF'`, [lb]),
      issueArea: await area('narcotics'),
      // Seated on LB-SY-NARC (attendee, assignee), not on LB-SY-CT (the seat to add).
      person: await person('Capt. Karim Nassar'),
      decision: await one(
        `SELECT d.id FROM decisions d JOIN meetings m ON m.id = d.meeting_id WHERE m.committee_id = $1 AND d.number = 1`,
        [state.demo.narc],
      ),
    };
    for (const [login, email] of Object.entries(LOGINS) as [Login, string][]) {
      tokens[login] = (await sessionOf(t, email)).accessToken;
    }
    state.demo.adminBearer = `Bearer ${tokens.admin}`;
    state.demo.adminRefresh = (await sessionOf(t, LOGINS.admin)).refreshToken;
  });
  afterAll(() => t.close());

  it(`covers every operation with a request body (${BODY_OPERATIONS}), each with an example`, () => {
    const withBody = operations.filter((o) => o.op.requestBody);
    expect(withBody.length).toBe(BODY_OPERATIONS);
    expect(withBody.map((o) => o.op.operationId).sort()).toEqual(Object.keys(steps).sort());
    for (const { op } of withBody) {
      const examples = op.requestBody!.content['application/json'].examples ?? {};
      expect({ op: op.operationId, examples: Object.keys(examples) }).toEqual({
        op: op.operationId,
        examples: ['example'],
      });
    }
  });

  it('names, in each example with a stand-in, where to get the real value', () => {
    const standIns = new Set<unknown>([...Object.values(EXAMPLE_ID), EXAMPLE_REFRESH_TOKEN]);
    const unexplained: string[] = [];
    let seen = 0;
    for (const { op } of operations.filter((o) => o.op.requestBody)) {
      const example = op.requestBody!.content['application/json'].examples!.example!;
      for (const [field, value] of Object.entries(example.value as Record<string, unknown>)) {
        if (![value].flat().some((v) => standIns.has(v))) continue;
        seen++;
        if (!example.description?.includes(`\`${field}\`:`)) unexplained.push(`${op.operationId}.${field}`);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(unexplained).toEqual([]);
  });

  // One test per operation, in the plan's order (later ones use what earlier ones created).
  const order = Object.keys(plan({} as TestApp));
  it.each(order)('%s: the example is accepted as documented', async (operationId) => {
    const step = steps[operationId]!;
    const { method, path, op } = operations.find((o) => o.op.operationId === operationId)!;
    expect(Object.keys(op.responses)).toContain(String(step.status));
    const ids = { ...state.ids, ...step.ids?.(state) };
    const realId = new Map(
      Object.entries(EXAMPLE_ID).map(([kind, standIn]) => [standIn, ids[kind as keyof typeof ids]]),
    );
    const example = op.requestBody!.content['application/json'].examples!.example!.value;
    let body = JSON.parse(JSON.stringify(example), (_key, value: unknown) =>
      typeof value === 'string' && realId.has(value as never) ? realId.get(value as never) : value,
    ) as Record<string, unknown>;
    if (step.fill) body = await step.fill(body, state);
    expect(JSON.stringify(body)).not.toMatch(/00000000-0000-4000-8000-00000000000|paste-the-/);

    const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => step.params!(state)[name]!);
    const headers: Record<string, string> = step.as ? { authorization: `Bearer ${tokens[step.as]}` } : {};
    if (step.ifMatch) {
      const current = await t.http().get(url).set(headers);
      expect(current.status).toBe(200);
      headers['if-match'] = current.headers.etag!;
    }
    if (step.creates) headers['idempotency-key'] = `example-${operationId}`;
    const res: Response = await t.http()[method as 'post'](url).set(headers).send(body);
    expect({ operationId, status: res.status, body: res.status === step.status ? null : res.body }).toEqual({
      operationId,
      status: step.status,
      body: null,
    });
    if (step.creates) state.created[operationId] = (res.body as { id: string }).id;
    // A password change ends the caller's sessions: carry on with the new token.
    if (operationId === 'changeMyPassword') tokens.analyst = (res.body as { accessToken: string }).accessToken;
  });
});
