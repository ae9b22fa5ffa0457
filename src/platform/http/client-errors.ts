import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { AppException, ErrorCode } from '../problem/app.exception.js';
import { PROBLEM_CONTENT_TYPE, problemType, statusTitle, type ProblemDocument } from '../problem/problem.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import type { SecurityHeaders } from './security-headers.js';

/**
 * The most header bytes (request line and header fields together) the server reads: Node's
 * default, stated here so the 431's meaning can name it. A bearer token and the API's own
 * headers fit in a small part of it.
 */
export const MAX_HEADER_BYTES = 16_384;

/** What Node's HTTP parser refused, before Fastify and the application saw a request. */
export function clientErrorProblem(error: NodeJS.ErrnoException, requestId: string): ProblemDocument {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    // Unreached while requestTimeout is 0 (Fastify's default, which also turns Node's
    // headersTimeout off): a proxy in front bounds slow clients.
    return { type: 'about:blank', title: statusTitle(408), status: 408, requestId };
  }
  const known =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new AppException(ErrorCode.HeadersTooLarge, `The request's header fields exceed ${MAX_HEADER_BYTES} bytes.`)
      : new AppException(ErrorCode.MalformedRequest, 'The request is not a well-formed HTTP/1.1 message.');
  return {
    type: problemType(known.code),
    title: statusTitle(known.status),
    status: known.status,
    detail: known.detail,
    code: known.code,
    requestId,
  };
}

/**
 * Fastify's `clientErrorHandler`: the answer to a message Node's HTTP parser refuses (431
 * headers too large, 400 malformed) is problem+json with a reason code like every other
 * error (RFC 9457), with the security headers every other answer has (`security`, as
 * `securityHeaders` recorded them), written on the socket since no request object exists yet;
 * the socket is then closed, as Node does.
 */
export function clientErrorAnswerer(security: SecurityHeaders): (error: NodeJS.ErrnoException, socket: Socket) => void {
  const securityLines = security.set.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    if (socket.writable) {
      const requestId = randomUUID();
      const problem = clientErrorProblem(error, requestId);
      const body = JSON.stringify(problem);
      socket.write(
        `HTTP/1.1 ${problem.status} ${problem.title}\r\n` +
          `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
          securityLines +
          'Connection: close\r\n\r\n' +
          body,
      );
    }
    socket.destroy(error);
  };
}
