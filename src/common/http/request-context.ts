import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import type { Principal } from '../../auth/principal.js';

export interface RequestContext {
  requestId: string;
  principal?: Principal;
}

/** Who is acting and in which request, for code far from the controller (the audit trail). */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Runs the handler inside the request's context (after the guard has identified the caller). */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const store: RequestContext = { requestId: request.id, principal: request.principal };
    return new Observable((subscriber) => requestContext.run(store, () => next.handle().subscribe(subscriber)));
  }
}
