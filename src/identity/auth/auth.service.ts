import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException, ErrorCode } from '../../platform/index.js';
import type { AppConfig } from '../../platform/index.js';
import { APP_CONFIG } from '../../platform/index.js';
import type { UserPrincipal } from '../access/principal.js';
import { endSessions } from '../users/end-sessions.js';
import { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { SudoDto, TokenPairDto } from './dto/auth.dto.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from '../users/password.service.js';
import { sha256 } from '../../platform/index.js';
import { TokenService, type AccessStamp } from './token.service.js';
import { unauthenticated } from './unauthenticated.js';

const BAD_CREDENTIALS = 'The e-mail or password is wrong.';
const BAD_REFRESH = 'The refresh token is invalid, expired or already used. Sign in again.';
const NO_SESSION = 'This access token belongs to no session, or its session has ended: sign in again.';

/** The successor of a spent refresh token, if it may be handed out again (see `refresh`). */
interface Replayable {
  accessTokenId: string;
  accessTokenIssuedAt: Date;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
  ) {}

  /**
   * One answer for an unknown e-mail, a wrong password and a deactivated account, after equal
   * work (401 INVALID_CREDENTIALS); 429 LOGIN_LOCKED after too many failures. Starts a session
   * already in sudo mode (the password was just proved).
   */
  async login(email: string, password: string, ip: string): Promise<TokenPairDto> {
    const user = await this.users.findByEmailForLogin(email);
    const ok = await this.throttle.attempt(email, ip, () =>
      this.passwords.verify(user?.active ? user.passwordHash : null, password),
    );
    if (!user || !ok) throw new AppException(ErrorCode.InvalidCredentials, BAD_CREDENTIALS);
    const pair = await this.dataSource.transaction(async (manager) => {
      // Bookkeeping, not an edit: version and updatedAt stay. The row lock orders this sign-in
      // with a concurrent password change or deactivation: if one committed since the password
      // was read, the password proved is no longer the account's, and no session starts.
      const [, updated] = (await manager.query(
        `UPDATE users SET last_login_at = now() WHERE id = $1 AND active AND token_generation = $2`,
        [user.id, user.tokenGeneration],
      )) as [unknown, number];
      return updated === 1 ? this.startSession(manager, user) : null;
    });
    if (!pair) throw new AppException(ErrorCode.InvalidCredentials, BAD_CREDENTIALS);
    return pair;
  }

  /**
   * Rotation: the presented token is spent and its successor issued in the same family. A
   * spent or revoked token presented again means it was copied: the session ends (every token
   * of the family revoked, every access token issued in it refused).
   *
   * Reuse interval: two tabs, or a client retrying after a lost response, present the same
   * token twice within moments. Within REFRESH_REUSE_INTERVAL_SECONDS of the rotation, the
   * just-spent token gets the same answer again — the same refresh token and the same access
   * token bytes — as long as that successor is itself unspent and unrevoked. Nothing secret
   * is stored for this: the successor is derived from the presented token
   * (`TokenService.successorOf`, an HMAC under a key from JWT_SECRET), so it can be recomputed
   * from the request, and the successor's row keeps the `jti` and `iat` that re-sign the same
   * access JWT. An older spent token (its successor already rotated), or the just-spent one
   * after the interval, ends the session as before.
   *
   * Concurrency: everything that happens to a session takes its `auth_sessions` row first
   * (`FOR UPDATE`): a rotation, a replay, reuse detection, and whatever ends the session
   * (logout, a password change, deactivation: `endSessions`). So they take turns, on any
   * instance: concurrent requests with one token find it spent after the first and replay the
   * committed successor; whatever ends the session waits for a rotation in flight and then
   * revokes its successor too; a rotation after the end finds the session ended. Lock order:
   * the session row, then the token row (read first without a lock, only to learn its
   * session), then the successor's.
   *
   * Fails with 401 REFRESH_TOKEN_REUSED for a spent token revoked as reused, REFRESH_TOKEN_INVALID otherwise.
   */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<TokenPairDto | 'reused' | null> => {
      const locked = await this.lockSessionAndToken(manager, sha256(refreshToken));
      if (!locked) return null;
      const { token, ended } = locked;
      // Every token of an ended session is revoked already; only the answer's code is left.
      if (ended) return token.spentAt ? 'reused' : null;
      if (token.spentAt && !token.revokedAt) {
        const replayed = await this.replay(manager, token, refreshToken);
        if (replayed) return replayed;
      }
      if (token.spentAt || token.revokedAt) {
        await endSessions(manager, { sessionId: token.familyId }, 'reuse detected');
        return token.spentAt ? 'reused' : null;
      }
      if (token.expiresAt.getTime() <= Date.now()) return null;
      const user = await manager.getRepository(User).findOneBy({ id: token.userId, active: true });
      if (!user) return null;
      await manager.query(`UPDATE refresh_tokens SET spent_at = now() WHERE id = $1`, [token.id]);
      return this.issue(manager, user, token.familyId, this.tokens.successorOf(refreshToken).token);
    });
    if (outcome === 'reused') throw new AppException(ErrorCode.RefreshTokenReused, BAD_REFRESH);
    if (!outcome) throw new AppException(ErrorCode.RefreshTokenInvalid, BAD_REFRESH);
    return outcome;
  }

  /**
   * Confirms the password in the caller's session (sudo mode) for SUDO_WINDOW_MINUTES. A
   * wrong password is a 400 on `password` and counts toward the same lock as failed sign-ins
   * (429 when locked); an access token of no session, or of a session that has ended, is a
   * 401 TOKEN_INVALID (with `WWW-Authenticate`, as from the guard).
   */
  async sudo(principal: UserPrincipal, dto: SudoDto, ip: string): Promise<{ sudoUntil: Date }> {
    if (!principal.sessionId) throw unauthenticated(ErrorCode.TokenInvalid, NO_SESSION);
    const user = await this.withPasswordHash(principal.userId);
    if (!(await this.throttle.attempt(user.email, ip, () => this.passwords.verify(user.passwordHash, dto.password))))
      throw AppException.validation([{ field: 'password', message: 'is wrong' }]);
    const rows = (await this.dataSource.query(
      `UPDATE auth_sessions SET authenticated_at = now()
        WHERE id = $1 AND user_id = $2 AND ended_at IS NULL RETURNING authenticated_at`,
      [principal.sessionId, principal.userId],
    )) as [{ authenticated_at: Date }[], number];
    const stamped = rows[0][0];
    if (!stamped) throw unauthenticated(ErrorCode.TokenInvalid, NO_SESSION);
    return { sudoUntil: new Date(stamped.authenticated_at.getTime() + this.config.auth.sudoWindowMinutes * 60_000) };
  }

  /**
   * Ends the session the refresh token belongs to: every refresh token of its family, and
   * every access token issued in it (the guard refuses tokens of an ended session). A
   * rotation in flight finishes first and its successor is revoked too (see `refresh`).
   * Idempotent.
   */
  async logout(userId: string, refreshToken: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [token] = (await manager.query(
        `SELECT family_id AS "familyId" FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2`,
        [sha256(refreshToken), userId],
      )) as { familyId: string }[];
      if (token) await endSessions(manager, { sessionId: token.familyId }, 'logout');
    });
  }

  /**
   * Changes one's own password; every session ends, and a fresh token pair (a new session) is
   * returned. A wrong current password is a 400 on `currentPassword` and counts toward the same
   * lock as failed sign-ins (429 when locked).
   */
  async changePassword(
    userId: string,
    currentPassword: string,
    newPassword: string,
    ip: string,
  ): Promise<TokenPairDto> {
    const user = await this.withPasswordHash(userId);
    if (!(await this.throttle.attempt(user.email, ip, () => this.passwords.verify(user.passwordHash, currentPassword))))
      throw AppException.validation([{ field: 'currentPassword', message: 'is wrong' }]);
    return this.dataSource.transaction(async (manager) => {
      const updated = await this.users.setPassword(userId, newPassword, manager);
      return this.startSession(manager, updated);
    });
  }

  private withPasswordHash(userId: string): Promise<User> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.id = :userId', { userId })
      .getOneOrFail();
  }

  /** A new session, signed in now (the password was just proved), and its first token pair. */
  private async startSession(manager: EntityManager, user: User): Promise<TokenPairDto> {
    const sessionId = randomUUID();
    await manager.query(`INSERT INTO auth_sessions (id, user_id, authenticated_at) VALUES ($1, $2, now())`, [
      sessionId,
      user.id,
    ]);
    return this.issue(manager, user, sessionId, this.tokens.newRefreshToken().token);
  }

  private async issue(
    manager: EntityManager,
    user: User,
    familyId: string,
    refreshToken: string,
  ): Promise<TokenPairDto> {
    const stamp = this.tokens.newAccessStamp();
    const expiresAt = new Date(Date.now() + this.config.auth.refreshTokenTtlDays * 86_400_000);
    await manager.insert(RefreshToken, {
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt,
      accessTokenId: stamp.id,
      accessTokenIssuedAt: stamp.issuedAt,
    });
    return this.pair(user, familyId, refreshToken, stamp);
  }

  private async pair(user: User, familyId: string, refreshToken: string, stamp: AccessStamp): Promise<TokenPairDto> {
    return {
      accessToken: await this.tokens.signAccess(user.id, user.tokenGeneration, familyId, stamp),
      refreshToken,
      expiresIn: this.tokens.accessTtlSeconds,
      tokenType: 'Bearer',
    };
  }

  /**
   * The answer the rotation of `spent` gave, if it may be given again: `spent` was rotated
   * within the reuse interval (by the database clock) and its successor is neither spent nor
   * revoked. Null otherwise (the caller then ends the session).
   */
  private async replay(manager: EntityManager, spent: RefreshToken, presented: string): Promise<TokenPairDto | null> {
    const interval = this.config.auth.refreshReuseIntervalSeconds;
    if (interval === 0) return null;
    const successor = this.tokens.successorOf(presented);
    // statement_timestamp(), not now(): this transaction may have begun before the rotation
    // it waited for committed.
    const [row] = (await manager.query(
      `SELECT s.access_token_id AS "accessTokenId", s.access_token_issued_at AS "accessTokenIssuedAt"
         FROM refresh_tokens p JOIN refresh_tokens s ON s.token_hash = $2 AND s.family_id = p.family_id
        WHERE p.id = $1 AND p.spent_at > statement_timestamp() - make_interval(secs => $3)
          AND s.spent_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > statement_timestamp()
          AND s.access_token_id IS NOT NULL AND s.access_token_issued_at IS NOT NULL
          FOR UPDATE OF s`,
      [spent.id, successor.hash, interval],
    )) as Replayable[];
    if (!row) return null;
    const user = await manager.getRepository(User).findOneBy({ id: spent.userId, active: true });
    if (!user) return null;
    return this.pair(user, spent.familyId, successor.token, {
      id: row.accessTokenId,
      issuedAt: row.accessTokenIssuedAt,
    });
  }

  /**
   * The token with this hash, and whether its session has ended; both rows locked, the
   * session's first (see `refresh`). Null for an unknown token.
   */
  private async lockSessionAndToken(
    manager: EntityManager,
    tokenHash: string,
  ): Promise<{ token: RefreshToken; ended: boolean } | null> {
    const [found] = (await manager.query(`SELECT family_id AS "familyId" FROM refresh_tokens WHERE token_hash = $1`, [
      tokenHash,
    ])) as { familyId: string }[];
    if (!found) return null;
    const [session] = (await manager.query(`SELECT ended_at AS "endedAt" FROM auth_sessions WHERE id = $1 FOR UPDATE`, [
      found.familyId,
    ])) as { endedAt: Date | null }[];
    const token = await manager.getRepository(RefreshToken).findOne({
      where: { tokenHash },
      lock: { mode: 'pessimistic_write' },
    });
    if (!session || !token) return null;
    return { token, ended: session.endedAt !== null };
  }
}
