import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { verifyConsistency, verifyInclusion } from '../../src/audit/log/merkle.js';
import {
  SIG_COSIGNATURE_V1,
  cosign,
  generateKey,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  verifyCosignature,
  verifyNote,
  type NoteSigner,
} from '../../src/audit/log/signed-note.js';
import { createApiClient, createUser, type Actor } from '../support/actors.js';
import { expectInvalid, expectProblem } from '../support/problems.js';
import { RegistryFactory, type Ref } from '../support/registry-factory.js';
import { sql } from '../support/test-database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/*
 * The verifiable log's API (/log): key, checkpoints, RFC 9162 proofs, witness keys and
 * cosignatures. Every expected hash is recomputed here from the events as GET /audit serves
 * them, with node:crypto and this file's own canonical JSON and Merkle tree hash: nothing of
 * the code under test computes an expected value (merkle.ts and signed-note.ts only verify
 * proofs and signatures, as a client of the API would).
 */

interface ServedEvent {
  seq: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  changes: unknown;
  requestId: string | null;
  logIndex: number | null;
  leafHash: string | null;
}

interface CheckpointBody {
  origin: string;
  treeSize: number;
  rootHash: string;
  signedAt: string;
  note: string;
  witnesses: {
    partyId: string;
    partyCode: string;
    keyName: string;
    latestCosigned: { treeSize: number; rootHash: string; cosignedAt: string; note: string } | null;
  }[];
}

const ORIGIN = 'tansiq.local/audit-log';
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** JSON with keys sorted at every level (the leaf encoding the API documents). */
function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

/** SHA-256(0x00 || canonical JSON of the served fields seq … requestId). */
function leafOf(e: ServedEvent): Buffer {
  const { seq, occurredAt, actorType, actorId, action, entity, entityId, changes, requestId } = e;
  const data = sortedJson({ seq, occurredAt, actorType, actorId, action, entity, entityId, changes, requestId });
  return sha256(Buffer.from([0x00]), Buffer.from(data, 'utf8'));
}

/** MTH by the recursive definition of RFC 9162 §2.1.1. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Buffer.from([0x01]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const b64 = (hash: Buffer) => hash.toString('base64');
/** 2^53 − 1: the largest tree size or index the API takes. */
const MAX = '9007199254740991';
const unb64 = (text: string) => Buffer.from(text, 'base64');
const now = () => Math.floor(Date.now() / 1000);

