import type { CommitteeStatus } from './entities/committee.entity.js';

/** The committee lifecycle: proposed → active ⇄ suspended → dissolved (admins move it). */
export const COMMITTEE_TRANSITIONS: Record<CommitteeStatus, readonly CommitteeStatus[]> = {
  proposed: ['active', 'dissolved'],
  active: ['suspended', 'dissolved'],
  suspended: ['active', 'dissolved'],
  dissolved: [],
};
