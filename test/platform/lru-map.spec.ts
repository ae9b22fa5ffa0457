import { LruMap } from '../../src/platform/index.js';

/** The bounded map behind the guard's seat cache and the verified access tokens. */
describe('LruMap', () => {
  it('drops the least recently used entry beyond its capacity; get and set make an entry recent', () => {
    const map = new LruMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.get('a')).toBe(1); // order now b, c, a
    map.set('d', 4); // drops b
    expect(map.size).toBe(3);
    expect(map.get('b')).toBeUndefined();
    map.set('c', 30); // replaced, recent: order a, d, c
    map.set('e', 5); // drops a
    expect([map.get('a'), map.get('c'), map.get('d'), map.get('e')]).toEqual([undefined, 30, 4, 5]);
  });

  it('deletes an entry', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.delete('a');
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('refuses a capacity that is not a positive whole number', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN]) expect(() => new LruMap(capacity)).toThrow(RangeError);
  });
});
