import { replyJson } from '../../src/platform/http/json-reply.js';
import { PageCache, sameStamps } from '../../src/platform/pagination/page-cache.js';

const page = (title: string) => ({ items: [{ id: 'a', title, tags: ['x'] }], nextCursor: null });

describe('PageCache: pages kept to be served again', () => {
  it('gives back what it kept, frozen to the last field', () => {
    const cache = new PageCache(2);
    const kept = cache.keep('k', ['a 7'], page('Patrol'));
    const found = cache.lookup<{ id: string; title: string; tags: string[] }>('k');
    expect(found?.stamps).toEqual(['a 7']);
    expect(found?.page).toBe(kept);
    expect(found?.page.items[0]?.title).toBe('Patrol');
    expect(Object.isFrozen(found?.page.items[0]?.tags)).toBe(true);
    expect(() => (found!.page.items as unknown[]).push({})).toThrow(TypeError);
  });

  it('drops the least recently served page beyond its capacity', () => {
    const cache = new PageCache(2);
    cache.keep('a', [], page('A'));
    cache.keep('b', [], page('B'));
    expect(cache.lookup('a')).toBeDefined(); // a is now the most recently served
    cache.keep('c', [], page('C'));
    expect([cache.lookup('a'), cache.lookup('b'), cache.lookup('c')].map((k) => k !== undefined)).toEqual([
      true,
      false,
      true,
    ]);
    expect(cache.size).toBe(2);
  });

  it('serves nothing kept more than ten minutes ago', () => {
    let now = 1_000_000;
    const cache = new PageCache(4, () => now);
    cache.keep('k', [], page('A'));
    now += 10 * 60 * 1000;
    expect(cache.lookup('k')).toBeDefined();
    now += 1;
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('bounds what it keeps by the size of its JSON, not only by the number of pages', () => {
    // 128 pages of 200 commitments with 2,000-character descriptions: 52 MB of JSON if all were
    // kept (and at most 20,000 characters each, ten times that: the heap's limit).
    const cache = new PageCache(128);
    const description = 'd'.repeat(2000);
    const big = (n: number) => ({
      items: Array.from({ length: 200 }, (_, i) => ({ id: `${n}-${i}`, description })),
      nextCursor: null,
    });
    for (let n = 0; n < 128; n++) cache.keep(`k${n}`, [], big(n));
    let bytes = 0;
    for (let n = 0; n < 128; n++) {
      const found = cache.lookup(`k${n}`);
      if (found) bytes += (replyJson(found.page) as Buffer).length;
    }
    expect(bytes).toBeGreaterThan(15 * 1024 * 1024); // not vacuous: it keeps up to its bound
    expect(bytes).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(cache.size).toBeLessThan(128);
    // The most recently kept is one of them.
    expect(cache.lookup('k127')).toBeDefined();
  });

  it('keeps no page whose JSON alone is beyond its bound, and serves it as any page', () => {
    const cache = new PageCache(4);
    cache.keep('small', [], page('A'));
    const huge = { items: [{ id: 'a', description: 'd'.repeat(17 * 1024 * 1024) }], nextCursor: null };
    const served = cache.keep('huge', [], huge);
    expect(served.items[0]?.description).toHaveLength(17 * 1024 * 1024);
    expect(cache.lookup('huge')).toBeUndefined();
    expect(cache.lookup('small')).toBeDefined();
  });

  it('keeps nothing with capacity 0 (LIST_CACHE_PAGES=0)', () => {
    const cache = new PageCache(0);
    const p = page('A');
    expect(cache.keep('k', [], p)).toBe(p);
    expect(Object.isFrozen(p)).toBe(false);
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.enabled).toBe(false);
  });

  it('compares stamps as texts in order', () => {
    expect(sameStamps(['a 1', 'b 2'], ['a 1', 'b 2'])).toBe(true);
    expect(sameStamps(['a 1', 'b 2'], ['b 2', 'a 1'])).toBe(false);
    expect(sameStamps(['a 1'], ['a 1', 'b 2'])).toBe(false);
    expect(sameStamps(['a 1'], ['a 2'])).toBe(false);
    expect(sameStamps([], [])).toBe(true);
  });
});

describe('replyJson: the JSON of a reply body', () => {
  it("is JSON.stringify's text for any body", () => {
    expect(replyJson({ b: 'ب', n: 1, list: [null, true] })).toBe('{"b":"ب","n":1,"list":[null,true]}');
  });

  it('is made once for a kept page: the same UTF-8 bytes for every reply', () => {
    const kept = new PageCache(1).keep('k', [], { items: [{ id: 'a', title: 'دورية مشتركة' }], nextCursor: null });
    const first = replyJson(kept);
    expect(Buffer.isBuffer(first)).toBe(true);
    expect(first.toString()).toBe('{"items":[{"id":"a","title":"دورية مشتركة"}],"nextCursor":null}');
    expect(replyJson(kept)).toBe(first);
  });
});

describe('PageCache.keyOf: one key per statement', () => {
  it('gives the same key to the same statement and different keys to different ones', () => {
    const cache = new PageCache(4);
    const [selectA, selectB, from, otherFrom] = ['SELECT a', 'SELECT b', 'FROM t', 'FROM u'];
    const key = cache.keyOf(selectA, from, 'WHERE x = $1\u0000["1"]');
    expect(cache.keyOf(`SELECT ${'a'}`, `FROM ${'t'}`, 'WHERE x = $1\u0000["1"]')).toBe(key);
    const others = [
      cache.keyOf(selectB, from, 'WHERE x = $1\u0000["1"]'),
      cache.keyOf(selectA, otherFrom, 'WHERE x = $1\u0000["1"]'),
      cache.keyOf(selectA, from, 'WHERE x = $1\u0000["2"]'),
      cache.keyOf(selectB, otherFrom, 'WHERE x = $1\u0000["1"]'),
    ];
    expect(new Set([key, ...others]).size).toBe(5);
  });
});

describe('PageCache.askedBefore: a page is kept from its second request on', () => {
  it('answers false the first time, true the second, and false again once it has answered true', () => {
    const cache = new PageCache(2);
    expect([cache.askedBefore('a'), cache.askedBefore('a'), cache.askedBefore('a')]).toEqual([false, true, false]);
  });

  it('remembers at most four times its capacity of pages asked for once, the oldest forgotten first', () => {
    const cache = new PageCache(2);
    for (const key of ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'])
      expect(cache.askedBefore(key)).toBe(false);
    // k0, the oldest of nine, was forgotten (asked again, it is recorded and k1 forgotten); k2 is remembered.
    expect(cache.askedBefore('k0')).toBe(false);
    expect(cache.askedBefore('k2')).toBe(true);
  });
});
