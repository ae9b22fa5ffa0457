import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppException, ErrorCode, type AppConfig, type SqlRunner } from '../../platform/index.js';
import { canSee, decide, type Caller, type Permission, type Seat, type Target } from './permissions.js';
import type { Principal } from './principal.js';

/**
 * A membership (alias `m`) is active from `start_on` until `end_on`, the first day it no
 * longer holds; "today" is the date in the committee's time zone, as everywhere else.
 */
export const ACTIVE_MEMBERSHIP_SQL = `(m.start_on <= tansiq_committee_today(m.committee_id) AND (m.end_on IS NULL OR m.end_on > tansiq_committee_today(m.committee_id)))`;
/** Not ended: active, or starting later. */
export const OPEN_MEMBERSHIP_SQL = `(m.end_on IS NULL OR m.end_on > tansiq_committee_today(m.committee_id))`;

/** Where a client goes to get past a refusal it can act on. */
const REFUSAL_LINKS: Partial<Record<ErrorCode, Record<string, string>>> = {
  [ErrorCode.ReauthenticationRequired]: { sudoUrl: '/api/v1/auth/sudo' },
  [ErrorCode.OwnPasswordRequiresCurrent]: { changePasswordUrl: '/api/v1/me/password' },
};

/** What record-level rules need of a committee (the registry owns the full record). */
export interface CommitteeInfo {
  id: string;
  /** `proposed`, `active`, `suspended` or `dissolved`. */
  status: string;
  /** IANA zone in which the committee's "today" and due dates are reckoned. */
  timeZone: string;
}

/**
 * The active seats of the person `personId` (an SQL expression) as one JSON array of `Seat`
 * objects: a scalar subquery, so the guard reads the caller's seats in the same statement as
 * the caller's account (one round trip per request instead of two). It depends on
 * `memberships`, `committees` and `committee_parties` and on `now()` only: a change to any of
 * those tables raises `access_generation` (migration 1796700000000), which is what lets the
 * guard reuse seats it read before (`SeatCache`). Read another table here and it must raise
 * the counter too.
 */
export function seatsJsonSql(personId: string): string {
  // "Today" inline from the joined committee, as ACTIVE_MEMBERSHIP_SQL reckons it: the SQL
  // function there is called twice per row and is not inlined (it reads a table); this
  // statement runs on every request.
  return `(SELECT coalesce(json_agg(json_build_object(
            'committeeId', m.committee_id, 'partyId', m.party_id, 'role', m.role,
            'committeePartyIds', ARRAY(SELECT cp.party_id FROM committee_parties cp WHERE cp.committee_id = m.committee_id)
          )), '[]'::json)
     FROM memberships m JOIN committees sc ON sc.id = m.committee_id
    CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE sc.time_zone)::date AS today) t
    WHERE m.person_id = ${personId} AND m.start_on <= t.today AND (m.end_on IS NULL OR m.end_on > t.today))`;
}

/**
 * The 15-minute bucket of the statement's `now()`: whole quarter hours since the Unix epoch
 * (`bigint`). The guard reuses seats read in the same bucket (and at the same
 * `access_generation`), so no committee's "today" may change inside one: every zone's offset
 * from UTC is a whole number of quarter hours (+05:45 Kathmandu, +08:45 Eucla, +12:45 and
 * +13:45 Chatham are the finest) and its changes of offset fall on quarter hours of UTC, so a
 * committee's midnight falls on a bucket's edge. Checked for every zone a committee can hold
 * (those both PostgreSQL and `Intl` know, `canonicalTimeZone`; not PostgreSQL's `right/`
 * zones, which count leap seconds), with every transition from 2026 to 2100 in the
 * database's time zone data; `test/identity/seat-cache.e2e-spec.ts` checks the offsets of
 * today. A zone off the quarter hour would need a shorter bucket.
 */
export const SEATS_BUCKET_SQL = `floor(extract(epoch FROM now()) / 900)::bigint`;

/**
 * Which people a caller whose scope is a list of committees may see (README, "Committee
 * registry"): those who sit or sat on one of those committees, and the caller's own person.
 * An SQL condition: `personId` is the expression of the person's id, `scope` the placeholder
 * of the committee ids (`uuid[]`, from `AccessService.scope`), `self` the placeholder of the
 * caller's person id (null: the caller has none). A caller of all committees sees everyone:
 * add no condition then. The people list and GET /search both use it.
 */
export function personVisibleSql(personId: string, scope: string, self: string | null): string {
  const own = self ? ` OR ${personId} = ${self}` : '';
  return `(${personId} IN (SELECT vm.person_id FROM memberships vm WHERE vm.committee_id = ANY(${scope}))${own})`;
}

export interface CommitteeScope {
  /** null: every committee. */
  committeeIds: string[] | null;
}

/**
 * Applies the permission table (`permissions.ts`) to callers and records. The caller's seats
 * are read once per request (the guard builds a new principal for every request, so the
 * cache lives exactly as long as the request) and every decision of that request reuses
 * them. Not visible → 404 (existence does not leak); visible but not allowed → 403 with the
 * permission named in the problem document.
 */
