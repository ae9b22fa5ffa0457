import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import {
  applyDecorators,
  Inject,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, of, type Observable } from 'rxjs';
import { createHmac } from 'node:crypto';
import { canonicalJson } from '../crypto/canonical.js';
import { actorId, requestContext } from '../http/request-context.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AppException, ErrorCode } from '../problem/app.exception.js';
import { IdempotencyService } from './idempotency.service.js';

const SKIP_IDEMPOTENCY = 'tansiq:skip-idempotency';
/** The OpenAPI extension marking a POST that ignores Idempotency-Key; the document builder reads it. */
export const SKIP_IDEMPOTENCY_EXTENSION = 'x-skip-idempotency';
/**
 * For POST routes whose answer must not be stored or replayed (sign-in, a password, a key shown
 * once) or that are idempotent by themselves. Every other POST reads `Idempotency-Key`, and the
 * document says so (withIdempotencyKeys).
 */
export const SkipIdempotency = () =>
  applyDecorators(SetMetadata(SKIP_IDEMPOTENCY, true), ApiExtension(SKIP_IDEMPOTENCY_EXTENSION, true));

const KEY_FORMAT = /^[A-Za-z0-9._:-]{1,200}$/;
/** The OpenAPI schema of the `Idempotency-Key` header: what KEY_FORMAT accepts. */
export const IDEMPOTENCY_KEY_SCHEMA = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  pattern: KEY_FORMAT.source,
} as const;
const WAIT_STEP_MS = 50;
const WAIT_LIMIT_MS = 15_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The route a request resolved to, as the handler sees it: the route's pattern with each
 * parameter filled in canonically (a UUID lower-cased, as `IdParam` hands it on; each value
 * percent-encoded, so none can pass for a separator). `…/assignments/` (the router ignores a
 * trailing slash), `…/ASSIGNMENTS`-style id case and a query string all give the same route:
 * `/api/v1/committees/0c5e…/assignments`.
 */
export function resolvedRoute(request: FastifyRequest): string {
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  return request.routeOptions.url!.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = params[name] ?? '';
    return encodeURIComponent(UUID.test(value) ? value.toLowerCase() : value);
  });
}

/**
 * `Idempotency-Key` on a create: the first request runs and its response is stored; a retry
 * with the same key and body gets that response again without running; the same key with
 * another body is 422 IDEMPOTENCY_KEY_REUSED. A key is the caller's, for one route as resolved
 * (`resolvedRoute`), never the raw URL. Concurrent retries wait for the first to finish
 * (409 IDEMPOTENCY_KEY_IN_PROGRESS after 15 s).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers['idempotency-key'];
    if (
      request.method !== 'POST' ||
      header === undefined ||
      this.reflector.getAllAndOverride<boolean>(SKIP_IDEMPOTENCY, [context.getHandler(), context.getClass()])
    ) {
      return next.handle();
    }
    const key = Array.isArray(header) ? header[0]! : header;
    if (!KEY_FORMAT.test(key))
      throw AppException.validation([
        { field: 'Idempotency-Key', message: 'must be 1–200 characters of A-Z a-z 0-9 . _ : -' },
      ]);
    const caller = actorId(requestContext.getStore()?.actor) ?? 'anonymous';
    const scopeKey = `${caller}:POST:${resolvedRoute(request)}:${key}`;
    // Keyed, so that a stored fingerprint of a body holding a password is no offline oracle for it.
    const requestHash = createHmac('sha256', this.config.auth.idempotencySecret)
      .update(canonicalJson(request.body ?? null))
      .digest('hex');
    const status = (this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201) as number;
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    return from(this.awaitClaim(scopeKey, requestHash)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'replay') {
          void reply.status(claim.status).headers({ ...claim.headers, 'idempotent-replayed': 'true' });
          return of(claim.body);
        }
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            const location = reply.getHeader('location');
            await this.idempotency.complete(scopeKey, status, body, typeof location === 'string' ? { location } : {});
            return body;
          }),
          catchError(async (error: unknown) => {
            await this.idempotency.release(scopeKey);
            throw error;
          }),
        );
      }),
    );
  }

  private async awaitClaim(scopeKey: string, requestHash: string) {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const claim = await this.idempotency.claim(scopeKey, requestHash);
      if (claim.kind === 'mismatch') {
        throw new AppException(
          ErrorCode.IdempotencyKeyReused,
          'This Idempotency-Key was used with a different request body.',
          {
            errors: [{ field: 'Idempotency-Key', message: 'was already used for another request' }],
          },
        );
      }
      if (claim.kind !== 'in-progress') return claim;
      if (Date.now() > deadline) {
        throw new AppException(
          ErrorCode.IdempotencyKeyInProgress,
          'A request with this Idempotency-Key is still being processed. Retry shortly.',
          { headers: { 'retry-after': '1' } },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }
}
