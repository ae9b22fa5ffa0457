import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { requestContext, type RequestContext } from '../../platform/index.js';
import { ApiClientsService } from '../api-clients/api-clients.service.js';

/**
 * Runs the handler inside the request's context (after the guard has identified the caller).
 * For an API client, the context can record a use of its key again (`recordUse`): a streamed
 * export calls it at its end, so `lastUsedAt` covers a long download, not only its start.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  constructor(private readonly apiClients: ApiClientsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = request.principal;
    const store: RequestContext = { requestId: request.id, actor: principal };
    if (principal?.kind === 'api_client') store.recordUse = () => this.apiClients.recordUse(principal.apiClientId);
    return new Observable((subscriber) => requestContext.run(store, () => next.handle().subscribe(subscriber)));
  }
}
