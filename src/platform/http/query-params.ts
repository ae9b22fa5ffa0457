import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { AppException } from '../problem/app.exception.js';

/** Query names no parameter of the API has, refused everywhere (as in a body: json-body.ts). */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether each handler reads its query (`@Query()`), by handler. */
const readsQuery = new WeakMap<object, boolean>();

function handlerReadsQuery(context: ExecutionContext): boolean {
  const handler = context.getHandler();
  let reads = readsQuery.get(handler);
  if (reads === undefined) {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as object;
    reads = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.QUERY));
    readsQuery.set(handler, reads);
  }
  return reads;
}

/**
 * The query string of a route that declares no query parameter (a GET by id, a create, a
 * DELETE, `/me`, `/health/*`) is refused: 400 VALIDATION_FAILED naming each parameter "is not
 * a known field", as a list's query DTO answers a name it does not know (the validation pipe,
 * `forbidNonWhitelisted`). A filter sent to the wrong route or misspelt is told, not silently
 * ignored. `__proto__`, `constructor` and `prototype` are refused on every route: the
 * validation pipe would drop them without a word.
 */
@Injectable()
export class QueryParamsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const query = context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, unknown> | undefined;
    const names = Object.keys(query ?? {});
    if (names.length === 0) return next.handle();
    const refused = handlerReadsQuery(context) ? names.filter((name) => FORBIDDEN_NAMES.has(name)) : names;
    if (refused.length > 0) {
      throw AppException.validation(
        refused.map((field) => ({
          field,
          message: FORBIDDEN_NAMES.has(field)
            ? 'is a reserved name that no parameter of this API has'
            : 'is not a known field',
        })),
      );
    }
    return next.handle();
  }
}
