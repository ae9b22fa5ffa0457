import { Agency } from './registry/agencies/entities/agency.entity.js';
import { AssignmentAssignee } from './work/assignments/entities/assignment-assignee.entity.js';
import { Assignment } from './work/assignments/entities/assignment.entity.js';
import { Commitment } from './work/commitments/entities/commitment.entity.js';
import { IdempotencyKey } from './platform/idempotency/entities/idempotency-key.entity.js';
import { Decision } from './work/meetings/entities/decision.entity.js';
import { Meeting } from './work/meetings/entities/meeting.entity.js';
import { Update } from './work/kernel/update.entity.js';
import { ApiClient } from './identity/api-clients/entities/api-client.entity.js';
import { RefreshToken } from './identity/auth/entities/refresh-token.entity.js';
import { AuthSession } from './identity/auth/entities/auth-session.entity.js';
import { Committee } from './registry/committees/entities/committee.entity.js';
import { RateLimitBucket } from './platform/rate-limit/rate-limit-bucket.entity.js';
import { IssueArea } from './registry/issue-areas/entities/issue-area.entity.js';
import { Membership } from './registry/memberships/entities/membership.entity.js';
import { Party } from './registry/parties/entities/party.entity.js';
import { Person } from './registry/people/entities/person.entity.js';
import { User } from './identity/users/entities/user.entity.js';

/** Every entity the application maps; the schema-diff test compares them with the migrations. */
export const entities = [
  RateLimitBucket,
  Person,
  User,
  AuthSession,
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
  IdempotencyKey,
];
