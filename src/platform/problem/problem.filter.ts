import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException, ErrorCode } from './app.exception.js';
import { BODY_MEDIA_TYPE, frameworkException } from './framework-errors.js';
import { PROBLEM_CONTENT_TYPE, boundProblem, problemType, statusTitle, type ProblemDocument } from './problem.js';
import { asAppException } from './database-errors.js';
import { routeMethodsOf } from './allowed-methods.js';

/**
 * The one place where anything thrown becomes a response: RFC 9457 problem details. What
 * the application did not expect is logged with the request id and answered with a bare
 * 500 that carries only that id.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, headers } = this.toProblem(exception, request);
    problem.requestId = request.id;
    if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: request.id, status: problem.status }, 'request failed');
    }
    if (reply.sent) return;
    void reply
      .status(problem.status)
      .headers(headers)
      .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
      .send(JSON.stringify(boundProblem(problem)));
  }

  private toProblem(
    exception: unknown,
    request: FastifyRequest,
  ): { problem: ProblemDocument; headers: Record<string, string> } {
    const instance = request.url.split('?')[0];
    if (exception instanceof AppException) {
      return {
        problem: {
          type: problemType(exception.code),
          title: statusTitle(exception.status),
          status: exception.status,
          detail: exception.detail,
          instance,
          code: exception.code,
          ...(exception.options.errors ? { errors: exception.options.errors } : {}),
          ...exception.options.extensions,
        },
        headers: exception.options.headers ?? {},
      };
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception, request);
    const known = asAppException(exception);
    if (known) return this.toProblem(known, request);
    return {
      problem: {
        type: 'about:blank',
        title: statusTitle(500),
        status: 500,
        detail: 'An unexpected error occurred. Quote the request id when reporting it.',
        instance,
      },
      headers: {},
    };
  }

  /** Errors of the framework: a 5xx other than 503 is unexpected; the rest get the reason code of their status. */
  private fromHttpException(
    exception: HttpException,
    request: FastifyRequest,
  ): { problem: ProblemDocument; headers: Record<string, string> } {
    const status = exception.getStatus();
    if (status >= 500 && status !== 503) {
      return {
        problem: {
          type: 'about:blank',
          title: statusTitle(status),
          status,
          detail: 'An unexpected error occurred. Quote the request id when reporting it.',
          instance: request.url.split('?')[0],
        },
        headers: {},
      };
    }
    const response = exception.getResponse();
    const detail = typeof response === 'string' ? response : describe(response, exception.message);
    const known = (status === 404 && methodNotAllowed(request)) || frameworkException(status, detail);
    const answer = this.toProblem(known, request);
    if (status === 415 && request.method === 'PATCH') answer.headers['accept-patch'] = BODY_MEDIA_TYPE;
    return answer;
  }
}

/**
 * 405 METHOD_NOT_ALLOWED with `Allow` (RFC 9110 §15.5.6) when no route matched the request
 * but some route answers its path with another method; null when the path is unknown (404),
 * and when a route of this very method matched and found nothing there (`/docs/*` for a file
 * it does not have): a 405 listing the method it refuses would contradict itself.
 */
function methodNotAllowed(request: FastifyRequest): AppException | null {
  if (!request.is404) return null;
  const path = request.url.split('?')[0]!;
  const allowed = routeMethodsOf(request.server)?.allowedFor(path) ?? [];
  if (allowed.length === 0 || allowed.includes(request.method)) return null;
  const allow = allowed.join(', ');
  return new AppException(
    ErrorCode.MethodNotAllowed,
    `${request.method} is not allowed here; this path answers ${allow}.`,
    {
      headers: { allow },
    },
  );
}

function describe(response: object, fallback: string): string {
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return fallback;
}
