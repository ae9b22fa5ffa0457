import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ProblemFilter } from './common/problem/problem.filter.js';
import { loggerParams } from './common/http/logging.js';
import type { AppConfig } from './config/config.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { ApiClientsModule } from './api-clients/api-clients.module.js';
import { AuthModule } from './auth/auth.module.js';
import { HttpCachingInterceptor } from './common/http/http-caching.interceptor.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import { AccessModule } from './access/access.module.js';
import { AgenciesModule } from './agencies/agencies.module.js';
import { CommitteesModule } from './committees/committees.module.js';
import { AssignmentsModule } from './assignments/assignments.module.js';
import { AuditModule } from './audit/audit.module.js';
import { CommitmentsModule } from './commitments/commitments.module.js';
import { RequestContextInterceptor } from './common/http/request-context.js';
import { DemoModule } from './demo/demo.module.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { UpdatesModule } from './updates/updates.module.js';
import { IssueAreasModule } from './issue-areas/issue-areas.module.js';
import { MembershipsModule } from './memberships/memberships.module.js';
import { PartiesModule } from './parties/parties.module.js';
import { PeopleModule } from './people/people.module.js';
import { MeModule } from './me/me.module.js';
import { UsersModule } from './users/users.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** Connection URL resolved at start (external or embedded); null builds without a database. */
  databaseUrl: string | null;
  /** Tests add modules of their own (e.g. a route that fails on purpose). */
  extraImports?: ModuleMetadata['imports'];
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, extraImports = [] }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        DatabaseModule.forRoot(databaseUrl, config.databasePoolSize),
        RateLimitModule,
        HealthModule,
        AuthModule.forRoot(config),
        UsersModule,
        ApiClientsModule,
        MeModule,
        AccessModule,
        PartiesModule,
        AgenciesModule,
        IssueAreasModule,
        PeopleModule,
        CommitteesModule,
        MembershipsModule,
        MeetingsModule,
        AssignmentsModule,
        CommitmentsModule,
        UpdatesModule,
        AuditModule,
        IdempotencyModule,
        DemoModule,
        ...extraImports,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        // Order matters: the request context wraps everything the handler does (audit actor).
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        { provide: APP_INTERCEPTOR, useClass: HttpCachingInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
