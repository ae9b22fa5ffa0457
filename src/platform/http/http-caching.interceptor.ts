import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { etagOf } from './etag.js';

/**
 * Response headers derived from the body, for every route: `ETag` for a resource (a body with
 * a `version`), the strong tag of the whole body as served (`etagOf`), and 304 for a GET whose
 * `If-None-Match` names it (RFC 9110 §13.1.2, weak comparison); `Link: rel="next"` for a page
 * with a `nextCursor`.
 */
@Injectable()
export class HttpCachingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (body === null || typeof body !== 'object') return body;
        const { version, nextCursor } = body as { version?: unknown; nextCursor?: unknown };
        if (typeof version === 'number') {
          const etag = etagOf(body);
          void reply.header('etag', etag);
          if (request.method === 'GET' && ifNoneMatch(request.headers['if-none-match'], etag)) {
            void reply.status(304);
            return undefined;
          }
        }
        if (typeof nextCursor === 'string') void reply.header('link', `<${nextLink(request, nextCursor)}>; rel="next"`);
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

function nextLink(request: FastifyRequest, cursor: string): string {
  const url = new URL(request.url, 'http://placeholder');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}
