import { Controller, Get } from '@nestjs/common';
import { Public } from '../http/route-access.js';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HeadersOnEveryAnswer } from '../docs/request-ids.js';
import { Operation } from '../docs/operation.js';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

/**
 * Terminus's `@HealthCheck()` header (`noCache`, Nest's `@Header`): set before the interceptors
 * run, so on every answer of the route (200, 503, a 400 or 412 on If-Match).
 */
const CACHE_CONTROL = {
  'Cache-Control': {
    required: true,
    description: 'Never stored by a cache: each probe asks the database again.',
    schema: { type: 'string', enum: ['no-cache, no-store, must-revalidate'] },
  },
};

/** What the database indicator reports while it answers. */
const DATABASE_UP = {
  type: 'object',
  required: ['database'],
  additionalProperties: false,
  properties: {
    database: {
      type: 'object',
      required: ['status'],
      additionalProperties: false,
      properties: {
        status: { type: 'string', enum: ['up'] },
        responseTime: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_000, description: 'Milliseconds.' },
      },
    },
  },
};

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @Operation({
    id: 'checkLiveness',
    summary: 'Check that the process answers',
    description: 'Liveness probe: 200 `{"status":"ok"}` while the process serves requests. No credentials needed.',
  })
  @ApiOkResponse({
    description: 'The process answers (the database is not asked: see /health/ready).',
    schema: {
      type: 'object',
      required: ['status'],
      additionalProperties: false,
      properties: { status: { type: 'string', enum: ['ok'] } },
    },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  // Documented here (Terminus's own schema allows any indicator and any status), with its header.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @HeadersOnEveryAnswer(CACHE_CONTROL)
  @ApiOkResponse({
    description: 'The database answered within 2 s.',
    schema: {
      type: 'object',
      required: ['status', 'info', 'error', 'details'],
      additionalProperties: false,
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: DATABASE_UP,
        error: { type: 'object', maxProperties: 0, description: 'Empty: no indicator failed.' },
        details: DATABASE_UP,
      },
    },
  })
  @Operation({
    id: 'checkReadiness',
    summary: 'Check that the database answers',
    description:
      'Readiness probe: 200 when the database answers within 2 s; 503 `SERVICE_UNAVAILABLE` with Retry-After when not. No credentials needed.',
  })
  ready() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2_000 })]);
  }
}
