import { Controller, Get } from '@nestjs/common';
import { Public } from '../http/route-access.js';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Operation } from '../docs/operation.js';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

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
  @HealthCheck()
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
