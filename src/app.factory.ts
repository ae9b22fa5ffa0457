import cors from '@fastify/cors';
import { NestFactory } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { REQUEST_ID_HEADER, requestIdFor } from './platform/http/request-id.js';
import { addSecurityHeaders, securityHeaders } from './platform/http/security-headers.js';
import { frameworkException } from './platform/problem/framework-errors.js';
import { PROBLEM_CONTENT_TYPE, boundProblem, problemType, statusTitle } from './platform/problem/problem.js';
import { createValidationPipe } from './platform/validation/validation.pipe.js';
import { recordRouteMethods } from './platform/problem/allowed-methods.js';
import { MAX_HEADER_BYTES, clientErrorAnswerer } from './platform/http/client-errors.js';
import { acceptJsonBodiesOnly } from './platform/http/json-body.js';
import { addAccessLog } from './platform/http/access-log.js';
import { serializeRepliesWithKeptJson } from './platform/http/json-reply.js';
import { REDACTION } from './platform/http/logging.js';
import { buildOpenApiDocument, setupDocs } from './platform/docs/openapi.js';
import { DOCUMENT_CONTEXT } from './api-docs.js';

export const API_PREFIX = 'api/v1';
/** The routes served outside API_PREFIX: the health probes. */
const OUTSIDE_PREFIX = ['health/live', 'health/ready'];

export interface RegisteredRoute {
  method: string;
  url: string;
}

const routesByApp = new WeakMap<object, RegisteredRoute[]>();

/** Every route the application serves (the authorization matrix test checks it covers them all). */
export function registeredRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  return routesByApp.get(app) ?? [];
}

/**
 * Builds the whole application, ready to `listen` (main) or to be driven by supertest
 * (tests): the same code path in both.
 */
export async function createApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  // Recorded once, for every answer: Fastify's and those written on the socket (431, 400).
  const security = securityHeaders({
    // An API serves JSON: nothing may be framed, scripted or embedded, except the docs page.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // Plain-HTTP development servers must keep working.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
  });
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: requestIdFor,
    // The HTTP logger (nestjs-pino) logs requests; Fastify's own logger stays off.
    logger: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    // Stated, though Fastify's default: a body with a `__proto__` or `constructor.prototype`
    // key is refused (json-body.ts refuses them first, naming the field).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // What Node's HTTP parser refuses (431 headers too large, 400 malformed): problem+json too.
    clientErrorHandler: clientErrorAnswerer(security),
    // Errors Fastify raises before any route runs (a malformed URL, an over-long path
    // segment): problem+json with a reason code like the rest.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      const problem = status < 500 ? frameworkException(status, error.message) : null;
      void reply
        .status(problem?.status ?? status)
        .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
        .header(REQUEST_ID_HEADER, request.id)
        .send(
          JSON.stringify(
            boundProblem({
              type: problem ? problemType(problem.code) : 'about:blank',
              title: statusTitle(problem?.status ?? status),
              status: problem?.status ?? status,
              detail: problem ? problem.detail : 'An unexpected error occurred.',
              ...(problem ? { code: problem.code } : {}),
              requestId: request.id,
            }),
          ),
        );
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // Nest would add its JSON and form (urlencoded) parsers: bodies are JSON only (json-body.ts).
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.setGlobalPrefix(API_PREFIX, { exclude: OUTSIDE_PREFIX });
  app.useGlobalPipes(createValidationPipe());

  const fastify = app.getHttpAdapter().getInstance();
  // First of the application's hooks, as the logging middleware ran before them (CORS preflights are logged).
  addAccessLog(fastify, {
    root: PinoLogger.root,
    redact: REDACTION,
    prefix: `/${API_PREFIX}`,
    outside: OUTSIDE_PREFIX.map((path) => `/${path}`),
  });
  acceptJsonBodiesOnly(fastify);
  // A kept list page's JSON is made once (PageCache, immutableJson), every other body as before.
  serializeRepliesWithKeptJson(fastify);
  // The methods of each path, for the `Allow` of a 405 (ProblemFilter).
  recordRouteMethods(fastify);
  const routes: RegisteredRoute[] = [];
  routesByApp.set(app, routes);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  addSecurityHeaders(fastify, security);
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins,
      credentials: false,
      exposedHeaders: ['ETag', 'Link', 'Location', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'If-Match',
        'If-None-Match',
        'Idempotency-Key',
        'X-API-Key',
        'X-Request-Id',
      ],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      maxAge: 600,
    });
  }

  setupDocs(app, buildOpenApiDocument(app, DOCUMENT_CONTEXT));
  await app.init();
  await fastify.ready();
  return app;
}
