/** Account roles: what a user may do anywhere (the global guard checks them per route). */
export const USER_ROLES = ['admin', 'secretary', 'liaison_officer', 'analyst'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Seat roles: what a person does on one committee (record-level rules check them). */
export const MEMBERSHIP_ROLES = ['co_chair', 'secretary', 'member', 'liaison_officer', 'observer'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
