import { Agency } from '../agencies/entities/agency.entity.js';
import { AssignmentAssignee } from '../assignments/entities/assignment-assignee.entity.js';
import { Assignment } from '../assignments/entities/assignment.entity.js';
import { AuditEvent } from '../audit/entities/audit-event.entity.js';
import { Commitment } from '../commitments/entities/commitment.entity.js';
import { IdempotencyKey } from '../idempotency/entities/idempotency-key.entity.js';
import { Decision } from '../meetings/entities/decision.entity.js';
import { Meeting } from '../meetings/entities/meeting.entity.js';
import { Update } from '../updates/entities/update.entity.js';
import { ApiClient } from '../api-clients/entities/api-client.entity.js';
import { RefreshToken } from '../auth/entities/refresh-token.entity.js';
import { Committee } from '../committees/entities/committee.entity.js';
import { RateLimitBucket } from '../common/rate-limit/rate-limit-bucket.entity.js';
import { IssueArea } from '../issue-areas/entities/issue-area.entity.js';
import { Membership } from '../memberships/entities/membership.entity.js';
import { Party } from '../parties/entities/party.entity.js';
import { Person } from '../people/entities/person.entity.js';
import { User } from '../users/entities/user.entity.js';

/** Every entity the application maps; the schema-diff test compares them with the migrations. */
export const entities = [
  RateLimitBucket,
  Person,
  User,
  RefreshToken,
  ApiClient,
  Party,
  Agency,
  IssueArea,
  Committee,
  Membership,
  Meeting,
  Decision,
  Assignment,
  AssignmentAssignee,
  Commitment,
  Update,
  AuditEvent,
  IdempotencyKey,
];
