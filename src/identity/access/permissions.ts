import { ErrorCode } from '../../platform/index.js';
import type { Principal } from './principal.js';
import type { MembershipRole } from './roles.js';

/**
 * Every record-level rule of Tansiq, by name. Route-level rules (which account roles may
 * call a route at all) are the `@Access` decorators; what a caller may do with one record
 * is decided here, in `decide`, and nowhere else.
 */
export const PERMISSIONS = [
  /** See a committee and what is inside it (meetings, work, seats). */
  'committee.read',
  /** File and edit records in a committee: meetings, decisions, assignments, commitments. */
  'committee.file',
  /** Add, change or end a seat; with `partyId`/`personId`, that particular seat. */
  'seat.manage',
  /** Add a person of party `partyId` to the registry. */
  'person.create',
  /** Edit a person's record (the person sits on `personCommitteeIds`). */
  'person.edit',
  /** See a person's e-mail and phone (the person sits on `personCommitteeIds`). */
  'person.contact.read',
  /** Make any move of an assignment of the committee (start, block, finish, cancel, reopen). */
  'assignment.manage',
  /** Work on an assignment given to you: start, block, finish, acknowledge (`assigneeIds`). */
  'assignment.act',
  /** Speak for the party that made a commitment (`partyId`): start, claim fulfilment, withdraw. */
  'commitment.claim',
  /** Report a commitment's progress: the owner party's own report (`partyId`). */
  'commitment.progress',
  /** Sign off another party's commitment (`partyId` is the owner): confirm or reject a claim. */
  'commitment.confirm',
  /** Post an update on an assignment (`assigneeIds` given) or a commitment's timeline. */
  'timeline.post',
  /** Create an account, or change an account's role or active flag. Sudo: a recent sign-in. */
  'account.administer',
  /** Set account `userId`'s password without its current one: never one's own. Sudo. */
  'account.password.set',
  /** Create or revoke an API client. Sudo. */
  'api-client.administer',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Seats that file and manage a committee's records. A co-chair can do everything its
 * committee's secretary does — file records, manage their party's seats, add people, see
 * contact details — so one definition serves every rule.
 */
export const SECRETARY_SEATS: readonly MembershipRole[] = ['secretary', 'co_chair'];

/** One active seat of the caller's person. */
export interface Seat {
  committeeId: string;
  /** The party the seat represents. */
  partyId: string;
  role: MembershipRole;
  /** The parties of the seat's committee. */
  committeePartyIds: string[];
}

/** Who is asking: the authenticated principal and its person's active seats on every committee. */
export interface Caller {
  principal: Principal;
  seats: readonly Seat[];
  /** The user proved their password in this session within SUDO_WINDOW_MINUTES (sign-in or sudo). */
  recentSignIn: boolean;
}

/** What the rule is about; each permission reads the fields its docstring names. */
export interface Target {
  committeeId?: string;
  /** Seat's party (`seat.manage`), person's party (`person.create`), owner party (`commitment.*`). */
  partyId?: string;
  /** The person whose seat it is (`seat.manage`: nobody manages their own seat). */
  personId?: string;
  /** The people an assignment is given to (`assignment.act`, `timeline.post`). */
  assigneeIds?: readonly string[];
  /** Committees the person sits or sat on (`person.edit`, `person.contact.read`). */
  personCommitteeIds?: readonly string[];
  /** The account acted on (`account.password.set`). */
  userId?: string;
}

/** A refusal's `code` is `FORBIDDEN` unless it names something the caller can do about it. */
export type Decision = { allowed: true } | { allowed: false; reason: string; code?: ErrorCode };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string, code?: ErrorCode): Decision =>
  code ? { allowed: false, reason, code } : { allowed: false, reason };

/** Whether the caller may see the committee at all (not seeing it answers 404, not 403). */
export function canSee(caller: Caller, committeeId: string): boolean {
  const { principal } = caller;
  if (principal.kind === 'api_client') return principal.allCommittees || principal.committeeIds.includes(committeeId);
  if (principal.role === 'admin' || principal.role === 'analyst') return true;
  return caller.seats.some((s) => s.committeeId === committeeId);
}

/**
 * The permission table: one exhaustive switch over every permission. Admins administer
 * (file, seat, people) but speak for no party, so they make no workflow moves and report no
 * progress; analysts and API clients only read. Account and API-client administration also
 * needs a recent sign-in (`sudo`).
 */
