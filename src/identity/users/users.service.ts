import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService, SEATS_BUCKET_SQL, seatsJsonSql } from '../access/access.service.js';
import type { Seat } from '../access/permissions.js';
import { SeatCache, type SeatsReading } from '../access/seat-cache.js';
import type { Principal } from '../access/principal.js';
import { endSessions } from './end-sessions.js';
import { PasswordService } from './password.service.js';
import { assertIfMatch, type IfMatchCheck, type IfMatchCondition } from '../../platform/index.js';
import { directReads, paginate, type Page, type SqlRunner } from '../../platform/index.js';
import { AppException, ErrorCode, normalizeEmail } from '../../platform/index.js';
import {
  USER_SORT,
  UserResponseDto,
  type CreateUserDto,
  type ListUsersQueryDto,
  type UpdateUserDto,
} from './dto/user.dto.js';
import { User, type UserRole } from './entities/user.entity.js';

/** An account's row as the guard's statement returns it (`GUARD_SQL`). */
interface GuardRow {
  id: string;
  role: UserRole;
  person_id: string | null;
  session_id: string | null;
  authenticated_at: Date | null;
  /** `access_generation.n` in the statement's snapshot (bigint as text; null only without its row). */
  access_generation: string | null;
  /** The statement's 15-minute bucket (`SEATS_BUCKET_SQL`, bigint as text). */
  seats_bucket: string;
  /** NULL: unchanged since the reading whose person, generation and bucket were sent ($4–$6). */
  seats: Seat[] | null;
}

/**
 * The guard's one statement: the user ($1) of that token generation ($2), the token's session
 * ($3), and the person's active seats, unless the cached reading's generation ($4), bucket
 * ($5) and person ($6) all still hold: then NULL, and the seats subquery is not run (a CASE
 * evaluates only the branch it takes). The generation and the bucket come back for the next
 * request's comparison.
 */
const GUARD_SQL = `SELECT u.id, u.role, u.person_id, s.id AS session_id, s.authenticated_at,
       g.n AS access_generation, b.bucket AS seats_bucket,
       CASE WHEN u.person_id IS NULL THEN '[]'::json
            WHEN u.person_id = $6::uuid AND g.n = $4::bigint AND b.bucket = $5::bigint THEN NULL
            ELSE ${seatsJsonSql('u.person_id')} END AS seats
  FROM users u LEFT JOIN auth_sessions s ON s.id = $3 AND s.user_id = u.id
  LEFT JOIN access_generation g ON true
  CROSS JOIN (SELECT ${SEATS_BUCKET_SQL} AS bucket) b
 WHERE u.id = $1 AND u.active AND u.token_generation = $2 AND s.ended_at IS NULL`;

/** An account without a person sits nowhere. */
const NO_SEATS: readonly Seat[] = Object.freeze([]);

