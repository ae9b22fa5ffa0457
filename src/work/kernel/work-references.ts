import type { EntityManager } from 'typeorm';
import { AppException } from '../../platform/index.js';

/**
 * Checks the references of an assignment or a commitment in one query: the issue area
 * exists, the party is one of the committee's, the agency belongs to that party, and the
 * source decision comes from a meeting of the same committee.
 */
export async function assertWorkReferences(
  manager: EntityManager,
  committeeId: string,
  refs: {
    issueAreaId?: string | null;
    partyId?: string | null;
    partyField: string;
    agencyId?: string | null;
    sourceDecisionId?: string | null;
  },
): Promise<void> {
  const [row] = (await manager.query(
    `SELECT
       ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM issue_areas WHERE id = $2)) AS issue_area,
       ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM committee_parties WHERE committee_id = $1 AND party_id = $3)) AS party,
       ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM agencies WHERE id = $4 AND party_id = $3)) AS agency,
       ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM decisions d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = $5 AND m.committee_id = $1)) AS decision`,
    [committeeId, refs.issueAreaId ?? null, refs.partyId ?? null, refs.agencyId ?? null, refs.sourceDecisionId ?? null],
  )) as { issue_area: boolean; party: boolean; agency: boolean; decision: boolean }[];
  const errors = [
    !row!.issue_area && { field: 'issueAreaId', message: 'does not match an issue area' },
    !row!.party && { field: refs.partyField, message: 'must be a party of the committee' },
    !row!.agency && { field: 'agencyId', message: 'must be an agency of the owner party' },
    !row!.decision && { field: 'sourceDecisionId', message: "must be a decision of one of the committee's meetings" },
  ].filter((e): e is { field: string; message: string } => Boolean(e));
  if (errors.length > 0) throw AppException.validation(errors);
}
