import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiClientsService } from '../api-clients/api-clients.service.js';
import { AppException, ErrorCode } from '../../platform/index.js';
import type { UserRole } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { API_CLIENTS_ALLOWED, API_CLIENT_WRITES, IS_PUBLIC, ROLES } from '../access/access.decorators.js';
import { AccessService } from '../access/access.service.js';
import type { Principal } from '../access/principal.js';
import { TokenService } from './token.service.js';
import { unauthenticated } from './unauthenticated.js';

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * The global guard: every route needs a valid bearer token or API key unless `@Public()`,
 * and the caller's role must be among the route's `@Access({ roles })`. The user is read
 * from the database on each request (with the token's session), so deactivation, role
 * changes and the end of a session take effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly apiClients: ApiClientsService,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;

    if (principal.kind === 'api_client') {
      const allowed = this.reflector.getAllAndOverride<boolean>(API_CLIENTS_ALLOWED, targets) ?? false;
      const writes = this.reflector.getAllAndOverride<boolean>(API_CLIENT_WRITES, targets) ?? false;
      if (!allowed || !(READ_METHODS.has(request.method) || writes)) {
        throw new AppException(
          ErrorCode.Forbidden,
          'API clients have read-only access to reporting data; this route is not open to them.',
        );
      }
      return true;
    }
    const roles = this.reflector.getAllAndOverride<UserRole[] | null>(ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new AppException(ErrorCode.Forbidden, `This action needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<Principal> {
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey !== '') {
      const client = await this.apiClients.authenticate(apiKey);
      if (!client) throw unauthenticated(ErrorCode.ApiKeyInvalid, 'The API key is unknown or revoked.');
      return client;
    }
    const authorization = request.headers.authorization;
    const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    if (!match)
      throw unauthenticated(
        ErrorCode.Unauthenticated,
        'Sign in: send Authorization: Bearer <access token> or X-API-Key.',
      );
    const claims = this.tokens.verifyAccess(match[1]!);
    if (!claims) throw unauthenticated(ErrorCode.TokenInvalid, 'The access token is invalid or expired.');
    const user = await this.users.findActiveForToken(claims.sub, claims.gen, claims.sid ?? null);
    // Deactivated, password changed, or its session ended (logout, reuse detection).
    if (!user) throw unauthenticated(ErrorCode.TokenInvalid, 'The access token is no longer valid.');
    const principal: Principal = {
      kind: 'user',
      userId: user.id,
      role: user.role,
      personId: user.personId,
      sessionId: user.sessionId,
      authenticatedAt: user.authenticatedAt,
    };
    this.access.primeSeats(principal, user.seats);
    return principal;
  }
}
