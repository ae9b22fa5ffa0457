import type { OpenAPIObject } from '@nestjs/swagger';
import { ETAG_SCHEMA } from '../http/etag.js';
import { API_KEY_SCHEME, BEARER_CHALLENGE } from '../http/route-access.js';
import { ERROR_CODE_MEANINGS, ErrorCode, statusOf } from '../problem/app.exception.js';
import { PROBLEM_CONTENT_TYPE, statusTitle } from '../problem/problem.js';
import { RATE_LIMIT_EXTENSION } from '../rate-limit/rate-limit.decorator.js';

/** The OpenAPI extension `@Access({ apiClientWrites: true })` leaves for this pass (removed here). */
export const API_CLIENT_WRITES_EXTENSION = 'x-api-client-writes';

/** The content of every error response: a problem document (RFC 9457). */
export const PROBLEM_CONTENT = {
  [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
};

/**
 * The operations that answer without asking the database, so never 503 nor a conflict of
 * concurrent transactions: liveness, and the log's verifier key (from the configuration).
 */
export const WITHOUT_DATABASE = new Set(['/health/live', '/api/v1/log/key']);

type Parameter = { name: string; in: string; required?: boolean };
type Response = { description?: string; headers?: Record<string, object>; content?: object };
type Operation = {
  parameters?: Parameter[];
  requestBody?: object;
  description?: string;
  security?: Record<string, unknown>[];
  responses?: Record<string, Response>;
} & Record<string, unknown>;

/**
 * The methods whose body Fastify reads (json-body.ts, the body limit) before any route runs,
 * whether or not the operation declares one: a body sent to a DELETE is still parsed.
 */
export const BODY_READING_METHODS = new Set(['post', 'put', 'patch', 'delete']);

const CODES = new Set<string>(Object.values(ErrorCode));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The error codes a text names (`NOT_FOUND`, with or without backticks). */
function codesNamedIn(text: string | undefined): ErrorCode[] {
  return [...(text ?? '').matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)]
    .map((m) => m[0])
    .filter((word): word is ErrorCode => CODES.has(word));
}

/**
 * The error codes an operation can answer, from what the route is (the rules below, one per
 * part of the request path the server takes) and the codes its description and declared
 * responses name (each operation's description lists its own: `409 \`DUPLICATE_CODE\``).
 */
export function errorCodesOf(
  path: string,
  method: string,
  operation: Operation,
  shared: Record<string, Parameter> = {},
): Set<ErrorCode> {
  const codes = new Set<ErrorCode>();
  const parameters = (operation.parameters ?? []).map((p) => {
    const ref = (p as { $ref?: string }).$ref;
    return ref ? shared[ref.replace('#/components/parameters/', '')]! : p;
  });
  const header = (name: string) => parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === name);
  const body = operation.requestBody !== undefined;
  const anonymous = isAnonymous(operation);
  const apiClients = (operation.security ?? []).some((requirement) => API_KEY_SCHEME in requirement);
  // Validation of a path id, query, header or body (ValidationPipe, IdParam, If-Match, Idempotency-Key).
  if (parameters.length > 0 || body) codes.add(ErrorCode.ValidationFailed);
  // The body parser (json-body.ts) and Fastify's body limit, before any guard: also where the
  // operation takes no body and one is sent anyway.
  if (body || BODY_READING_METHODS.has(method)) {
    codes.add(ErrorCode.MalformedRequest);
    codes.add(ErrorCode.PayloadTooLarge);
  }
  // The global guard (auth.guard.ts): credentials, then who may call the route; API keys open
  // only the routes marked for them, and only for reads unless marked for writes.
  if (!anonymous) {
    codes.add(ErrorCode.Unauthenticated).add(ErrorCode.TokenInvalid).add(ErrorCode.ApiKeyInvalid);
    if (!apiClients || (method !== 'get' && !operation[API_CLIENT_WRITES_EXTENSION])) codes.add(ErrorCode.Forbidden);
  }
  if (parameters.some((p) => p.in === 'path')) codes.add(ErrorCode.NotFound);
  if (header('idempotency-key')) codes.add(ErrorCode.IdempotencyKeyInProgress).add(ErrorCode.IdempotencyKeyReused);
  const ifMatch = header('if-match');
  if (ifMatch) codes.add(ErrorCode.VersionMismatch);
  if (ifMatch?.required) codes.add(ErrorCode.IfMatchRequired);
  // A write's transaction can lose a serialization race or a deadlock (database-errors.ts).
  if (method !== 'get' && !WITHOUT_DATABASE.has(path)) codes.add(ErrorCode.ConcurrentChange);
  if (operation[RATE_LIMIT_EXTENSION]) codes.add(ErrorCode.RateLimited);
  for (const code of codesNamedIn(operation.description)) codes.add(code);
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    for (const code of codesNamedIn(response.description)) if (String(statusOf(code)) === status) codes.add(code);
  }
  // Answered before an operation is found, or on the socket: outside any operation.
  for (const code of [ErrorCode.RouteNotFound, ErrorCode.MethodNotAllowed, ErrorCode.UriTooLong]) codes.delete(code);
  codes.delete(ErrorCode.HeadersTooLarge);
  // The 503 is withProblemDetails's, the 415 withRequestBodyResponses's.
  codes.delete(ErrorCode.ServiceUnavailable);
  codes.delete(ErrorCode.UnsupportedMediaType);
  return codes;
}