@Injectable()
export class AccessService {
  private readonly seatCache = new WeakMap<Principal, Promise<readonly Seat[]>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The caller with their active seats on every committee: one query per request. Inside a
   * transaction pass its manager as `db`, so the query runs on the transaction's connection
   * (taking a second pooled connection while holding one deadlocks a full pool).
   */
  async caller(principal: Principal, db?: SqlRunner): Promise<Caller> {
    let seats = this.seatCache.get(principal);
    if (!seats) {
      seats = this.loadSeats(principal, db ?? this.dataSource);
      this.seatCache.set(principal, seats);
    }
    return { principal, seats: await seats, recentSignIn: this.recentSignIn(principal) };
  }

  /**
   * Records the caller's seats read together with the account (`seatsJsonSql`), or the
   * guard's cached ones when they cannot have changed since, so no decision of this request
   * reads them again.
   */
  primeSeats(principal: Principal, seats: readonly Seat[]): void {
    this.seatCache.set(principal, Promise.resolve(seats));
  }

  /** Signed in (or confirmed the password) in this session within SUDO_WINDOW_MINUTES. */
  private recentSignIn(principal: Principal): boolean {
    if (principal.kind !== 'user' || principal.authenticatedAt === null) return false;
    return Date.now() - principal.authenticatedAt.getTime() < this.config.auth.sudoWindowMinutes * 60_000;
  }

  /** The committees the caller may see, for filtering lists in SQL. */
  async scope(principal: Principal): Promise<CommitteeScope> {
    if (principal.kind === 'api_client')
      return { committeeIds: principal.allCommittees ? null : principal.committeeIds };
    if (principal.role === 'admin' || principal.role === 'analyst') return { committeeIds: null };
    const { seats } = await this.caller(principal);
    return { committeeIds: [...new Set(seats.map((s) => s.committeeId))] };
  }

  /** Whether `permission` holds, without throwing (e.g. which workflow actors the caller is). */
  async allows(principal: Principal, permission: Permission, target: Target = {}, db?: SqlRunner): Promise<boolean> {
    return decide(await this.caller(principal, db), permission, target).allowed;
  }

  /**
   * Loads a committee the caller may see and checks `permission` on it: 404 `NOT_FOUND` when
   * missing or out of sight, 403 `FORBIDDEN` when seen but not allowed. With `lock`, reads the
   * row `FOR SHARE` (a concurrent dissolution waits for this write) or `FOR UPDATE` (changes
   * of the committee's seats take turns) in `db`'s transaction.
   */
  async requireCommittee(
    principal: Principal,
    committeeId: string,
    permission: Permission,
    options: { db?: SqlRunner; lock?: 'share' | 'update' } = {},
  ): Promise<CommitteeInfo> {
    const [committee] = (await (options.db ?? this.dataSource).query(
      `SELECT id, status::text AS status, time_zone AS "timeZone" FROM committees WHERE id = $1${options.lock ? ` FOR ${options.lock.toUpperCase()}` : ''}`,
      [committeeId],
    )) as CommitteeInfo[];
    if (!committee) throw AppException.notFound('The committee');
    // Under the lock, the caller's seats are read again: the ones read with the account come
    // from before it, and a seat ended meanwhile (which takes this row FOR UPDATE) must count.
    if (options.lock) this.seatCache.set(principal, this.loadSeats(principal, options.db ?? this.dataSource));
    await this.require(principal, permission, { committeeId }, 'The committee', options.db);
    return committee;
  }

  /**
   * `requireCommittee` for reads that need nothing of the committee's row (its lists): when
   * one of the caller's seats is in the committee, the seat proves it exists and no statement
   * is sent; otherwise (admins, analysts, API clients) the row is read for the 404.
   */
  async requireCommitteeReadable(
    principal: Principal,
    committeeId: string,
    permission: Permission = 'committee.read',
  ): Promise<void> {
    const { seats } = await this.caller(principal);
    if (seats.some((seat) => seat.committeeId === committeeId)) {
      await this.require(principal, permission, { committeeId });
      return;
    }
    await this.requireCommittee(principal, committeeId, permission);
  }

  /**
   * Throws unless the caller may do `permission` on `target` inside committee
   * `target.committeeId` (which must exist: ask after loading the record). `what` names the
   * record for the 404 when the caller may not see its committee. Refused: 403 with the
   * decision's code (`FORBIDDEN`, `REAUTHENTICATION_REQUIRED` with `sudoUrl`, or
   * `OWN_PASSWORD_REQUIRES_CURRENT` with `changePasswordUrl`) and the `permission` named.
   */
  async require(
    principal: Principal,
    permission: Permission,
    target: Target,
    what = 'The committee',
    db?: SqlRunner,
  ): Promise<void> {
    const caller = await this.caller(principal, db);
    if (target.committeeId !== undefined && !canSee(caller, target.committeeId)) throw AppException.notFound(what);
    const decision = decide(caller, permission, target);
    if (!decision.allowed) {
      const code = decision.code ?? ErrorCode.Forbidden;
      throw new AppException(code, decision.reason, { extensions: { permission, ...REFUSAL_LINKS[code] } });
    }
  }

  private async loadSeats(principal: Principal, db: SqlRunner): Promise<Seat[]> {
    if (principal.kind !== 'user' || !principal.personId) return [];
    const [row] = (await db.query(`SELECT ${seatsJsonSql('$1')} AS seats`, [principal.personId])) as {
      seats: Seat[];
    }[];
    return row!.seats;
  }
}
