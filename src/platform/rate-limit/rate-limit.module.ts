import { Global, Module } from '@nestjs/common';
import { PgThrottlerStorage } from './pg-throttler.storage.js';
import { RateLimitService } from './rate-limit.service.js';

@Global()
@Module({ providers: [RateLimitService, PgThrottlerStorage], exports: [RateLimitService, PgThrottlerStorage] })
export class RateLimitModule {}