/**
 * Every status an operation answers, explicit: no `4XX` catch-all (a client generated from the
 * document, and the response contract of the tests, see each one). For each error status the
 * operation can answer (`errorCodesOf`), a problem-document response whose description names
 * its codes with their meaning (the route's own words first, when it declared the status); a
 * 412 may carry the current ETag, a 409 IDEMPOTENCY_KEY_IN_PROGRESS Retry-After.
 */
export function withExplicitStatuses(document: OpenAPIObject): OpenAPIObject {
  const shared = (document.components?.parameters ?? {}) as Record<string, Parameter>;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (!METHODS.includes(method) || !operation?.responses) continue;
      const byStatus = new Map<number, ErrorCode[]>();
      for (const code of errorCodesOf(path, method, operation, shared))
        byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
      delete operation[API_CLIENT_WRITES_EXTENSION];
      for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
        const declared = operation.responses[String(status)];
        const own = declared?.description ?? '';
        const unnamed = codes.filter((code) => !own.includes(code));
        const listed = unnamed.map((code) => `\`${code}\`: ${ERROR_CODE_MEANINGS[code]}`).join('; ');
        const description = own
          ? unnamed.length > 0
            ? `${own} Also ${listed}.`
            : own
          : `${statusTitle(status)}: ${listed}.`;
        const headers = {
          ...declared?.headers,
          ...(status === 412 ? { ETag: { ...ETAG_OPTIONAL } } : {}),
          // The guard's 401s (no, bad or ended credentials) carry the challenge (unauthenticated.ts).
          ...(status === 401 && !isAnonymous(operation) ? { 'WWW-Authenticate': { ...WWW_AUTHENTICATE } } : {}),
          // LOGIN_LOCKED and RATE_LIMITED both say when to come back.
          ...(status === 429 ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : {}),
          ...(codes.includes(ErrorCode.IdempotencyKeyInProgress) ? { 'Retry-After': { ...RETRY_AFTER_OPTIONAL } } : {}),
        };
        operation.responses[String(status)] = {
          ...declared,
          description,
          ...(Object.keys(headers).length > 0 ? { headers } : {}),
          content: PROBLEM_CONTENT,
        };
      }
      operation.responses['500'] ??= {
        description:
          'Internal Server Error: an unexpected failure (logged with the request id); the problem document has no `code`, only `requestId` to quote. Retrying may help.',
        content: PROBLEM_CONTENT,
      };
    }
  }
  return document;
}

/** An operation any caller may call (its only security requirement is the empty one). */
function isAnonymous(operation: Operation): boolean {
  return (operation.security ?? []).every((requirement) => Object.keys(requirement).length === 0);
}

/** On the 401 of an operation that needs credentials: the challenge (RFC 9110 §11.6.1). */
const WWW_AUTHENTICATE = {
  required: true,
  description: 'The authentication challenge (RFC 9110 §11.6.1, RFC 6750 §3): sign in and send a Bearer token.',
  schema: { type: 'string', enum: [BEARER_CHALLENGE] },
};

/** On a 412: the current ETag, when the representation has one (a list or a text has none). */
const ETAG_OPTIONAL = {
  description: 'The current ETag of the representation, to re-read and retry with.',
  schema: ETAG_SCHEMA,
};

/** On a 409 IDEMPOTENCY_KEY_IN_PROGRESS (and only there among the 409s): when to retry. */
const RETRY_AFTER_OPTIONAL = {
  description: 'With `IDEMPOTENCY_KEY_IN_PROGRESS`: seconds to wait before retrying.',
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 },
};
