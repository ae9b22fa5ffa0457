import { createUser, type Actor } from '../support/actors.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The case that shaped Tansiq, end to end: a meeting in Beirut with decisions, a Syrian
 * commitment to exchange intelligence and a Lebanese one on illegal crossings derived from
 * them, assignments to liaison officers, updates, and the dual sign-off.
 */
describe('the Beirut seed case', () => {
  let t: TestApp;
  let f: RegistryFactory;
  const u: Record<string, Actor> = {};
  const p: Record<string, Ref> = {};
  let lb: Ref;
  let sy: Ref;
  let committee: Ref;

  const as = (who: string) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set(u[who]!.headers),
    post: (path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(u[who]!.headers).send(body),
    patch: (path: string, body: object, etag?: string) => {
      const req = t.http().patch(`/api/v1${path}`).set(u[who]!.headers);
      if (etag) req.set('if-match', etag);
      return req.send(body);
    },
  });

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await createUser(t, 'admin');
    f = new RegistryFactory(t, admin);
    lb = await f.party({ nameEn: 'Lebanon', nameAr: 'لبنان' });
    sy = await f.party({ nameEn: 'Syria', nameAr: 'سوريا' });
    committee = await f.committee([lb.id, sy.id], {
      nameEn: 'Joint Committee on Counterterrorism and Intelligence Sharing',
    });
    const seats: [string, Ref, 'co_chair' | 'secretary' | 'liaison_officer', 'secretary' | 'liaison_officer'][] = [
      ['cochairLB', lb, 'co_chair', 'secretary'],
      ['cochairSY', sy, 'co_chair', 'secretary'],
      ['secretaryLB', lb, 'secretary', 'secretary'],
      ['secretarySY', sy, 'secretary', 'secretary'],
      ['liaisonLB', lb, 'liaison_officer', 'liaison_officer'],
      ['liaisonSY', sy, 'liaison_officer', 'liaison_officer'],
    ];
    for (const [key, party, seat, role] of seats) {
      p[key] = await f.person(party.id);
      await f.member(committee.id, p[key].id, seat);
      u[key] = await createUser(t, role, { personId: p[key].id });
    }
  });
  afterAll(() => t.close());

  let meeting: { id: string; decisions: { id: string; number: number }[] };
  let syCommitment: string;
  let lbCommitment: string;

  it('records a meeting in Beirut with numbered decisions', async () => {
    const created = await as('secretaryLB').post(`/committees/${committee.id}/meetings`, {
      startsAt: '2025-10-31T10:00:00+02:00',
      timeZone: 'Asia/Beirut',
      place: 'Beirut',
      agenda: 'Intelligence sharing; illegal crossings',
      attendeeIds: [p.cochairLB!.id, p.cochairSY!.id, p.secretaryLB!.id, p.secretarySY!.id],
    });
    expect(created.status).toBe(201);
    expect(created.body.startsAt).toBe('2025-10-31T08:00:00.000Z');
    expect(created.body.attendees).toHaveLength(4);
    const d1 = await as('secretaryLB').post(`/meetings/${created.body.id}/decisions`, {
      text: 'Exchange intelligence on networks every two weeks.',
    });
    const d2 = await as('secretarySY').post(`/meetings/${created.body.id}/decisions`, {
      text: 'Lebanon shares its list of illegal crossings.',
    });
    expect([d1.status, d2.status]).toEqual([201, 201]);
    expect([d1.body.number, d2.body.number]).toEqual([1, 2]);
    meeting = (await as('liaisonSY').get(`/meetings/${created.body.id}`)).body;
    expect(meeting.decisions.map((d) => d.number)).toEqual([1, 2]);
  });

  it('derives a Syrian and a Lebanese commitment from the decisions, and the decisions list them', async () => {
    const [d1, d2] = meeting.decisions;
    const syRes = await as('secretaryLB').post(`/committees/${committee.id}/commitments`, {
      ownerPartyId: sy.id,
      title: 'Exchange intelligence on cross-border networks',
      sourceDecisionId: d1!.id,
      dueOn: '2030-01-31',
    });
    const lbRes = await as('secretarySY').post(`/committees/${committee.id}/commitments`, {
      ownerPartyId: lb.id,
      title: 'Close the illegal crossings on the list',
      sourceDecisionId: d2!.id,
      dueOn: '2030-02-28',
    });
    expect([syRes.status, lbRes.status]).toEqual([201, 201]);
    expect(syRes.body).toMatchObject({
      status: 'pending',
      progress: 0,
      ownerPartyCode: sy.code,
      overdue: false,
      version: 1,
    });
    syCommitment = syRes.body.id;
    lbCommitment = lbRes.body.id;
    const cited = (await as('cochairSY').get(`/meetings/${meeting.id}`)).body.decisions;
    expect(cited[0].citedBy.commitmentIds).toEqual([syCommitment]);
    expect(cited[1].citedBy.commitmentIds).toEqual([lbCommitment]);
  });

  it('assigns work to the liaison officers, who acknowledge it, move it and report on it', async () => {
    const res = await as('secretaryLB').post(`/committees/${committee.id}/assignments`, {
      title: 'Map illegal crossings in the Hermel sector',
      assigneeIds: [p.liaisonLB!.id, p.liaisonSY!.id],
      raisingPartyId: sy.id,
      borderSector: 'Hermel sector',
      priority: 'high',
      dueOn: '2030-01-15',
      sourceDecisionId: meeting.decisions[1]!.id,
    });
    expect(res.status).toBe(201);
    expect(res.body.assignees.map((a: { acknowledgedAt: unknown }) => a.acknowledgedAt)).toEqual([null, null]);
    const id = res.body.id as string;

    const ack = await as('liaisonLB').post(`/assignments/${id}/acknowledgement`);
    expect(ack.status).toBe(200);
    const mine = (await as('liaisonLB').get('/me/assignments')).body.items;
    expect(mine).toEqual([expect.objectContaining({ id, acknowledgedAt: expect.any(String), status: 'open' })]);
    expect((await as('liaisonSY').get('/me/assignments')).body.items[0].acknowledgedAt).toBeNull();

    expect((await as('liaisonLB').post(`/assignments/${id}/transitions`, { to: 'in_progress' })).status).toBe(200);
    expect(
      (await as('liaisonLB').post(`/assignments/${id}/transitions`, { to: 'blocked', note: 'Road closed by snow' }))
        .status,
    ).toBe(200);
    // Assignees make their own moves, but cancelling is the secretary's.
    expect((await as('liaisonLB').post(`/assignments/${id}/transitions`, { to: 'cancelled' })).status).toBe(403);
    const update = await as('liaisonSY').post(`/assignments/${id}/updates`, {
      body: 'Three crossings mapped on our side.',
    });
    expect(update.status).toBe(201);
    expect((await as('liaisonLB').post(`/assignments/${id}/transitions`, { to: 'done' })).status).toBe(200);
    // Reopening is the secretary's.
    expect((await as('liaisonLB').post(`/assignments/${id}/transitions`, { to: 'in_progress' })).status).toBe(403);
    expect(
      (
        await as('secretarySY').post(`/assignments/${id}/transitions`, {
          to: 'in_progress',
          note: 'Two more crossings found',
        })
      ).status,
    ).toBe(200);

    const timeline = (await as('cochairLB').get(`/assignments/${id}/updates`)).body.items as {
      toStatus: string | null;
      body: string;
    }[];
    expect(timeline.map((e) => e.toStatus)).toEqual(['in_progress', 'blocked', null, 'done', 'in_progress']);
    expect(timeline[1]!.body).toBe('Road closed by snow');
  });

  it('lets the Syrian side claim fulfilment, refuses the Syrian co-chair’s confirmation and accepts the Lebanese co-chair’s', async () => {
    expect(
      (await as('secretaryLB').post(`/commitments/${syCommitment}/transitions`, { to: 'in_progress' })).status,
    ).toBe(403);
    expect(
      (await as('secretarySY').post(`/commitments/${syCommitment}/transitions`, { to: 'in_progress' })).status,
    ).toBe(200);
    const progress = await as('secretarySY').post(`/commitments/${syCommitment}/updates`, {
      body: 'First exchange done.',
      progress: 50,
    });
    expect(progress.status).toBe(201);
    expect((await as('cochairLB').get(`/commitments/${syCommitment}`)).body.progress).toBe(50);
    // Only the owner side claims.
    expect(
      (await as('cochairLB').post(`/commitments/${syCommitment}/transitions`, { to: 'fulfilment_claimed' })).status,
    ).toBe(403);
    const claim = await as('cochairSY').post(`/commitments/${syCommitment}/transitions`, {
      to: 'fulfilment_claimed',
      note: 'Exchanges running since November',
    });
    expect(claim.status).toBe(200);
    expect(claim.body.status).toBe('fulfilment_claimed');

    const selfConfirm = await as('cochairSY').post(`/commitments/${syCommitment}/transitions`, { to: 'fulfilled' });
    expect(selfConfirm.status).toBe(403);
    expect(selfConfirm.headers['content-type']).toMatch(/problem\+json/);
    expect((await as('secretarySY').post(`/commitments/${syCommitment}/transitions`, { to: 'fulfilled' })).status).toBe(
      403,
    );
    // A liaison officer is no co-chair or secretary.
    expect((await as('liaisonLB').post(`/commitments/${syCommitment}/transitions`, { to: 'fulfilled' })).status).toBe(
      403,
    );

    const confirm = await as('cochairLB').post(`/commitments/${syCommitment}/transitions`, { to: 'fulfilled' });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toMatchObject({ status: 'fulfilled', progress: 100 });
    const timeline = (await as('liaisonSY').get(`/commitments/${syCommitment}/updates`)).body.items as {
      toStatus: string | null;
      authorPersonId: string;
    }[];
    expect(timeline.filter((e) => e.toStatus).map((e) => [e.toStatus, e.authorPersonId])).toEqual([
      ['in_progress', p.secretarySY!.id],
      ['fulfilment_claimed', p.cochairSY!.id],
      ['fulfilled', p.cochairLB!.id],
    ]);
  });

  it('needs a reason to reject a claim or to withdraw', async () => {
    expect(
      (await as('secretaryLB').post(`/commitments/${lbCommitment}/transitions`, { to: 'in_progress' })).status,
    ).toBe(200);
    expect(
      (await as('secretaryLB').post(`/commitments/${lbCommitment}/transitions`, { to: 'fulfilment_claimed' })).status,
    ).toBe(200);
    const bare = await as('cochairSY').post(`/commitments/${lbCommitment}/transitions`, { to: 'in_progress' });
    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([{ field: 'note', message: expect.stringContaining('required') }]);
    const rejected = await as('cochairSY').post(`/commitments/${lbCommitment}/transitions`, {
      to: 'in_progress',
      note: 'Two crossings are still open',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('in_progress');

    const withdrawBare = await as('secretaryLB').post(`/commitments/${lbCommitment}/transitions`, { to: 'withdrawn' });
    expect(withdrawBare.status).toBe(400);
    expect(withdrawBare.body.errors[0].field).toBe('note');
    const withdrawBlank = await as('secretaryLB').post(`/commitments/${lbCommitment}/transitions`, {
      to: 'withdrawn',
      note: '   ',
    });
    expect(withdrawBlank.status).toBe(400);
    const withdrawn = await as('secretaryLB').post(`/commitments/${lbCommitment}/transitions`, {
      to: 'withdrawn',
      note: 'Superseded by the border monitoring plan',
    });
    expect(withdrawn.status).toBe(200);
    const illegal = await as('secretaryLB').post(`/commitments/${lbCommitment}/transitions`, { to: 'in_progress' });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ currentState: 'withdrawn', allowedTransitions: [] });
  });
});
