import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  EXAMPLE_REFRESH_TOKEN,
  Operation,
  RateLimit,
  RequestExample,
  SkipIdempotency,
  type RateLimitPolicy,
} from '../../platform/index.js';
import { Access, Public } from '../access/access.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginDto, RefreshDto, SudoDto, SudoResponseDto, TokenPairDto } from './dto/auth.dto.js';
import { CurrentUser, type UserPrincipal } from '../access/principal.js';

/** Per-address ceiling on the auth routes (a minute), on top of the per-account sign-in lock. */
export const AUTH_RATE_LIMIT: RateLimitPolicy = { limit: 60, windowSeconds: 60 };
/** Logout only ends a session: a looser ceiling (10×). */
const LOGOUT_RATE_LIMIT: RateLimitPolicy = { limit: 10 * AUTH_RATE_LIMIT.limit, windowSeconds: 60 };
// The limit itself is added to each route's description from @RateLimit (withRateLimitHeaders).
const LOCKED_OR_LIMITED = `LOGIN_LOCKED: too many failed attempts for this account or address (LOGIN_MAX_FAILURES in LOGIN_LOCK_MINUTES). RATE_LIMITED: more than ${AUTH_RATE_LIMIT.limit} requests a minute to this route from this address. Both with Retry-After (seconds).`;

@ApiTags('auth')
@SkipIdempotency()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @RateLimit(AUTH_RATE_LIMIT)
  @Post('login')
  @HttpCode(200)
  @Operation({
    id: 'login',
    summary: 'Sign in',
    description:
      'Exchanges an e-mail and password for a token pair: a short-lived access token (send it as `Authorization: Bearer <accessToken>`; in this page, **Authorize**) and a refresh token (POST /api/v1/auth/refresh). The session starts in sudo mode. Anyone may call it. Errors: 401 `INVALID_CREDENTIALS` (one answer for an unknown e-mail, a wrong password and a deactivated account; each failure counts toward the lock), 429 `LOGIN_LOCKED` or `RATE_LIMITED` with Retry-After.',
  })
  @RequestExample(LoginDto, {
    summary: 'The demo administrator (when the demo data is loaded)',
    value: { email: 'admin@tansiq.demo', password: 'tansiq-demo-2025' },
  })
  @ApiOkResponse({
    type: TokenPairDto,
    description:
      'Signed in: an access token (valid `expiresIn` seconds) and a refresh token; the session starts in sudo mode.',
  })
  @ApiUnauthorizedResponse({
    description:
      'INVALID_CREDENTIALS: an unknown e-mail, a wrong password or a deactivated account (one answer for all three).',
  })
  @ApiTooManyRequestsResponse({ description: LOCKED_OR_LIMITED })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.auth.login(dto.email, dto.password, request.ip);
  }

  @Public()
  @RateLimit(AUTH_RATE_LIMIT)
  @Post('refresh')
  @HttpCode(200)
  @Operation({
    id: 'refreshTokens',
    summary: 'Refresh the access token',
    description:
      'Exchanges a refresh token for a new token pair in the same session; the presented refresh token is spent (rotation). Anyone holding a refresh token may call it (no access token needed). Errors: 401 `REFRESH_TOKEN_INVALID` (unknown, expired, or its session has ended), 401 `REFRESH_TOKEN_REUSED` (already exchanged: the whole session ends), 429 `RATE_LIMITED`.',
  })
  @RequestExample(RefreshDto, {
    summary: 'A refresh token from the sign-in',
    value: { refreshToken: EXAMPLE_REFRESH_TOKEN },
    replace: { refreshToken: 'the `refreshToken` of the answer of POST /api/v1/auth/login (or of the last refresh).' },
  })
  @ApiTooManyRequestsResponse({
    description: `RATE_LIMITED: more than ${AUTH_RATE_LIMIT.limit} requests a minute to this route from this address; see Retry-After (seconds).`,
  })
  @ApiOkResponse({
    type: TokenPairDto,
    description:
      'The presented token is spent. Presented again within REFRESH_REUSE_INTERVAL_SECONDS (default 10), it gets this same pair again; later, or once the new token has itself been used, it ends the session (401).',
  })
  @ApiUnauthorizedResponse({
    description:
      'REFRESH_TOKEN_INVALID: unknown, expired, or its session has ended. REFRESH_TOKEN_REUSED: already exchanged (after REFRESH_REUSE_INTERVAL_SECONDS, or not the latest); its whole session is now ended.',
  })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  // Above @Access (decorators apply bottom-up), so this text follows its generic 401 description.
  @ApiUnauthorizedResponse({
    description:
      'UNAUTHENTICATED: no credentials were sent. TOKEN_INVALID (with WWW-Authenticate): the access token is invalid or expired, was ended by a password change or deactivation, belongs to no session, or its session has ended (logout, refresh-token reuse): sign in again.',
  })
  @Access()
  @RateLimit(AUTH_RATE_LIMIT)
  @Post('sudo')
  @HttpCode(200)
  @ApiOkResponse({
    type: SudoResponseDto,
    description:
      'Password confirmed: for SUDO_WINDOW_MINUTES (default 10) this session may do sensitive operations (account and API-client administration), which otherwise answer 403 REAUTHENTICATION_REQUIRED. A fresh sign-in starts in this mode.',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: the password is wrong (counts toward the sign-in lock).' })
  @Operation({
    id: 'confirmPassword',
    summary: 'Confirm your password (sudo mode)',
    description:
      'Proves the password again in this session, which opens sudo mode for SUDO_WINDOW_MINUTES: account and API-client administration need it (403 `REAUTHENTICATION_REQUIRED` otherwise). Any signed-in user may call it. Errors: 400 `VALIDATION_FAILED` naming `password` when it is wrong (counts toward the sign-in lock), 429 `LOGIN_LOCKED` or `RATE_LIMITED`.',
  })
  @RequestExample(SudoDto, {
    summary: 'The demo password (signed in with a demo login)',
    value: { password: 'tansiq-demo-2025' },
  })
  @ApiTooManyRequestsResponse({ description: LOCKED_OR_LIMITED })
  async sudo(
    @Body() dto: SudoDto,
    @CurrentUser() user: UserPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<SudoResponseDto> {
    return this.auth.sudo(user, dto, request.ip);
  }

  @Access()
  @RateLimit(LOGOUT_RATE_LIMIT)
  @Post('logout')
  @HttpCode(204)
  @Operation({
    id: 'logout',
    summary: 'Sign out',
    description:
      "Ends the session the refresh token belongs to: its refresh tokens stop refreshing and its access tokens answer 401 `TOKEN_INVALID` at once. Any signed-in user may call it, for one of their own sessions (another user's token changes nothing). Errors: 400 `VALIDATION_FAILED` naming `refreshToken`, 429 `RATE_LIMITED`.",
  })
  @RequestExample(RefreshDto, {
    summary: "The session's refresh token",
    value: { refreshToken: EXAMPLE_REFRESH_TOKEN },
    replace: { refreshToken: 'the `refreshToken` of the session to end (from POST /api/v1/auth/login or /refresh).' },
  })
  @ApiNoContentResponse({
    description:
      'The session of this refresh token has ended: its refresh tokens no longer refresh and its access tokens answer 401 TOKEN_INVALID.',
  })
  logout(@Body() dto: RefreshDto, @CurrentUser() user: UserPrincipal): Promise<void> {
    return this.auth.logout(user.userId, dto.refreshToken);
  }
}
