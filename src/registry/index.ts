/**
 * The registry context's public surface: parties, agencies, issue areas, people,
 * committees and memberships, as the work context needs them (docs/architecture.md).
 */
export { Agency } from './agencies/entities/agency.entity.js';
export { assertAcceptsWork, lockCommitteeForWork } from './committees/committee-status.js';
export { Committee } from './committees/entities/committee.entity.js';
export { IssueArea } from './issue-areas/entities/issue-area.entity.js';
export { type MembershipRole } from './memberships/entities/membership.entity.js';
export { Party } from './parties/entities/party.entity.js';
export { Person } from './people/entities/person.entity.js';
export { personFullTextSql, personMatchSql, personSimilaritySql } from './people/person-search.js';
export { COMMITTEE_CODE, PARTY_CODE, PERSON_NAME_MAX } from './text-bounds.js';
