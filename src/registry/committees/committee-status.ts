import { AppException, ErrorCode } from '../../platform/index.js';
import type { CommitteeStatus } from './entities/committee.entity.js';

/** The committee lifecycle: proposed → active ⇄ suspended → dissolved (admins move it). */
export const COMMITTEE_TRANSITIONS: Record<CommitteeStatus, readonly CommitteeStatus[]> = {
  proposed: ['active', 'dissolved'],
  active: ['suspended', 'dissolved'],
  suspended: ['active', 'dissolved'],
  dissolved: [],
};

/** A dissolved committee keeps its record but takes no new meetings, assignments or commitments (409 COMMITTEE_DISSOLVED). */
export function assertAcceptsWork(committee: { status: string }): void {
  if (committee.status === 'dissolved') {
    throw new AppException(
      ErrorCode.CommitteeDissolved,
      'The committee is dissolved: it takes no new meetings, assignments or commitments.',
      {
        extensions: { currentState: committee.status },
      },
    );
  }
}

/**
 * In the transaction that adds work: reads the committee's status under a share lock, so a
 * concurrent dissolution (which takes the row lock) waits for, or is seen by, this write.
 */
export async function lockCommitteeForWork(
  manager: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  committeeId: string,
): Promise<void> {
  const [row] = (await manager.query(`SELECT status FROM committees WHERE id = $1 FOR SHARE`, [committeeId])) as {
    status: CommitteeStatus;
  }[];
  if (row) assertAcceptsWork(row);
}
