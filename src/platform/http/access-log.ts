import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { symbols, type Logger } from 'pino';
import { compileRedaction, type Redactor } from './redaction.js';

/** `service` of every line written for a request: its access line and what is logged while it runs. */
const SERVICE = 'tansiq';

/** The level of every access line, failures included (pino-http's default `useLevel`). */
const ACCESS_LEVEL = 'info';

/**
 * The request being handled, for the lines written meanwhile (`requestBindings`). Set only for
 * the requests that get an access line, as nestjs-pino's middleware set its logging context.
 */
const current = new AsyncLocalStorage<FastifyRequest>();

/**
 * The request as the `req` serializer (pino-std-serializers, wrapped by pino-http) reads it:
 * id, method, url, query, headers and the socket's address. It is what @fastify/middie
 * handed nestjs-pino's middleware, the raw request with Fastify's parsed `query` copied onto
 * it; no `params` (the raw request has none, so the line has none).
 */
interface RequestView {
  id: string;
  method: string | undefined;
  url: string | undefined;
  query: unknown;
  headers: IncomingHttpHeaders;
  socket: Peer;
}

/** The client's address, as the socket gives it. */
type Peer = Pick<Socket, 'remoteAddress' | 'remotePort'>;

function requestView(request: FastifyRequest, peer: Peer = request.raw.socket): RequestView {
  const raw = request.raw;
  return { id: request.id, method: raw.method, url: raw.url, query: request.query, headers: raw.headers, socket: peer };
}

/**
 * pino's `mixin` (logging.ts): `{ req, service }` for a line written while a logged request is
 * handled, `{}` otherwise. pino puts these keys first, right after the root's `pid` and
 * `hostname`, where the request's child logger put its bindings, and serializes and redacts
 * them the same way: the lines are unchanged, but the request is serialized only when a line
 * is written, not for every request. A line that carries its own `req` (the access line) is
 * left alone.
 */
export function requestBindings(mergeObject: object): object {
  const request = current.getStore();
  if (request === undefined || 'req' in mergeObject) return {};
  return { req: requestView(request), service: SERVICE };
}

/** The request target's path, without query or fragment, percent-decoded as the router decodes it (`%2F` stays); null when malformed. */
function pathOf(url: string): string | null {
  let end = url.length;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  let path = url.slice(0, end);
  // An absolute-form target (`GET http://host/api/v1/me`) is routed by its path.
  if (path.charCodeAt(0) !== 47) path = path.replace(/^https?:\/\/[^/]*/i, '') || '/';
  if (!path.includes('%')) return path;
  try {
    return decodeURI(path);
  } catch {
    return null;
  }
}

/**
 * Which requests get an access line: those of the routes, i.e. every path under the API prefix
 * and the paths served outside it (the health routes), any method; less the health probes
 * themselves (GET or HEAD on one of those paths as the router matches it: exact case, an
 * optional trailing slash). As nestjs-pino's middleware was mounted (`forRoutes` of every
 * route, the probes excluded), with one difference: a probe path in another case
 * (`GET /Health/Live`, a 404) got two identical lines there, one here.
 *
 * `prefix`: `/api/v1`, in lower case; `outside`: `['/health/live', '/health/ready']`.
 */
export function isAccessLogged(method: string, url: string, prefix: string, outside: readonly string[]): boolean {
  const path = pathOf(url);
  if (path === null) return false;
  // The middleware's paths matched whatever the case (path-to-regexp), the probes' exclusion did not.
  const lower = path.toLowerCase();
  if (lower === prefix || lower.startsWith(`${prefix}/`)) return true;
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const route = outside.find((served) => served.toLowerCase() === trimmed.toLowerCase());
  if (route === undefined) return false;
  return !((method === 'GET' || method === 'HEAD') && trimmed === route);
}

/** The application's root pino logger, and the one that writes the usual access lines (`accessLogger`). */
interface AccessLoggers {
  root: Logger;
  lines: Logger;
}

