import { nextLink } from '../../src/platform/http/http-caching.interceptor.js';

/** What the Link header held before the fast path: the URL parsed, `cursor` set, serialized. */
function viaUrl(url: string, cursor: string): string {
  const parsed = new URL(url, 'http://placeholder');
  parsed.searchParams.set('cursor', cursor);
  return `${parsed.pathname}${parsed.search}`;
}

const CURSOR = 'eyJ2IjoiMjAyNi0wMS0wMSIsImlkIjoiYSJ9';

describe('nextLink: the next page’s path and query', () => {
  it('appends the cursor to a plain list query', () => {
    expect(nextLink('/api/v1/committees/0c5e/commitments?status=pending&limit=50', CURSOR)).toBe(
      `/api/v1/committees/0c5e/commitments?status=pending&limit=50&cursor=${CURSOR}`,
    );
    expect(nextLink('/api/v1/me/assignments', CURSOR)).toBe(`/api/v1/me/assignments?cursor=${CURSOR}`);
  });

  it.each([
    '/api/v1/me/assignments',
    '/api/v1/me/assignments?',
    '/api/v1/me/assignments/',
    '/api/v1/x?status=pending&limit=50',
    '/api/v1/x?a=1&&b=2&',
    `/api/v1/x?cursor=old&limit=2`,
    `/api/v1/x?limit=2&cursor=old&cursor=older`,
    '/api/v1/x?cursor',
    '/api/v1/x?flag',
    '/api/v1/x?a=b=c',
    '/api/v1/x?q=a+b',
    '/api/v1/x?q=a%20b',
    '/api/v1/x?q=caf%C3%A9',
    '/api/v1/x?q=~tilde',
    '/api/v1/x?q=*star',
    '/api/v1/x?=value',
    '//evil.example/x?limit=2',
    '/api/v1/../v1/x?limit=2',
    '/api/v1/./x?limit=2',
    '/api/v1/x y?limit=2',
    '/api/v1/%78?limit=2',
    '/api/v1/قائمة?limit=2',
    '/api/v1/x?q=قائمة',
    '/api/v1/x#frag?limit=2',
  ])('%s gives what URL gives', (url) => {
    expect(nextLink(url, CURSOR)).toBe(viaUrl(url, CURSOR));
    expect(nextLink(url, 'a+b/c=')).toBe(viaUrl(url, 'a+b/c='));
  });
});
