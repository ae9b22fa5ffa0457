import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException, ErrorCode } from '../../platform/index.js';
import type { AppConfig } from '../../platform/index.js';
import { APP_CONFIG } from '../../platform/index.js';
import { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { TokenPairDto } from './dto/auth.dto.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from '../users/password.service.js';
import { sha256 } from '../../platform/index.js';
import { TokenService } from './token.service.js';

const BAD_CREDENTIALS = 'The e-mail or password is wrong.';
const BAD_REFRESH = 'The refresh token is invalid, expired or already used. Sign in again.';

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

  /** One answer for an unknown e-mail, a wrong password and a deactivated account, after equal work. */
  async login(email: string, password: string, ip: string): Promise<TokenPairDto> {
    await this.throttle.assertNotLocked(email, ip);
    const user = await this.users.findByEmailForLogin(email);
    const ok = await this.passwords.verify(user?.active ? user.passwordHash : null, password);
    if (!user || !ok) {
      await this.throttle.recordFailure(email, ip);
      throw new AppException(ErrorCode.InvalidCredentials, BAD_CREDENTIALS);
    }
    await this.throttle.recordSuccess(email, ip);
    return this.dataSource.transaction(async (manager) => {
      // Bookkeeping, not an edit: version and updatedAt stay.
      await manager.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [user.id]);
      return this.issue(manager, user, randomUUID());
    });
  }

  /**
   * Rotation: the presented token is spent and a new one issued in its family. A spent or
   * revoked token presented again means it was copied: the whole family is revoked.
   * Fails with 401 REFRESH_TOKEN_REUSED for a spent token, REFRESH_TOKEN_INVALID otherwise.
   */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<TokenPairDto | 'reused' | null> => {
      const token = await manager.getRepository(RefreshToken).findOne({
        where: { tokenHash: sha256(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!token) return null;
      if (token.spentAt || token.revokedAt) {
        await this.revokeFamily(manager, token.familyId, 'reuse detected');
        return token.spentAt ? 'reused' : null;
      }
      if (token.expiresAt.getTime() <= Date.now()) return null;
      const user = await manager.getRepository(User).findOneBy({ id: token.userId, active: true });
      if (!user) return null;
      await manager.update(RefreshToken, { id: token.id }, { spentAt: new Date() });
      return this.issue(manager, user, token.familyId);
    });
    if (outcome === 'reused') throw new AppException(ErrorCode.RefreshTokenReused, BAD_REFRESH);
    if (!outcome) throw new AppException(ErrorCode.RefreshTokenInvalid, BAD_REFRESH);
    return outcome;
  }

  /** Ends the session the refresh token belongs to (its whole family). Idempotent. */
  async logout(userId: string, refreshToken: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = 'logout'
        WHERE revoked_at IS NULL AND family_id IN (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2)`,
      [sha256(refreshToken), userId],
    );
  }

  /** Changes one's own password; other sessions end, and a fresh token pair is returned. */
  /** Wrong current passwords count against the same lock as failed sign-ins. */
  async changePassword(
    userId: string,
    currentPassword: string,
    newPassword: string,
    ip: string,
  ): Promise<TokenPairDto> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.id = :userId', { userId })
      .getOneOrFail();
    await this.throttle.assertNotLocked(user.email, ip);
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      await this.throttle.recordFailure(user.email, ip);
      throw AppException.validation([{ field: 'currentPassword', message: 'is wrong' }]);
    }
    await this.throttle.recordSuccess(user.email, ip);
    return this.dataSource.transaction(async (manager) => {
      const updated = await this.users.setPassword(userId, newPassword, manager);
      return this.issue(manager, updated, randomUUID());
    });
  }

  private async issue(manager: EntityManager, user: User, familyId: string): Promise<TokenPairDto> {
    const { token, hash } = this.tokens.newRefreshToken();
    const expiresAt = new Date(Date.now() + this.config.auth.refreshTokenTtlDays * 86_400_000);
    await manager.insert(RefreshToken, { userId: user.id, familyId, tokenHash: hash, expiresAt });
    return {
      accessToken: await this.tokens.signAccess(user.id, user.tokenGeneration),
      refreshToken: token,
      expiresIn: this.tokens.accessTtlSeconds,
      tokenType: 'Bearer',
    };
  }

  private revokeFamily(manager: EntityManager, familyId: string, reason: string): Promise<unknown> {
    return manager.query(
      `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId, reason],
    );
  }
}
