import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RateLimit, SkipIdempotency, type RateLimitPolicy } from '../../platform/index.js';
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
  @ApiOperation({ summary: 'Sign in: a token pair' })
  @ApiOkResponse({ type: TokenPairDto })
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
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair' })
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
  @ApiOperation({ summary: 'Confirm the password: sudo mode' })
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
  @ApiNoContentResponse({
    description:
      'The session of this refresh token has ended: its refresh tokens no longer refresh and its access tokens answer 401 TOKEN_INVALID.',
  })
  logout(@Body() dto: RefreshDto, @CurrentUser() user: UserPrincipal): Promise<void> {
    return this.auth.logout(user.userId, dto.refreshToken);
  }
}
