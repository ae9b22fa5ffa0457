import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from './principal.js';
import { AppException, ErrorCode } from '../../platform/index.js';
import type { MembershipRole } from './roles.js';

/** What a caller wants to do with a committee (or a record inside it). */
export type CommitteePermission =
  /** See the committee and what is inside it. */
  | 'read'
  /** Manage the committee's memberships: admin, or the committee's secretary. */
  | 'manage-members'
  /** File records in the committee: admin, or the committee's secretary. */
  | 'secretary';

/**
 * A membership (alias `m`) is active from `start_on` until `end_on`, the first day it no
 * longer holds; "today" is the date in the committee's time zone, as everywhere else.
 */
export const ACTIVE_MEMBERSHIP_SQL = `(m.start_on <= tansiq_committee_today(m.committee_id) AND (m.end_on IS NULL OR m.end_on > tansiq_committee_today(m.committee_id)))`;
/** Not ended: active, or starting later. */
export const OPEN_MEMBERSHIP_SQL = `(m.end_on IS NULL OR m.end_on > tansiq_committee_today(m.committee_id))`;

/** Seats that file and manage a committee's records (a co-chair can do what its secretary does). */
export const SECRETARY_SEATS: readonly MembershipRole[] = ['secretary', 'co_chair'];

export interface Seat {
  role: MembershipRole;
  partyId: string;
}

/** What record-level rules need of a committee (the registry owns the full record). */
export interface CommitteeInfo {
  id: string;
  /** `proposed`, `active`, `suspended` or `dissolved`. */
  status: string;
  /** IANA zone in which the committee's "today" and due dates are reckoned. */
  timeZone: string;
}

export interface CommitteeScope {
  /** null: every committee. */
  committeeIds: string[] | null;
}

/**
 * The one place that answers "may this caller see / act on these committees?", for a whole
 * set of ids in one query. Admins and analysts see every committee; API clients their
 * configured scope; secretaries and liaison officers the committees where their person holds
 * an active membership. Not visible → 404 (existence does not leak); visible but not allowed
 * → 403.
 */
@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The committees the caller may see, for filtering lists in SQL. */
  async scope(principal: Principal): Promise<CommitteeScope> {
    if (principal.kind === 'api_client')
      return { committeeIds: principal.allCommittees ? null : principal.committeeIds };
    if (principal.role === 'admin' || principal.role === 'analyst') return { committeeIds: null };
    if (!principal.personId) return { committeeIds: [] };
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT m.committee_id FROM memberships m WHERE m.person_id = $1 AND ${ACTIVE_MEMBERSHIP_SQL}`,
      [principal.personId],
    )) as { committee_id: string }[];
    return { committeeIds: rows.map((r) => r.committee_id) };
  }

  /** The caller's active membership roles per committee, for the given committees. */
  async rolesIn(principal: Principal, committeeIds: string[]): Promise<Map<string, MembershipRole[]>> {
    const roles = new Map<string, MembershipRole[]>();
    if (principal.kind !== 'user' || !principal.personId || committeeIds.length === 0) return roles;
    const rows = (await this.dataSource.query(
      `SELECT m.committee_id, array_agg(DISTINCT m.role::text) AS roles FROM memberships m
        WHERE m.person_id = $1 AND m.committee_id = ANY($2::uuid[]) AND ${ACTIVE_MEMBERSHIP_SQL}
        GROUP BY m.committee_id`,
      [principal.personId, committeeIds],
    )) as { committee_id: string; roles: MembershipRole[] }[];
    for (const row of rows) roles.set(row.committee_id, row.roles);
    return roles;
  }

  /** The caller's active seats on one committee, with the party each represents. */
  async seatsIn(principal: Principal, committeeId: string): Promise<Seat[]> {
    if (principal.kind !== 'user' || !principal.personId) return [];
    return (await this.dataSource.query(
      `SELECT m.role, m.party_id AS "partyId" FROM memberships m WHERE m.person_id = $1 AND m.committee_id = $2 AND ${ACTIVE_MEMBERSHIP_SQL}`,
      [principal.personId, committeeId],
    )) as Seat[];
  }

  /** Loads a committee the caller may `permission` on: 404 when it is missing or out of scope, 403 when only seen. */
  async requireCommittee(
    principal: Principal,
    committeeId: string,
    permission: CommitteePermission,
  ): Promise<CommitteeInfo> {
    const [committee] = (await this.dataSource.query(
      `SELECT id, status::text AS status, time_zone AS "timeZone" FROM committees WHERE id = $1`,
      [committeeId],
    )) as CommitteeInfo[];
    if (!committee) throw AppException.notFound('The committee');
    await this.require(principal, permission, [committeeId]);
    return committee;
  }

  /**
   * Throws unless the caller may do `permission` on every committee in `committeeIds`
   * (which must exist: ask after loading the records). `what` names the record for the 404.
   */
  async require(
    principal: Principal,
    permission: CommitteePermission,
    committeeIds: string[],
    what = 'The committee',
  ): Promise<void> {
    const ids = [...new Set(committeeIds)];
    if (principal.kind === 'api_client') {
      if (!principal.allCommittees && ids.some((id) => !principal.committeeIds.includes(id)))
        throw AppException.notFound(what);
      if (permission !== 'read') throw forbidden(permission);
      return;
    }
    if (principal.role === 'admin') return;
    if (principal.role === 'analyst') {
      if (permission !== 'read') throw forbidden(permission);
      return;
    }
    const roles = await this.rolesIn(principal, ids);
    if (ids.some((id) => !roles.has(id))) throw AppException.notFound(what);
    if (permission === 'read') return;
    const allowed =
      principal.role === 'secretary' && ids.every((id) => roles.get(id)!.some((r) => SECRETARY_SEATS.includes(r)));
    if (!allowed) throw forbidden(permission);
  }
}

function forbidden(permission: CommitteePermission): AppException {
  const what = permission === 'manage-members' ? "manage this committee's members" : 'make changes in this committee';
  return new AppException(ErrorCode.Forbidden, `Only an admin or this committee's secretary may ${what}.`);
}