/**
 * The logger of the access lines that complete or abort: a child of `root` made once, without
 * pino's redaction, whose `req` and `res` serializers (root's own) are followed by REDACTED_PATHS
 * compiled for those keys (redaction.ts). It writes what `root` writes (the other keys of such a
 * line, `service`, `responseTime` and the message, are a string and numbers, which no path can
 * censor; test/platform/access-log.spec.ts compares the two), for a third of the CPU or less: pino 10
 * parses each redact path again on every call, and runs the wildcard paths (`*.password`…) on
 * every key of every line. A failed request's line (with an `err`) goes through `root`.
 */
export function accessLogger(root: Logger, redact: { paths: readonly string[]; censor: string }): Logger {
  // pino keeps them under this symbol (`pino.symbols`, public for integrations).
  const serializers = (root as unknown as Record<symbol, Record<string, Redactor | undefined>>)[
    symbols.serializersSym
  ]!;
  const serialize = (key: string): Redactor => {
    const serializer = serializers[key] ?? ((value: unknown) => value);
    const redactor = compileRedaction(redact.paths, key, redact.censor);
    return (value) => redactor(serializer(value));
  };
  return root.child({}, { redact: { paths: [] }, serializers: { req: serialize('req'), res: serialize('res') } });
}

/**
 * Writes the access line of `request` when its response ends: what pino-http wrote with this
 * application's options. `request completed` (or `request aborted` when the client went away
 * first); `request errored` with an `err` for a 5xx or a failed response (the `err` of a 5xx
 * is made here, `failed with status code 500`). At `info`, like the rest: `LOG_LEVEL=warn`
 * turns access lines off.
 */
function watch(loggers: AccessLoggers, request: FastifyRequest, res: ServerResponse, start: number): void {
  // Read now: once the client has gone (`request aborted`), its socket no longer knows it.
  const { remoteAddress, remotePort } = request.raw.socket;
  const ended = (err?: Error) => {
    res.removeListener('close', ended);
    res.removeListener('finish', ended);
    res.removeListener('error', ended);
    const responseTime = Date.now() - start;
    const req = requestView(request, { remoteAddress, remotePort });
    const failure = err ?? (res as ServerResponse & { err?: Error }).err;
    if (failure || res.statusCode >= 500) {
      const error = failure ?? new Error(`failed with status code ${res.statusCode}`);
      loggers.root[ACCESS_LEVEL]({ req, service: SERVICE, res, err: error, responseTime }, 'request errored');
      return;
    }
    const message = !request.raw.readableAborted && res.writableEnded ? 'request completed' : 'request aborted';
    loggers.lines[ACCESS_LEVEL]({ req, service: SERVICE, res, responseTime }, message);
  };
  res.on('close', ended);
  res.on('finish', ended);
  res.on('error', ended);
}

/** Where and how `addAccessLog` logs. */
export interface AccessLogOptions {
  /** The application's root pino logger (nestjs-pino's `PinoLogger.root`): its serializers, level and stream. */
  root: Logger;
  /** Its `redact` option (logging.ts). */
  redact: { paths: readonly string[]; censor: string };
  /** The API prefix, `/api/v1`. */
  prefix: string;
  /** The routes served outside it, `['/health/live', '/health/ready']`. */
  outside: readonly string[];
}

/**
 * The access log, as one `onRequest` hook: for a logged request (`isAccessLogged`) it notes the
 * start, watches the response and runs the rest of the request inside `current` (so lines
 * written meanwhile carry the request, `requestBindings`). Replaces pino-http run by nestjs-pino
 * as a middleware under @fastify/middie, which built two child loggers per request, serializing
 * and redacting the request into them, whether or not a line was ever written: 8.5 % of a list
 * request's CPU (docs/performance.md, "CPU per request").
 *
 * Register it before any hook that may answer a request by itself (CORS preflights), as the
 * middleware ran before them.
 */
export function addAccessLog(fastify: FastifyInstance, { root, redact, prefix, outside }: AccessLogOptions): void {
  const loggers: AccessLoggers = { root, lines: accessLogger(root, redact) };
  const lowerPrefix = prefix.toLowerCase();
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!isAccessLogged(request.method, request.url, lowerPrefix, outside)) {
      done();
      return;
    }
    // The level is fixed at start-up (LOG_LEVEL): nothing to watch when access lines are off.
    if (root.isLevelEnabled(ACCESS_LEVEL)) watch(loggers, request, reply.raw, Date.now());
    current.run(request, done);
  });
}
