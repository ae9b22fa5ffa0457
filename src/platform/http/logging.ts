import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/config.js';
import { requestBindings } from './access-log.js';

/** Paths of everything that must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.apiKey',
  '*.key',
  '*.secret',
];

/** pino's `redact` option: the root logger's, which the access log applies too (access-log.ts). */
export const REDACTION = { paths: REDACTED_PATHS, censor: '[redacted]' };

/**
 * nestjs-pino's options: the root pino logger behind Nest's `Logger` (app.factory.ts,
 * `useLogger`), which also writes the access lines (access-log.ts). `stream`: where the lines
 * go, standard output when absent (tests read them from a stream of their own).
 */
export function loggerParams(config: AppConfig, stream?: DestinationStream): Params {
  const options = {
    level: config.logLevel,
    redact: REDACTION,
    // Lines written while a logged request runs carry it (`req`, `service`), as they did
    // through the middleware's request logger.
    mixin: requestBindings,
    serializers: {
      // Response headers add nothing to the access log but noise.
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return {
    // No pino-http middleware (nestjs-pino documents `forRoutes` as the way to turn it off):
    // the access log is a Fastify hook (access-log.ts) that writes the same lines without
    // building two child loggers per request.
    forRoutes: [],
    pinoHttp: stream ? [options, stream] : options,
  };
}
