import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ProblemFilter } from './platform/problem/problem.filter.js';
import { loggerParams } from './platform/http/logging.js';
import type { AppConfig } from './platform/config/config.js';
import { AppConfigModule } from './platform/config/config.module.js';
import { DatabaseModule } from './platform/database/database.module.js';
import { HealthModule } from './platform/health/health.module.js';
import { ApiClientsModule } from './identity/api-clients/api-clients.module.js';
import { AuthModule } from './identity/auth/auth.module.js';
import { HttpCachingInterceptor } from './platform/http/http-caching.interceptor.js';
import { QueryParamsInterceptor } from './platform/http/query-params.js';
import { RateLimitModule } from './platform/rate-limit/rate-limit.module.js';
import { AccessModule } from './identity/access/access.module.js';
import { AgenciesModule } from './registry/agencies/agencies.module.js';
import { CommitteesModule } from './registry/committees/committees.module.js';
import { AssignmentsModule } from './work/assignments/assignments.module.js';
import { AuditModule } from './audit/audit.module.js';
import { ReportsModule } from './reporting/reports/reports.module.js';
import { CommitmentsModule } from './work/commitments/commitments.module.js';
import { RequestContextInterceptor } from './identity/auth/request-context.interceptor.js';
import { dataSourceOptions } from './data-source.js';
import { DemoModule } from './demo/demo.module.js';
import { IdempotencyInterceptor } from './platform/idempotency/idempotency.interceptor.js';
import { LocationInterceptor } from './platform/http/location.js';
import { IdempotencyModule } from './platform/idempotency/idempotency.module.js';
import { MeetingsModule } from './work/meetings/meetings.module.js';
import { UpdatesModule } from './work/updates/updates.module.js';
import { IssueAreasModule } from './registry/issue-areas/issue-areas.module.js';
import { MembershipsModule } from './registry/memberships/memberships.module.js';
import { PartiesModule } from './registry/parties/parties.module.js';
import { PeopleModule } from './registry/people/people.module.js';
import { MeModule } from './work/me/me.module.js';
import { SearchModule } from './search/index.js';
import { UsersModule } from './identity/users/users.module.js';
import { ChangesModule } from './reporting/changes/changes.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** Connection URL resolved at start (external or embedded); null builds without a database. */
  databaseUrl: string | null;
  /** Tests add modules of their own (e.g. a route that fails on purpose). */
  extraImports?: ModuleMetadata['imports'];
  /** Where log lines go instead of standard output (tests that read them). */
  logStream?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, extraImports = [], logStream }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, logStream)),
        DatabaseModule.forRoot(
          dataSourceOptions(
            databaseUrl ?? 'postgres://unused@127.0.0.1:1/unused',
            config.databasePoolSize,
            config.databasePreparedStatements,
          ),
          databaseUrl !== null,
        ),
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
        SearchModule,
        AuditModule,
        ChangesModule,
        ReportsModule,
        IdempotencyModule,
        DemoModule,
        ...extraImports,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        // Order matters: the request context wraps everything the handler does (audit actor).
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        // Before any other: a query the route does not read is refused first.
        { provide: APP_INTERCEPTOR, useClass: QueryParamsInterceptor },
        { provide: APP_INTERCEPTOR, useClass: HttpCachingInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        // Inside idempotency: the Location it sets is stored with the answer and replayed.
        { provide: APP_INTERCEPTOR, useClass: LocationInterceptor },
      ],
    };
  }
}
