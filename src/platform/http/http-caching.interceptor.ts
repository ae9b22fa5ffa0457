import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { etagOf, ifMatchFailure, parseIfMatch } from './etag.js';

/**
 * Response headers derived from the body, for every route: `ETag` for a resource (a body with
 * a `version`), the strong tag of the whole body (`etagOf`), and 304 for a GET or HEAD whose
 * `If-None-Match` names it (RFC 9110 §13.1.2, weak comparison: a HEAD runs the GET handler, and
 * §13.1.2 asks 304 of both); `Link: rel="next"` for a page with a `nextCursor`.
 *
 * A GET or HEAD evaluates `If-Match` first (RFC 9110 §13.2.2, step 1) on the answer it would
 * give (so only when that is a 2xx, §13.2.1): `*` passes, a list passes when a tag is strongly
 * equal to the ETag, and a representation without an ETag (a list, a text) matches no tag;
 * otherwise 412 VERSION_MISMATCH. A malformed If-Match is 400 VALIDATION_FAILED. The writes
 * evaluate it themselves, under their row lock.
 */
@Injectable()
export class HttpCachingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const read = request.method === 'GET' || request.method === 'HEAD';
    const header = request.headers['if-match'];
    // Parsed before the handler runs: a malformed condition is the request's error, whatever the record.
    const ifMatch = read ? parseIfMatch(Array.isArray(header) ? header.join(', ') : header, false) : undefined;
    return next.handle().pipe(
      map((body: unknown) => {
        const { version, nextCursor } = (body !== null && typeof body === 'object' ? body : {}) as {
          version?: unknown;
          nextCursor?: unknown;
        };
        const etag = typeof version === 'number' ? etagOf(body) : undefined;
        const failure = ifMatchFailure(
          ifMatch,
          etag,
          'The resource',
          etag === undefined ? undefined : (version as number),
        );
        if (failure) throw failure;
        if (body === null || typeof body !== 'object') return body;
        if (etag !== undefined) {
          void reply.header('etag', etag);
          if (
            (request.method === 'GET' || request.method === 'HEAD') &&
            ifNoneMatch(request.headers['if-none-match'], etag)
          ) {
            void reply.status(304);
            return undefined;
          }
        }
        // A route that pages by another parameter (the change feed's `after`) sets its own.
        if (typeof nextCursor === 'string' && !reply.hasHeader('link'))
          void reply.header('link', `<${nextLink(request.url, nextCursor)}>; rel="next"`);
        return body;
      }),
    );
  }
}

function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * A path that `URL` gives back as it is: segments of unreserved characters, none starting with a
 * dot (no `.`/`..` segment to resolve), no `//` (which would read as a host).
 */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_*-][A-Za-z0-9._*-]*)+\/?$/;
/** A `name=value` pair whose form encoding (`URLSearchParams`) is itself. */
const PLAIN_PAIR = /^[A-Za-z0-9._*-]*=[A-Za-z0-9._*-]*$/;
/** A cursor as `paginate` makes it (base64url), form-encoded as it is. */
const PLAIN_CURSOR = /^[A-Za-z0-9._*-]*$/;

/**
 * The request's path and query with `cursor` (or `param`) set (replaced or appended), as
 * `URL` and `URLSearchParams.set` give it. Most list queries (`status=pending&limit=50`) are
 * plain pairs without a cursor, on a plain path: then the cursor is appended to the text as it
 * came, which is what parsing and serializing gives (`test/platform/next-link.spec.ts` checks
 * the two agree), without a URL parse on every page (2 % of a list request's CPU). Any other
 * URL goes through `URL`.
 */
export function nextLink(url: string, cursor: string, param = 'cursor'): string {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const pairs =
    at < 0
      ? []
      : url
          .slice(at + 1)
          .split('&')
          .filter((pair) => pair !== '');
  if (
    PLAIN_PATH.test(path) &&
    PLAIN_CURSOR.test(cursor) &&
    pairs.every((pair) => PLAIN_PAIR.test(pair) && !pair.startsWith(`${param}=`))
  ) {
    return `${path}?${[...pairs, `${param}=${cursor}`].join('&')}`;
  }
  const parsed = new URL(url, 'http://placeholder');
  parsed.searchParams.set(param, cursor);
  return `${parsed.pathname}${parsed.search}`;
}
