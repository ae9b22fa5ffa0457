import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException, ErrorCode } from './app.exception.js';
import { PROBLEM_CONTENT_TYPE, problemType, statusTitle, type ProblemDocument } from './problem.js';
import { classifyDatabaseError } from './database-errors.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.MalformedRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  406: ErrorCode.NotAcceptable,
  409: ErrorCode.Conflict,
  412: ErrorCode.PreconditionFailed,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.Unprocessable,
  428: ErrorCode.PreconditionRequired,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

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
      .send(JSON.stringify(problem));
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
    if (exception instanceof HttpException) return this.fromHttpException(exception, instance);
    const database = classifyDatabaseError(exception);
    if (database) {
      return this.toProblem(new AppException(database.code, database.detail, { headers: database.headers }), request);
    }
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

  private fromHttpException(
    exception: HttpException,
    instance: string,
  ): { problem: ProblemDocument; headers: Record<string, string> } {
    const status = exception.getStatus();
    const code = CODE_BY_STATUS[status];
    const headers: Record<string, string> = {};
    if (status === 429) headers['retry-after'] = '60';
    if (status === 503) headers['retry-after'] = '5';
    if (status >= 500 && status !== 503) {
      return {
        problem: {
          type: 'about:blank',
          title: statusTitle(status),
          status,
          detail: 'An unexpected error occurred. Quote the request id when reporting it.',
          instance,
        },
        headers,
      };
    }
    const response = exception.getResponse();
    const detail = typeof response === 'string' ? response : describe(response, exception.message);
    return {
      problem: {
        type: code ? problemType(code) : 'about:blank',
        title: statusTitle(status),
        status,
        detail,
        instance,
        ...(code ? { code } : {}),
      },
      headers,
    };
  }
}

function describe(response: object, fallback: string): string {
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return fallback;
}
