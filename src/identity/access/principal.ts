import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { UserRole } from './roles.js';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  role: UserRole;
  personId: string | null;
  /** The session (refresh-token family) of the access token; null for a token of no session. */
  sessionId: string | null;
  /** When the user last proved their password in this session (sign-in or sudo); null: never. */
  authenticatedAt: Date | null;
}

export interface ApiClientPrincipal {
  kind: 'api_client';
  apiClientId: string;
  allCommittees: boolean;
  committeeIds: string[];
}

/** Who is calling: a signed-in user or a reporting tool's API client. */
export type Principal = UserPrincipal | ApiClientPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The authenticated caller (the global guard has set it on every non-public route). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().principal!;
});

/** The authenticated user; on routes that API clients may not call. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): UserPrincipal => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().principal as UserPrincipal;
});
