import type { Permission } from '../../identity/index.js';
import { AppException, ErrorCode } from '../../platform/index.js';

/** Assignment states (PostgreSQL enum `assignment_status`). */
export const ASSIGNMENT_STATUSES = ['open', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** Commitment states (PostgreSQL enum `commitment_status`). */
export const COMMITMENT_STATUSES = ['pending', 'in_progress', 'fulfilment_claimed', 'fulfilled', 'withdrawn'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export interface Transition<S extends string, A extends string> {
  from: S;
  to: S;
  /** Who may make the move. */
  by: readonly A[];
  /** The move needs a `note` (a reason). */
  noteRequired?: boolean;
}

/**
 * Assignment actors: `secretary` — an active secretary of the committee; `assignee` — a
 * person the assignment is given to, for their own assignment.
 */
export const ASSIGNMENT_ACTORS = ['secretary', 'assignee'] as const;
export type AssignmentActor = (typeof ASSIGNMENT_ACTORS)[number];

/** Who each actor is, in the permission table's terms. */
export const ASSIGNMENT_ACTOR_PERMISSION: Record<AssignmentActor, Permission> = {
  secretary: 'assignment.manage',
  assignee: 'assignment.act',
};

export const ASSIGNMENT_WORKFLOW: readonly Transition<AssignmentStatus, AssignmentActor>[] = [
  { from: 'open', to: 'in_progress', by: ['secretary', 'assignee'] },
  { from: 'open', to: 'cancelled', by: ['secretary'] },
  { from: 'in_progress', to: 'blocked', by: ['secretary', 'assignee'] },
  { from: 'in_progress', to: 'done', by: ['secretary', 'assignee'] },
  { from: 'in_progress', to: 'cancelled', by: ['secretary'] },
  { from: 'blocked', to: 'in_progress', by: ['secretary', 'assignee'] },
  { from: 'blocked', to: 'done', by: ['secretary', 'assignee'] },
  { from: 'blocked', to: 'cancelled', by: ['secretary'] },
  // Reopening finished work is the secretary's call.
  { from: 'done', to: 'in_progress', by: ['secretary'] },
];

export const ASSIGNMENT_CLOSED: readonly AssignmentStatus[] = ['done', 'cancelled'];

/**
 * Commitment actors (dual sign-off): `owner_side` — an active secretary or co-chair of the
 * committee from the party that made the commitment; `other_side` — a secretary or co-chair
 * of the committee from another party. Nobody confirms their own side's claim.
 */
export const COMMITMENT_ACTORS = ['owner_side', 'other_side'] as const;
export type CommitmentActor = (typeof COMMITMENT_ACTORS)[number];

/** Who each actor is, in the permission table's terms. */
export const COMMITMENT_ACTOR_PERMISSION: Record<CommitmentActor, Permission> = {
  owner_side: 'commitment.claim',
  other_side: 'commitment.confirm',
};

export const COMMITMENT_WORKFLOW: readonly Transition<CommitmentStatus, CommitmentActor>[] = [
  { from: 'pending', to: 'in_progress', by: ['owner_side'] },
  { from: 'pending', to: 'withdrawn', by: ['owner_side'], noteRequired: true },
  { from: 'in_progress', to: 'fulfilment_claimed', by: ['owner_side'] },
  { from: 'in_progress', to: 'withdrawn', by: ['owner_side'], noteRequired: true },
  { from: 'fulfilment_claimed', to: 'fulfilled', by: ['other_side'] },
  // Rejection of the claim, with the reason.
  { from: 'fulfilment_claimed', to: 'in_progress', by: ['other_side'], noteRequired: true },
];

export const COMMITMENT_CLOSED: readonly CommitmentStatus[] = ['fulfilled', 'withdrawn'];
/** States in which a commitment's fields and progress no longer change outside transitions. */
export const COMMITMENT_FROZEN: readonly CommitmentStatus[] = ['fulfilment_claimed', ...COMMITMENT_CLOSED];

/**
 * Checks a move against a workflow table: 409 TRANSITION_NOT_ALLOWED when the move does not
 * exist from the current state (naming the state and the moves it allows), 403 FORBIDDEN
 * when the caller is none of the actors who may make it, 400 VALIDATION_FAILED (field
 * `note`) when a required reason is missing.
 */
export function checkTransition<S extends string, A extends string>(
  workflow: readonly Transition<S, A>[],
  current: S,
  to: S,
  actors: ReadonlySet<A>,
  note: string | undefined,
  what: string,
  permissionOf: Readonly<Record<A, Permission>>,
): Transition<S, A> {
  const allowed = workflow.filter((t) => t.from === current);
  const move = allowed.find((t) => t.to === to);
  if (!move) {
    throw new AppException(ErrorCode.TransitionNotAllowed, `${what} is ${current}; it cannot move to ${to}.`, {
      extensions: { currentState: current, allowedTransitions: allowed.map((t) => t.to) },
    });
  }
  if (!move.by.some((actor) => actors.has(actor))) {
    // Name the permission when one alone would allow the move (two actors: either suffices).
    const permission = move.by.length === 1 ? { permission: permissionOf[move.by[0]!] } : {};
    throw new AppException(
      ErrorCode.Forbidden,
      `Moving ${what.toLowerCase()} from ${current} to ${to} is for: ${move.by.join(', ').replace(/_/g, ' ')}.`,
      { extensions: { ...permission, allowedActors: move.by } },
    );
  }
  if (move.noteRequired && !note?.trim()) {
    throw AppException.validation([
      { field: 'note', message: `is required to move from ${current} to ${to} (give the reason)` },
    ]);
  }
  return move;
}