@Injectable()
export class UsersService {
  /** The seats of recent callers, for the guard (issue 9). */
  private readonly seatCache = new SeatCache();
  /** The guard's statement, straight from the pool (`directReads`): it runs on every request. */
  private readonly reads: SqlRunner;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly access: AccessService,
  ) {
    this.reads = directReads(dataSource);
  }

  /**
   * For the auth guard: the user behind a token, if still active and of that token
   * generation, with when they last proved their password in the token's session (null: no
   * such session). Null as well when that session has ended (logout, reuse detection): a
   * session's access tokens end with it. One statement: the session is joined and the
   * person's active seats read as a subquery, not separately.
   *
   * The seats subquery is skipped when this instance last read the account's seats for the
   * same person, at the `access_generation` and in the 15-minute bucket the statement sees
   * now (`SeatCache`): the statement is sent the cached person, generation and bucket and
   * answers NULL seats then, and the cached ones are used. Any committed change to a
   * membership, a committee or its parties raises the generation, so the next request reads
   * the seats again. The seats returned are frozen (shared with the account's later requests).
   */
  async findActiveForToken(
    id: string,
    generation: number,
    sessionId: string | null,
  ): Promise<
    | (Pick<User, 'id' | 'role' | 'personId'> & {
        sessionId: string | null;
        authenticatedAt: Date | null;
        seats: readonly Seat[];
      })
    | null
  > {
    const cached = this.seatCache.get(id);
    const rows = (await this.reads.query(GUARD_SQL, [
      id,
      generation,
      sessionId,
      cached?.generation ?? null,
      cached?.bucket ?? null,
      cached?.personId ?? null,
    ])) as GuardRow[];
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      role: row.role,
      personId: row.person_id,
      sessionId: row.session_id,
      authenticatedAt: row.authenticated_at,
      seats: this.seatsOf(row, cached),
    };
  }

  /**
   * The seats the guard's row carries, or the cached ones when it carries NULL (the
   * statement found the person, generation and bucket of `cached` unchanged). Seats read are
   * kept for the account's next request.
   */
  private seatsOf(row: GuardRow, cached: SeatsReading | undefined): readonly Seat[] {
    if (row.person_id === null) return NO_SEATS;
    if (row.seats === null) {
      if (!cached) throw new Error('The guard statement skipped the seats though none were cached.');
      return cached.seats;
    }
    return this.seatCache.set(row.id, {
      personId: row.person_id,
      generation: row.access_generation,
      bucket: row.seats_bucket,
      seats: row.seats,
    }).seats;
  }

  /** With the password hash, for signing in; `email` is compared in its stored form (`normalizeEmail`). */
  findByEmailForLogin(email: string): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: normalizeEmail(email) })
      .getOne();
  }

  /**
   * `POST /users`: an admin creates an account. It grants a role and sets a password, so it
   * is `account.administer`: 403 `REAUTHENTICATION_REQUIRED` without a recent sign-in.
   */
  async createAs(principal: Principal, dto: CreateUserDto): Promise<User> {
    await this.access.require(principal, 'account.administer', {});
    return this.create(dto);
  }

  /** Creates an account (also for the bootstrap admin and the demo seed: no caller to check). */
  async create(dto: CreateUserDto, manager: EntityManager = this.dataSource.manager): Promise<User> {
    const email = normalizeEmail(dto.email); // also for the bootstrap admin and the demo seed
    this.passwords.assertAcceptable(dto.password, 'password', [email.split('@')[0]!, dto.displayName]);
    if (dto.personId) await this.assertPersonExists(manager, dto.personId);
    const repo = manager.getRepository(User);
    if (await repo.existsBy({ email }))
      throw new AppException(ErrorCode.DuplicateEmail, `A user with the e-mail ${email} already exists.`);
    const passwordHash = await this.passwords.hash(dto.password);
    const saved = await repo.save(
      repo.create({
        email,
        displayName: dto.displayName,
        role: dto.role,
        personId: dto.personId ?? null,
        passwordHash,
        active: true,
        tokenGeneration: 0,
        lastLoginAt: null,
      }),
    );
    return repo.findOneByOrFail({ id: saved.id });
  }

  list(query: ListUsersQueryDto): Promise<Page<User>> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('user');
    if (query.role) qb.andWhere('user.role = :role', { role: query.role });
    if (query.active !== undefined) qb.andWhere('user.active = :active', { active: query.active });
    return paginate(qb, query, { alias: 'user', sortable: USER_SORT, defaultSort: 'email' });
  }

  async get(id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw AppException.notFound('The user');
    return user;
  }

  /**
   * `PATCH /users/{id}`. Setting `role`, `active` or `personId` (even to the value it has) is
   * `account.administer`: 403 `REAUTHENTICATION_REQUIRED` without a recent sign-in. Each
   * grants power: the person an account is linked to brings that person's seats (a co-chair's
   * sign-off among them). 404, 412 as usual.
   */
  updateAs(principal: Principal, id: string, dto: UpdateUserDto, ifMatch: IfMatchCondition | undefined): Promise<User> {
    const current = async (db: EntityManager) =>
      UserResponseDto.from(await db.getRepository(User).findOneByOrFail({ id }));
    return this.applyUpdate(id, dto, { condition: ifMatch, current }, async (manager) => {
      if (grantsAccess(dto)) await this.access.require(principal, 'account.administer', {}, undefined, manager);
    });
  }

  /**
   * One's own account (`PATCH /me`): the display name only, so nothing sensitive; `ifMatch`
   * reads the representation its ETag is of (`GET /me`).
   */
  update(id: string, dto: Pick<UpdateUserDto, 'displayName'>, ifMatch: IfMatchCheck): Promise<User> {
    return this.applyUpdate(id, dto, ifMatch, async () => undefined);
  }

  /**
   * `allowed` runs once the user is found and locked, before the If-Match check. The lock is
   * `FOR NO KEY UPDATE`, as `endSessions` requires.
   */
  private applyUpdate(
    id: string,
    dto: UpdateUserDto,
    ifMatch: IfMatchCheck,
    allowed: (manager: EntityManager) => Promise<void>,
  ): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(User);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
      if (!user) throw AppException.notFound('The user');
      await allowed(manager);
      await assertIfMatch(ifMatch.condition, () => ifMatch.current(manager), 'The user');
      if (dto.personId) await this.assertPersonExists(manager, dto.personId);
      const deactivating = dto.active === false && user.active;
      Object.assign(user, {
        ...(dto.displayName !== undefined && { displayName: dto.displayName }),
        ...(dto.role !== undefined && { role: dto.role }),
        ...(dto.active !== undefined && { active: dto.active }),
        ...(dto.personId !== undefined && { personId: dto.personId }),
      });
      if (deactivating) {
        user.tokenGeneration += 1;
        await endSessions(manager, { userId: user.id }, 'user deactivated');
      }
      return repo.save(user);
    });
  }

  /**
   * `POST /users/{id}/password`: an admin sets another account's password (404 when there is
   * no such user). `account.password.set`: 403 `OWN_PASSWORD_REQUIRES_CURRENT` for the
   * caller's own account (that goes through `/me/password`), 403 `REAUTHENTICATION_REQUIRED`
   * without a recent sign-in. Every session of the user ends.
   */
  async resetPassword(principal: Principal, id: string, password: string): Promise<User> {
    // The id as stored (canonical lower case), never as typed: the rule compares it with the caller's.
    const { id: userId } = await this.get(id);
    await this.access.require(principal, 'account.password.set', { userId });
    return this.setPassword(userId, password);
  }

  /**
   * Sets a new password; every session and access token of the user ends. The user row is
   * locked `FOR NO KEY UPDATE`, as `endSessions` requires.
   */
  async setPassword(id: string, password: string, manager?: EntityManager): Promise<User> {
    const run = async (em: EntityManager) => {
      const repo = em.getRepository(User);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
      if (!user) throw AppException.notFound('The user');
      this.passwords.assertAcceptable(password, 'password', [user.email.split('@')[0]!, user.displayName]);
      user.passwordHash = await this.passwords.hash(password);
      user.tokenGeneration += 1;
      await repo.save(user);
      await endSessions(em, { userId: user.id }, 'password changed');
      return repo.findOneByOrFail({ id: user.id });
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  private async assertPersonExists(manager: EntityManager, personId: string): Promise<void> {
    const found = (await manager.query(`SELECT 1 FROM people WHERE id = $1`, [personId])) as unknown[];
    if (found.length === 0) {
      throw AppException.validation([{ field: 'personId', message: 'does not match a person' }]);
    }
  }
}

/** A PATCH that changes what the account may do: its role, whether it may sign in, the person (and so the seats) it acts as. */
function grantsAccess(dto: UpdateUserDto): boolean {
  return dto.role !== undefined || dto.active !== undefined || dto.personId !== undefined;
}
