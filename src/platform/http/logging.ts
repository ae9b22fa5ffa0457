import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config.js';

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

export function loggerParams(config: AppConfig): Params {
  return {
    // Health probes are not access-logged: they arrive every few seconds, and the routes
    // outside the global prefix were matched twice by the logging middleware.
    forRoutes: [{ path: '{/*splat}', method: RequestMethod.ALL }],
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req) => (req as { id?: string }).id ?? 'unknown',
      customProps: () => ({ service: 'tansiq' }),
      serializers: {
        // Response headers add nothing to the access log but noise.
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