describe('verifiable log API', () => {
  let t: TestApp;
  let admin: Actor, analyst: Actor, apiClient: Actor;
  let f: RegistryFactory;
  let lb: Ref, sy: Ref, third: Ref;
  /** The log's key as GET /log/key serves it. */
  let logKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    [admin, analyst, apiClient] = [
      await createUser(t, 'admin'),
      await createUser(t, 'analyst'),
      await createApiClient(t),
    ];
    f = new RegistryFactory(t, admin);
    [lb, sy, third] = [await f.party(), await f.party(), await f.party()];
    // A tree of more than 8 leaves and of no power-of-two size: proofs with every kind of step.
    for (let i = 0; i < 5; i++) await f.issueArea();
  });
  // The last test rewrites the tree on purpose: the log no longer verifies.
  afterAll(() => t.close({ auditTampered: true }));

  /** Every event of the trail with its leaf, in log order (all of them sequenced). */
  async function leaves(): Promise<{ events: ServedEvent[]; hashes: Buffer[] }> {
    const events: ServedEvent[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await t
        .http()
        .get('/api/v1/audit')
        .query({ limit: 200, ...(cursor ? { cursor } : {}) })
        .set(admin.headers);
      expect(res.status).toBe(200);
      events.push(...(res.body.items as ServedEvent[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    events.sort((a, b) => a.logIndex! - b.logIndex!);
    expect(events.map((e) => e.logIndex)).toEqual(events.map((_e, i) => i));
    const hashes = events.map(leafOf);
    // The served leaf hash is the one anyone recomputes from the served event.
    expect(events.map((e) => e.leafHash)).toEqual(hashes.map(b64));
    return { events, hashes };
  }

  const checkpoint = async (query: object = {}, actor: Actor = apiClient): Promise<CheckpointBody> => {
    const res = await t.http().get('/api/v1/log/checkpoint').query(query).set(actor.headers);
    expect(res.status).toBe(200);
    return res.body as CheckpointBody;
  };

  /** Some writes (each an audit event), then a signed checkpoint of everything. */
  const grow = async (parties: number): Promise<CheckpointBody> => {
    for (let i = 0; i < parties; i++) await f.party();
    await t.sequenceLog();
    return checkpoint();
  };

  const textOf = (note: string) => parseNote(note).text;

  it('GET /log/checkpoint before the first checkpoint: 404 CHECKPOINT_NOT_FOUND', async () => {
    const res = await t.http().get('/api/v1/log/checkpoint').set(analyst.headers);
    expectProblem(res, 404, 'CHECKPOINT_NOT_FOUND');
  });

  describe('GET /log/key (public)', () => {
    it('serves the verifier key as text by default, JSON on request', async () => {
      const text = await t.http().get('/api/v1/log/key');
      expect(text.status).toBe(200);
      expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(text.text).toMatch(/^tansiq\.local\/audit-log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/);
      logKey = text.text.trim();
      const key = parseVerifierKey(logKey);
      expect({ name: key.name, type: key.type }).toEqual({ name: ORIGIN, type: 0x01 });

      const json = await t.http().get('/api/v1/log/key').set('accept', 'application/json');
      expect(json.status).toBe(200);
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(json.body).toEqual({ origin: ORIGIN, verifierKey: logKey });
      // A browser's Accept prefers neither: the primary (text) representation.
      const browser = await t.http().get('/api/v1/log/key').set('accept', 'text/html,*/*;q=0.8');
      expect(browser.text).toBe(`${logKey}\n`);
      const weighted = await t.http().get('/api/v1/log/key').set('accept', 'text/plain;q=0.5, application/json');
      expect(weighted.body).toEqual({ origin: ORIGIN, verifierKey: logKey });
    });

    it('an Accept it cannot serve gets the default representation, never 406 (RFC 9110 §12.5.1)', async () => {
      for (const accept of ['image/png', 'application/xml;q=0.9, image/*']) {
        const res = await t.http().get('/api/v1/log/key').set('accept', accept);
        expect({ accept, status: res.status, type: res.headers['content-type'], text: res.text }).toEqual({
          accept,
          status: 200,
          type: 'text/plain; charset=utf-8',
          text: `${logKey}\n`,
        });
      }
    });
  });

  describe('GET /log/checkpoint', () => {
    it('is signed by the served key over the root of the leaves recomputed from the served events', async () => {
      await t.sequenceLog();
      const body = await checkpoint();
      const { hashes } = await leaves();
      expect(hashes.length).toBeGreaterThan(3);
      expect(body).toMatchObject({ origin: ORIGIN, treeSize: hashes.length, rootHash: b64(mth(hashes)) });
      expect(Date.now() - Date.parse(body.signedAt)).toBeLessThan(60_000);
      const { text } = verifyNote(body.note, [parseVerifierKey(logKey)]);
      expect(text).toBe(`${ORIGIN}\n${hashes.length}\n${b64(mth(hashes))}\n`);
      expect(parseCheckpoint(text)).toEqual({ origin: ORIGIN, size: hashes.length, rootHash: mth(hashes) });
      // Not signed by another key.
      expect(() => verifyNote(body.note, [parseVerifierKey(generateKey(ORIGIN).vkey)])).toThrow();
    });

    it('serves the signed note alone as text/plain, to users and API clients', async () => {
      const json = await checkpoint({}, analyst);
      const text = await t.http().get('/api/v1/log/checkpoint').set(apiClient.headers).set('accept', 'text/plain');
      expect(text.status).toBe(200);
      expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(text.text).toBe(json.note);
    });

    it('serves a stored checkpoint by its size; 404 for a size never signed; 400 naming a bad treeSize', async () => {
      const first = await checkpoint();
      const later = await grow(2);
      expect(later.treeSize).toBe(first.treeSize + 2);
      const again = await checkpoint({ treeSize: first.treeSize });
      expect({ treeSize: again.treeSize, rootHash: again.rootHash, note: again.note }).toEqual({
        treeSize: first.treeSize,
        rootHash: first.rootHash,
        note: first.note,
      });
      const missing = await t
        .http()
        .get('/api/v1/log/checkpoint')
        .query({ treeSize: first.treeSize + 1 })
        .set(analyst.headers);
      expect(expectProblem(missing, 404, 'CHECKPOINT_NOT_FOUND').errors).toEqual([
        { field: 'treeSize', message: 'names no stored checkpoint' },
      ]);
      // One message per field, whatever is wrong with the value.
      for (const treeSize of ['abc', '-1', '1.5', '', '1e3', '9007199254740992'])
        expect({
          treeSize,
          errors: expectInvalid(
            await t.http().get('/api/v1/log/checkpoint').query({ treeSize }).set(analyst.headers),
            'treeSize',
          ).errors,
        }).toEqual({ treeSize, errors: [{ field: 'treeSize', message: `must be an integer from 0 to ${MAX}` }] });
    });

    it('an Accept it cannot serve gets the default representation (JSON), never 406', async () => {
      const json = await checkpoint({}, analyst);
      const res = await t.http().get('/api/v1/log/checkpoint').set(analyst.headers).set('accept', 'image/png');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers.vary).toMatch(/Accept/);
      expect(res.body).toEqual(json);
    });
  });

  describe('GET /log/proof/inclusion', () => {
    const inclusion = (query: object) =>
      t.http().get('/api/v1/log/proof/inclusion').query(query).set(apiClient.headers);

    it('proves leaves of the served events in trees of several sizes, checkpointed or not', async () => {
      const { hashes } = await leaves();
      const n = hashes.length;
      expect(n).toBeGreaterThan(8);
      const cases: [number, number][] = [
        [0, 1],
        [0, 2],
        [1, 2],
        [2, 3],
        [0, 7],
        [5, 7],
        [6, 7],
        [3, 8],
        [7, 8],
        [0, n],
        [Math.floor(n / 2), n],
        [n - 1, n],
      ];
      for (const [index, treeSize] of cases) {
        const res = await inclusion({ index, treeSize });
        expect(res.status).toBe(200);
        const root = mth(hashes.slice(0, treeSize));
        expect(res.body).toMatchObject({ index, treeSize, leafHash: b64(hashes[index]!), rootHash: b64(root) });
        const proof = (res.body.proof as string[]).map(unb64);
        expect({ index, treeSize, verified: verifyInclusion(hashes[index]!, index, treeSize, proof, root) }).toEqual({
          index,
          treeSize,
          verified: true,
        });
        // Any other leaf at that place does not verify.
        if (treeSize > 1)
          expect(verifyInclusion(hashes[(index + 1) % treeSize]!, index, treeSize, proof, root)).toBe(false);
      }
      // The audit paths of small trees, written out (RFC 9162 §2.1.3.1).
      const [h0, h1, h2] = hashes as [Buffer, Buffer, Buffer];
      expect((await inclusion({ index: 0, treeSize: 1 })).body.proof).toEqual([]);
      expect((await inclusion({ index: 0, treeSize: 2 })).body.proof).toEqual([b64(h1)]);
      expect((await inclusion({ index: 2, treeSize: 3 })).body.proof).toEqual([b64(mth([h0, h1]))]);
      expect((await inclusion({ index: 0, treeSize: 3 })).body.proof).toEqual([b64(h1), b64(h2)]);
    });

    it('400 naming the field for a missing, malformed or out-of-range index or treeSize', async () => {
      const { size } = { size: (await leaves()).hashes.length };
      expectInvalid(await inclusion({ treeSize: 1 }), 'index');
      expectInvalid(await inclusion({ index: 0 }), 'treeSize');
      expectInvalid(await inclusion({ index: 'x', treeSize: 1 }), 'index');
      expectInvalid(await inclusion({ index: -1, treeSize: 1 }), 'index');
      expectInvalid(await inclusion({ index: 0, treeSize: '2.5' }), 'treeSize');
      expectInvalid(await inclusion({ index: 0, treeSize: '9007199254740993' }), 'treeSize');
      expect(expectInvalid(await inclusion({ index: 3, treeSize: 3 }), 'index').errors).toEqual([
        { field: 'index', message: 'must be below treeSize (3)' },
      ]);
      // The empty tree holds no leaf: treeSize is named, as its documented minimum (1) says.
      expect(expectInvalid(await inclusion({ index: 0, treeSize: 0 }), 'treeSize').errors).toEqual([
        { field: 'treeSize', message: `must be an integer from 1 to ${MAX}` },
      ]);
      // A value that is no integer: one message for the field, not one per rule.
      expect(expectInvalid(await inclusion({ index: 'a', treeSize: 1 }), 'index').errors).toEqual([
        { field: 'index', message: `must be an integer from 0 to ${MAX}` },
      ]);
      expect(expectInvalid(await inclusion({ index: 'a', treeSize: 'b' }), 'index').errors).toEqual([
        { field: 'index', message: `must be an integer from 0 to ${MAX}` },
        { field: 'treeSize', message: `must be an integer from 1 to ${MAX}` },
      ]);
      expect(expectInvalid(await inclusion({ index: 0, treeSize: size + 1 }), 'treeSize').errors![0]!.message).toBe(
        `is ${size + 1}, beyond the log's ${size} leaves (GET /log/checkpoint gives its size)`,
      );
      expectInvalid(await inclusion({ index: 0, treeSize: 1, extra: 1 }), 'extra');
    });
  });

  describe('GET /log/proof/consistency', () => {
    const consistency = (query: object) =>
      t.http().get('/api/v1/log/proof/consistency').query(query).set(analyst.headers);

    it('proves each tree a prefix of the larger ones', async () => {
      const { hashes } = await leaves();
      const n = hashes.length;
      const cases: [number, number][] = [
        [0, 0],
        [0, n],
        [1, 1],
        [1, 2],
        [1, n],
        [2, 3],
        [3, 7],
        [4, 8],
        [6, 8],
        [7, n],
        [n - 1, n],
        [n, n],
      ];
      for (const [from, to] of cases) {
        const res = await consistency({ from, to });
        expect(res.status).toBe(200);
        const [fromRoot, toRoot] = [mth(hashes.slice(0, from)), mth(hashes.slice(0, to))];
        expect(res.body).toMatchObject({ from, to, fromRoot: b64(fromRoot), toRoot: b64(toRoot) });
        const proof = (res.body.proof as string[]).map(unb64);
        expect({ from, to, verified: verifyConsistency(from, to, fromRoot, toRoot, proof) }).toEqual({
          from,
          to,
          verified: true,
        });
        // A different old root is not proved a prefix.
        if (from > 0 && from < to)
          expect(verifyConsistency(from, to, mth(hashes.slice(1, from + 1)), toRoot, proof)).toBe(false);
      }
      // Written out (RFC 9162 §2.1.4.1): from 1 to 2 the proof is the second leaf; equal sizes need none.
      expect((await consistency({ from: 1, to: 2 })).body.proof).toEqual([b64(hashes[1]!)]);
      expect((await consistency({ from: 3, to: 4 })).body.proof).toEqual([
        b64(hashes[2]!),
        b64(hashes[3]!),
        b64(mth(hashes.slice(0, 2))),
      ]);
      expect((await consistency({ from: 5, to: 5 })).body.proof).toEqual([]);
    });

    it('400 naming the field for bad sizes, from > to, or to beyond the log', async () => {
      const size = (await leaves()).hashes.length;
      expectInvalid(await consistency({ to: 1 }), 'from');
      expectInvalid(await consistency({ from: 1 }), 'to');
      expectInvalid(await consistency({ from: 'one', to: 1 }), 'from');
      expectInvalid(await consistency({ from: 0, to: '0x10' }), 'to');
      expect(expectInvalid(await consistency({ from: 'a', to: '-1' }), 'from').errors).toEqual([
        { field: 'from', message: `must be an integer from 0 to ${MAX}` },
        { field: 'to', message: `must be an integer from 0 to ${MAX}` },
      ]);
      expect(expectInvalid(await consistency({ from: 3, to: 2 }), 'from').errors).toEqual([
        { field: 'from', message: 'must be at most to (2)' },
        { field: 'to', message: 'must be at least from (3)' },
      ]);
      expectInvalid(await consistency({ from: 0, to: size + 1 }), 'to');
    });
  });

  describe('witness keys and cosignatures', () => {
    const lbKey = generateKey('lb.test/witness', SIG_COSIGNATURE_V1);
    const syKey = generateKey('sy.test/witness', SIG_COSIGNATURE_V1);
    let lbSigner: NoteSigner, sySigner: NoteSigner;
    const register = (partyId: string, verifierKey: unknown, actor: Actor = admin) =>
      t.http().put(`/api/v1/log/witnesses/${partyId}`).set(actor.headers).send({ verifierKey });
    const post = (checkpointText: string, cosignature: string, actor: Actor = analyst) =>
      t.http().post('/api/v1/log/cosignatures').set(actor.headers).send({ checkpoint: checkpointText, cosignature });

    beforeAll(() => {
      [lbSigner, sySigner] = [parseSignerKey(lbKey.skey), parseSignerKey(syKey.skey)];
    });

    it('PUT /log/witnesses/{partyId}: admin only; the key must be a well-formed cosignature/v1 key', async () => {
      expectProblem(await register(lb.id, lbKey.vkey, analyst), 403, 'FORBIDDEN');
      expectProblem(await register(lb.id, lbKey.vkey, apiClient), 403, 'FORBIDDEN');
      expectInvalid(await register(lb.id, 'not a key'), 'verifierKey');
      expectInvalid(await register(lb.id, lbKey.vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+')), 'verifierKey');
      expectInvalid(await register(lb.id, 42), 'verifierKey');
      const ed25519 = expectInvalid(await register(lb.id, generateKey('lb.test/plain').vkey), 'verifierKey');
      expect(ed25519.errors![0]!.message).toMatch(/type 0x01.*0x04/);
      expectProblem(await register('00000000-0000-4000-8000-000000000000', lbKey.vkey), 404, 'NOT_FOUND');
      expectInvalid(await register('nope', lbKey.vkey), 'partyId');
    });

    it('registers one key per party, audited; another party cannot take its name; GET lists them', async () => {
      const res = await register(lb.id, lbKey.vkey);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        partyId: lb.id,
        partyCode: lb.code,
        keyName: 'lb.test/witness',
        verifierKey: lbKey.vkey,
      });
      // The same key again changes nothing.
      expect((await register(lb.id, lbKey.vkey)).body).toEqual(res.body);
      expect((await register(sy.id, syKey.vkey)).status).toBe(200);
      const taken = generateKey('lb.test/witness', SIG_COSIGNATURE_V1).vkey;
      expect(expectProblem(await register(third.id, taken), 409, 'WITNESS_KEY_TAKEN').errors).toEqual([
        { field: 'verifierKey', message: "has another party's key name or key" },
      ]);
      expectProblem(await register(third.id, lbKey.vkey), 409, 'WITNESS_KEY_TAKEN');

      const events = await t
        .http()
        .get('/api/v1/audit')
        .query({ entity: 'log_witnesses', entityId: lb.id })
        .set(admin.headers);
      expect(events.body.items).toEqual([
        expect.objectContaining({
          action: 'create',
          actorId: admin.id,
          changes: { keyName: { after: 'lb.test/witness' }, verifierKey: { after: lbKey.vkey } },
        }),
      ]);

      const list = await t.http().get('/api/v1/log/witnesses').set(apiClient.headers);
      expect(list.status).toBe(200);
      expect(list.body.nextCursor).toBeNull();
      expect(
        (list.body.items as { partyId: string; keyName: string; verifierKey: string }[]).map((w) => [
          w.partyId,
          w.keyName,
          w.verifierKey,
        ]),
      ).toEqual(
        [
          [lb.id, 'lb.test/witness', lbKey.vkey, lb.code as string],
          [sy.id, 'sy.test/witness', syKey.vkey, sy.code as string],
        ]
          .sort((a, b) => a[3]!.localeCompare(b[3]!))
          .map((row) => row.slice(0, 3)),
      );
    });

    it('both parties cosign the latest checkpoint: 201, and the checkpoint carries both cosignatures', async () => {
      const latest = await grow(1);
      const text = textOf(latest.note);
      const lbLine = cosign(text, lbSigner, now());
      const syLine = cosign(text, sySigner, now() - 5);
      const res = await post(text, lbLine);
      expect(res.status).toBe(201);
      // Location: where GET answers the same cosignature (RFC 9110 §10.2.2).
      expect(res.headers.location).toBe(`/api/v1/log/witnesses/${lb.id}/cosignatures/${latest.treeSize}`);
      const read = await t
        .http()
        .get(res.headers.location as string)
        .set(analyst.headers);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
      expect(res.body).toEqual({
        partyId: lb.id,
        partyCode: lb.code,
        keyName: 'lb.test/witness',
        verifierKey: lbKey.vkey,
        treeSize: latest.treeSize,
        rootHash: latest.rootHash,
        cosignature: lbLine,
        cosignedAt: new Date(Number(unb64(lbLine.split(' ')[2]!).readBigUInt64BE(4)) * 1000).toISOString(),
        receivedAt: expect.any(String),
      });
      // A trailing newline is accepted.
      expect((await post(text, `${syLine}\n`, admin)).status).toBe(201);

      const body = await checkpoint({}, analyst);
      expect(body.treeSize).toBe(latest.treeSize);
      // The log's signature, then the cosignatures in the order received.
      expect(body.note).toBe(`${latest.note}${lbLine}\n${syLine}\n`);
      verifyNote(body.note, [parseVerifierKey(logKey)]);
      const lines = parseNote(body.note).signatures.map((s) => s.line);
      expect(verifyCosignature(text, lines[1]!, parseVerifierKey(lbKey.vkey))).toEqual({
        timestamp: Number(unb64(lbLine.split(' ')[2]!).readBigUInt64BE(4)),
      });
      expect(verifyCosignature(text, lines[2]!, parseVerifierKey(syKey.vkey))).not.toBeNull();
      const byParty = Object.fromEntries(body.witnesses.map((w) => [w.partyId, w]));
      expect(Object.keys(byParty).sort()).toEqual([lb.id, sy.id].sort());
      for (const party of [lb, sy])
        expect(byParty[party.id]).toEqual({
          partyId: party.id,
          partyCode: party.code,
          keyName: party === lb ? 'lb.test/witness' : 'sy.test/witness',
          latestCosigned: {
            treeSize: latest.treeSize,
            rootHash: latest.rootHash,
            cosignedAt: expect.any(String),
            note: body.note,
          },
        });
    });

    it('the same cosignature again: 200 with the stored one (201 only when stored now), stored once', async () => {
      const latest = await checkpoint();
      const text = textOf(latest.note);
      const line = parseNote(latest.note).signatures[1]!.line;
      // Stored by the previous test: nothing is created now.
      const first = await post(text, line);
      const again = await post(text, line, admin);
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(first.body).toMatchObject({ partyId: lb.id, cosignature: line });
      expect(again.body).toEqual(first.body);
      // A fresh cosignature of a checkpoint the party already cosigned: the first one stands.
      const later = await post(text, cosign(text, lbSigner, now()));
      expect(later.status).toBe(200);
      expect(later.body).toEqual(first.body);
      const rows = await sql(t.db.url, `SELECT count(*)::int AS n FROM log_cosignatures WHERE party_id = $1`, [lb.id]);
      expect(rows).toEqual([{ n: 1 }]);
    });

    it('refuses a key no party registered, a bad signature, malformed input, a timestamp from the future', async () => {
      const text = textOf((await checkpoint()).note);
      const stranger = parseSignerKey(generateKey('stranger.test/witness', SIG_COSIGNATURE_V1).skey);
      expect(expectProblem(await post(text, cosign(text, stranger, now())), 403, 'WITNESS_KEY_UNKNOWN').errors).toEqual(
        [{ field: 'cosignature', message: 'is signed by a key that is not registered' }],
      );
      // A registered name with another key.
      const impostor = parseSignerKey(generateKey('lb.test/witness', SIG_COSIGNATURE_V1).skey);
      expectProblem(await post(text, cosign(text, impostor, now())), 403, 'WITNESS_KEY_UNKNOWN');

      const line = cosign(text, sySigner, now());
      const [dash, name, sig] = line.split(' ') as [string, string, string];
      const bytes = unb64(sig);
      bytes[bytes.length - 1]! ^= 0x01;
      const tampered = expectProblem(await post(text, `${dash} ${name} ${b64(bytes)}`), 400, 'COSIGNATURE_INVALID');
      expect(tampered.errors).toEqual([{ field: 'cosignature', message: 'does not verify' }]);
      // Signed over another text than the one sent.
      const other = text.replace(/\n\d+\n/, '\n1\n');
      expectProblem(await post(text, cosign(other, sySigner, now())), 400, 'COSIGNATURE_INVALID');

      expectInvalid(await post('not a checkpoint', line), 'checkpoint');
      expectInvalid(await post(text.slice(0, -1), line), 'checkpoint');
      expectInvalid(await post(text, 'sy.test/witness AAAA'), 'cosignature');
      expectInvalid(await post(text, `${line}\n${line}`), 'cosignature');
      expectInvalid(await t.http().post('/api/v1/log/cosignatures').set(analyst.headers).send({}), 'checkpoint');
      const future = expectInvalid(await post(text, cosign(text, sySigner, now() + 20 * 60)), 'cosignature');
      expect(future.errors![0]!.message).toMatch(/more than 10 minutes ahead/);
      // An API client may post it too (a party's verifier running unattended): the signature speaks.
      // SY cosigned this checkpoint already (above): accepted, and answered with the stored one.
      expect((await post(text, line, apiClient)).status).toBe(200);
    });

    it('409 CHECKPOINT_UNKNOWN for a checkpoint this log did not sign', async () => {
      const latest = await checkpoint();
      const madeUp = `${ORIGIN}\n${latest.treeSize}\n${b64(sha256(Buffer.from('another history')))}\n`;
      const res = await post(madeUp, cosign(madeUp, sySigner, now()));
      expect(expectProblem(res, 409, 'CHECKPOINT_UNKNOWN').errors).toEqual([
        { field: 'checkpoint', message: 'is not a checkpoint this log signed' },
      ]);
      const neverSigned = `${ORIGIN}\n${latest.treeSize + 1000}\n${latest.rootHash}\n`;
      expectProblem(await post(neverSigned, cosign(neverSigned, sySigner, now())), 409, 'CHECKPOINT_UNKNOWN');
      const otherOrigin = textOf(latest.note).replace(ORIGIN, 'elsewhere.test/log');
      expectProblem(await post(otherOrigin, cosign(otherOrigin, sySigner, now())), 409, 'CHECKPOINT_UNKNOWN');
    });

    it('409 CHECKPOINT_ROLLBACK for a checkpoint smaller than one the party cosigned; the other party may', async () => {
      const middle = await grow(2);
      const last = await grow(1);
      expect((await post(textOf(last.note), cosign(textOf(last.note), lbSigner, now()))).status).toBe(201);
      const back = await post(textOf(middle.note), cosign(textOf(middle.note), lbSigner, now()));
      expect(expectProblem(back, 409, 'CHECKPOINT_ROLLBACK').errors).toEqual([
        { field: 'checkpoint', message: `is smaller than the party's last cosigned checkpoint (${last.treeSize})` },
      ]);
      // Syria last cosigned a smaller one: the middle one extends it.
      expect((await post(textOf(middle.note), cosign(textOf(middle.note), sySigner, now()))).status).toBe(201);
      const body = await checkpoint({ treeSize: middle.treeSize });
      expect(body.note).toContain('— sy.test/witness ');
      expect(body.note).not.toContain('— lb.test/witness ');
      const latestOf = Object.fromEntries(body.witnesses.map((w) => [w.partyId, w.latestCosigned?.treeSize]));
      expect(latestOf).toEqual({ [lb.id]: last.treeSize, [sy.id]: middle.treeSize });
    });

    it('replacing a key: audited; the old key no longer counts', async () => {
      const next = generateKey('lb.test/witness', SIG_COSIGNATURE_V1);
      expect((await register(lb.id, next.vkey)).status).toBe(200);
      const events = await t
        .http()
        .get('/api/v1/audit')
        .query({ entity: 'log_witnesses', entityId: lb.id, action: 'update' })
        .set(admin.headers);
      expect(events.body.items.map((e: ServedEvent) => e.changes)).toEqual([
        { verifierKey: { before: lbKey.vkey, after: next.vkey } },
      ]);
      const latest = await grow(1);
      const text = textOf(latest.note);
      expectProblem(await post(text, cosign(text, lbSigner, now())), 403, 'WITNESS_KEY_UNKNOWN');
      lbSigner = parseSignerKey(next.skey);
      expect((await post(text, cosign(text, lbSigner, now()))).status).toBe(201);
    });

    it('409 CHECKPOINT_INCONSISTENT once the history a party cosigned was rewritten in the database', async () => {
      const cosigned = await checkpoint();
      expect(cosigned.witnesses.find((w) => w.partyId === lb.id)!.latestCosigned!.treeSize).toBe(cosigned.treeSize);
      // A superuser alters the first event and rebuilds the tree over it, as a dishonest operator would:
      // leaf 0 and every stored subtree holding it (level L, index 0).
      const { events, hashes } = await leaves();
      const altered = { ...events[0]!, changes: { note: { after: 'rewritten' } } };
      const rewritten = [leafOf(altered), ...hashes.slice(1)];
      const subtrees: [number, Buffer][] = [];
      for (let level = 1; 2 ** level <= hashes.length; level++)
        subtrees.push([level, mth(rewritten.slice(0, 2 ** level))]);
      await sql(
        t.db.url,
        `SET session_replication_role = replica;
         UPDATE audit_events SET changes = '{"note":{"after":"rewritten"}}' WHERE seq = ${Number(altered.seq)};
         UPDATE log_leaves SET hash = '\\x${rewritten[0]!.toString('hex')}' WHERE "index" = 0;
         ${subtrees.map(([level, hash]) => `UPDATE log_nodes SET hash = '\\x${hash.toString('hex')}' WHERE level = ${level} AND "index" = 0;`).join('\n')}`,
      );
      // The log goes on over the rewritten tree and signs a new checkpoint of it.
      const after = await grow(1);
      const { hashes: now2 } = await leaves();
      expect(now2[0]).toEqual(rewritten[0]);
      expect(after.rootHash).toBe(b64(mth(now2)));
      const text = textOf(after.note);
      for (const signer of [lbSigner, sySigner]) {
        const res = await post(text, cosign(text, signer, now()));
        expect(expectProblem(res, 409, 'CHECKPOINT_INCONSISTENT').errors).toEqual([
          { field: 'checkpoint', message: "is not provably an extension of the party's last cosigned checkpoint" },
        ]);
      }
      // Nothing was stored: the witnesses still show the honest checkpoints.
      const shown = await checkpoint();
      expect(shown.note).toBe(after.note);
      expect(shown.witnesses.find((w) => w.partyId === lb.id)!.latestCosigned!.treeSize).toBe(cosigned.treeSize);
    });
  });
});
