/**
 * The work context's public surface, for the contexts above it (reporting, integration,
 * information exchange, border monitoring): the work-item records, their states and
 * workflow tables, and the derived overdue rule — so a report counts "overdue" exactly as
 * the lists do (docs/architecture.md).
 */
export { AssignmentAssignee } from './assignments/entities/assignment-assignee.entity.js';
export { Assignment } from './assignments/entities/assignment.entity.js';
export { Commitment } from './commitments/entities/commitment.entity.js';
export { Decision } from './meetings/entities/decision.entity.js';
export { Meeting } from './meetings/entities/meeting.entity.js';
export { Update } from './kernel/update.entity.js';
export { TITLE_MAX } from './kernel/work-item.dto.js';
export { TODAY_SQL, overdueConditions, overdueSql } from './kernel/work-item.queries.js';
export {
  ASSIGNMENT_CLOSED,
  ASSIGNMENT_STATUSES,
  ASSIGNMENT_WORKFLOW,
  COMMITMENT_CLOSED,
  COMMITMENT_FROZEN,
  COMMITMENT_STATUSES,
  COMMITMENT_WORKFLOW,
  type AssignmentStatus,
  type CommitmentStatus,
} from './kernel/workflows.js';
