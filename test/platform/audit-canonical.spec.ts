import { createHash } from 'node:crypto';
import { canonicalAround, hashEvent } from '../../src/platform/audit/audit.service.js';

/**
 * The database completes an audit event's canonical JSON with the two values only it knows
 * (`prevHash`, `seq`) and hashes it: the pieces the application sends must give exactly the
 * text `hashEvent` hashes when the trail is verified.
 */
describe('audit events: canonical JSON around prevHash and seq', () => {
  const event = {
    occurredAt: '2026-11-29T15:30:00.123Z',
    actorType: 'user',
    actorId: '6f1c2a4e-0000-4000-8000-000000000001',
    action: 'update',
    entity: 'commitments',
    entityId: '6f1c2a4e-0000-4000-8000-0000000000aa',
    changes: { progress: { before: 10, after: 40 }, title: { before: 'قديم "old"', after: 'new' } },
    requestId: 'req-1',
  };
  const prevHash = 'ab'.repeat(32);

  /** What the database function does with the pieces (migration ListIndexes1795990000000). */
  const complete = (head: string, tail: string, prev: string, seq: string) =>
    `${head}"prevHash":"${prev}"${tail}${seq}"}`;

  it('is the canonical JSON, written out', () => {
    const { head, tail } = canonicalAround(event);
    expect(complete(head, tail, prevHash, '42')).toBe(
      '{"action":"update","actorId":"6f1c2a4e-0000-4000-8000-000000000001","actorType":"user",' +
        '"changes":{"progress":{"after":40,"before":10},"title":{"after":"new","before":"قديم \\"old\\""}},' +
        '"entity":"commitments","entityId":"6f1c2a4e-0000-4000-8000-0000000000aa",' +
        `"occurredAt":"2026-11-29T15:30:00.123Z","prevHash":"${prevHash}","requestId":"req-1","seq":"42"}`,
    );
  });

  it('hashes to what the verifier computes, with and without an actor or request id', () => {
    for (const variant of [event, { ...event, actorId: null, actorType: 'system', requestId: null }]) {
      const { head, tail } = canonicalAround(variant);
      const text = complete(head, tail, prevHash, '7');
      expect(createHash('sha256').update(text).digest('hex')).toBe(hashEvent({ ...variant, seq: '7', prevHash }));
    }
  });
});
