import type { Seat } from '../../src/identity/access/permissions.js';
import { SEAT_CACHE_CAPACITY, SeatCache } from '../../src/identity/access/seat-cache.js';

const seat = (committeeId: string): Seat => ({
  committeeId,
  partyId: 'p1',
  role: 'secretary',
  committeePartyIds: ['p1', 'p2'],
});
const reading = (personId: string, seats: Seat[] = [seat('c1')]) => ({
  personId,
  generation: '7',
  bucket: '100',
  seats,
});

describe('SeatCache', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new SeatCache(2);
    cache.set('u1', reading('a'));
    cache.set('u2', reading('b'));
    expect(cache.get('u1')?.personId).toBe('a'); // u1 is now the most recently used
    cache.set('u3', reading('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('u2')).toBeUndefined();
    expect(cache.get('u1')?.personId).toBe('a');
    expect(cache.get('u3')?.personId).toBe('c');
    // Replacing an entry does not grow the cache and moves it to the newest.
    cache.set('u1', reading('a2'));
    cache.set('u4', reading('d'));
    expect([cache.get('u1')?.personId, cache.get('u3'), cache.get('u4')?.personId]).toEqual(['a2', undefined, 'd']);
  });

  it('holds 10,000 accounts by default', () => {
    expect(SEAT_CACHE_CAPACITY).toBe(10_000);
    const cache = new SeatCache();
    for (let i = 0; i < 10_050; i++) cache.set(`u${i}`, reading(`p${i}`, []));
    expect(cache.size).toBe(10_000);
    expect(cache.get('u49')).toBeUndefined();
    expect(cache.get('u50')?.personId).toBe('p50');
  });

  it('freezes what it keeps, nested arrays included: no request changes what another sees', () => {
    const cache = new SeatCache();
    const kept = cache.set('u1', reading('a', [seat('c1'), seat('c2')]));
    expect(cache.get('u1')).toBe(kept);
    expect(Object.isFrozen(kept)).toBe(true);
    expect(Object.isFrozen(kept.seats)).toBe(true);
    for (const s of kept.seats) {
      expect(Object.isFrozen(s)).toBe(true);
      expect(Object.isFrozen(s.committeePartyIds)).toBe(true);
    }
    expect(() => (kept.seats as Seat[]).pop()).toThrow(TypeError);
    expect(() => kept.seats[0]!.committeePartyIds.push('p3')).toThrow(TypeError);
    expect(() => ((kept.seats[0] as { role: string }).role = 'member')).toThrow(TypeError);
    expect(kept.seats.map((s) => s.committeeId)).toEqual(['c1', 'c2']);
    expect(kept.seats[0]).toEqual(seat('c1'));
  });
});
