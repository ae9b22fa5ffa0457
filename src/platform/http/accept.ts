import type { FastifyReply } from 'fastify';

/** A representation a route offers: its media type and how to produce the body. */
export type Representations<T> = Record<string, () => T>;

/**
 * The offered media type the `Accept` header prefers (RFC 9110 §12.5.1): the highest `q`,
 * the most specific match deciding an entry's `q`; on a tie, the one offered first. A missing
 * or unmatched header gets the first offered (the route's primary representation): a client
 * never gets 406 for asking oddly.
 */
export function preferredType(accept: string | undefined, offered: readonly string[]): string {
  const ranges = (accept ?? '')
    .split(',')
    .map((part) => {
      const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { range, q: q === undefined ? 1 : Number(q.slice(2)) };
    })
    .filter((r) => r.range !== '' && Number.isFinite(r.q));
  let best = offered[0]!;
  let bestQ = 0;
  for (const type of offered) {
    const [major] = type.split('/');
    // The most specific range that matches decides: type/subtype, then type/*, then */*.
    const match =
      ranges.find((r) => r.range === type) ??
      ranges.find((r) => r.range === `${major}/*`) ??
      ranges.find((r) => r.range === '*/*');
    if (match && match.q > bestQ) [best, bestQ] = [type, match.q];
  }
  return best;
}

/**
 * Answers with the representation `accept` prefers among `representations` (the first is the
 * primary one): sets `Content-Type` (UTF-8 for text) and `Vary: Accept`, returns the body. For
 * routes declared with `@Res({ passthrough: true })`.
 */
export function represent<T>(reply: FastifyReply, accept: string | undefined, representations: Representations<T>): T {
  const type = preferredType(accept, Object.keys(representations));
  void reply.header('vary', 'Accept');
  void reply.header('content-type', type.startsWith('text/') ? `${type}; charset=utf-8` : type);
  return representations[type]!();
}