export function decide(caller: Caller, permission: Permission, target: Target = {}): Decision {
  const { principal } = caller;
  const isAdmin = principal.kind === 'user' && principal.role === 'admin';
  const secretarySeats = secretarySeatsOf(caller);
  const seatsHere = secretarySeats.filter((s) => s.committeeId === target.committeeId);
  const personId = principal.kind === 'user' ? principal.personId : null;
  const userId = principal.kind === 'user' ? principal.userId : null;
  switch (permission) {
    case 'committee.read':
      return target.committeeId && canSee(caller, target.committeeId)
        ? ALLOW
        : deny('You do not sit on this committee.');
    case 'committee.file':
      return isAdmin || seatsHere.length > 0
        ? ALLOW
        : deny("Only an admin or this committee's secretary may make changes in this committee.");
    case 'seat.manage':
      if (isAdmin) return ALLOW;
      if (seatsHere.length === 0)
        return deny("Only an admin or this committee's secretary may manage this committee's members.");
      if (target.personId !== undefined && target.personId === personId)
        return deny('Your own seat is managed by an admin or another secretary of your party.');
      if (target.partyId !== undefined && !seatsHere.some((s) => s.partyId === target.partyId))
        return deny("A secretary manages the seats of their own party's delegation; an admin manages the others.");
      return ALLOW;
    case 'person.create':
      return isAdmin || secretarySeats.some((s) => target.partyId && s.committeePartyIds.includes(target.partyId))
        ? ALLOW
        : deny('A secretary may add people only of the parties of the committees they are secretary of.');
    case 'person.edit':
      return isAdmin || sitsWith(secretarySeats, target)
        ? ALLOW
        : deny("Only an admin or the secretary of a committee the person sits on may edit the person's record.");
    case 'person.contact.read':
      return isAdmin || sitsWith(secretarySeats, target)
        ? ALLOW
        : deny('Contact details are for admins and the secretaries of the committees the person sits on.');
    case 'assignment.manage':
      return seatsHere.length > 0 ? ALLOW : deny("Only this committee's secretaries manage its assignments.");
    case 'assignment.act':
      return personId !== null && (target.assigneeIds ?? []).includes(personId)
        ? ALLOW
        : deny('Only an assignee acknowledges or works on an assignment.');
    case 'commitment.claim':
      return seatsHere.some((s) => s.partyId === target.partyId)
        ? ALLOW
        : deny("Only the owner party's secretary or co-chair speaks for a commitment.");
    case 'commitment.progress':
      return seatsHere.some((s) => s.partyId === target.partyId)
        ? ALLOW
        : deny("Progress is reported by the owner party's secretary or co-chair.");
    case 'commitment.confirm':
      return seatsHere.some((s) => s.partyId !== target.partyId)
        ? ALLOW
        : deny("Only another party's secretary or co-chair signs off a commitment.");
    case 'timeline.post':
      if (seatsHere.length > 0) return ALLOW;
      if (target.assigneeIds !== undefined)
        return personId !== null && target.assigneeIds.includes(personId)
          ? ALLOW
          : deny("Only the committee's secretaries and the assignees post updates on an assignment.");
      return deny("Only the committee's secretaries and co-chairs post updates on a commitment.");
    case 'account.administer':
      return isAdmin ? sudo(caller) : deny('Only an admin administers accounts.');
    case 'account.password.set':
      if (!isAdmin) return deny("Only an admin sets another account's password.");
      if (target.userId !== undefined && target.userId === userId)
        return deny(
          'Change your own password with POST /api/v1/me/password and your current password.',
          ErrorCode.OwnPasswordRequiresCurrent,
        );
      return sudo(caller);
    case 'api-client.administer':
      return isAdmin ? sudo(caller) : deny('Only an admin administers API clients.');
    default:
      return unreachable(permission);
  }
}

/**
 * Sudo mode (as GitHub does it): an operation that can take over accounts or open the data to
 * a machine needs a password proved in this session recently, so a stolen access token alone
 * cannot do it.
 */
function sudo(caller: Caller): Decision {
  return caller.recentSignIn
    ? ALLOW
    : deny(
        'This action needs a recent sign-in: confirm your password with POST /api/v1/auth/sudo, then retry.',
        ErrorCode.ReauthenticationRequired,
      );
}

/** Secretary seats count only for accounts with the secretary role (a liaison account never files). */
function secretarySeatsOf(caller: Caller): Seat[] {
  const { principal } = caller;
  if (principal.kind !== 'user' || principal.role !== 'secretary') return [];
  return caller.seats.filter((s) => SECRETARY_SEATS.includes(s.role));
}

function sitsWith(secretarySeats: Seat[], target: Target): boolean {
  return secretarySeats.some((s) => (target.personCommitteeIds ?? []).includes(s.committeeId));
}

function unreachable(value: never): never {
  throw new Error(`Unhandled permission ${String(value)}`);
}
