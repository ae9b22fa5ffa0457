import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessModule } from '../access/access.module.js';
import { ApiClientsModule } from '../api-clients/api-clients.module.js';
import { PgThrottlerStorage } from '../../platform/index.js';
import type { AppConfig } from '../../platform/index.js';
import { UsersModule } from '../users/users.module.js';
import { AUTH_RATE_LIMIT, AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { BootstrapService } from './bootstrap.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordModule } from '../users/password.module.js';
import { accessTokenJwtOptions, TokenService } from './token.service.js';

@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        PasswordModule,
        AccessModule,
        UsersModule,
        ApiClientsModule,
        JwtModule.register(accessTokenJwtOptions(config.auth)),
        // Per-address ceiling on the auth routes, on top of the per-account login lock.
        ThrottlerModule.forRootAsync({
          inject: [PgThrottlerStorage],
          useFactory: (storage: PgThrottlerStorage) => ({
            // Each limited route states its own (@RateLimit); this is the fallback the module needs.
            throttlers: [{ name: 'default', ttl: 60_000, limit: AUTH_RATE_LIMIT.limit }],
            storage,
          }),
        }),
      ],
      controllers: [AuthController],
      providers: [
        AuthService,
        TokenService,
        LoginThrottleService,
        BootstrapService,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AuthService, TokenService, BootstrapService, PasswordModule],
    };
  }
}
