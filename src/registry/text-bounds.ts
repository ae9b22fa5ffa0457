/**
 * The lengths of the registry's stored text: the request DTOs validate against these
 * and the response DTOs (here and in other contexts) state them. Codes have a pattern
 * too; their length is the pattern's.
 */
export const PARTY_CODE = { min: 2, max: 10, pattern: /^[A-Z][A-Z0-9_]{1,9}$/ } as const;
export const AGENCY_CODE = { min: 2, max: 20, pattern: /^[A-Z][A-Z0-9_-]{1,19}$/ } as const;
export const ISSUE_AREA_CODE = { min: 2, max: 50, pattern: /^[a-z][a-z0-9_]{1,49}$/ } as const;
export const COMMITTEE_CODE = { min: 2, max: 30, pattern: /^[A-Z0-9][A-Z0-9-]{1,29}$/ } as const;

/** `nameEn` / `nameAr` of parties and issue areas. */
export const SHORT_NAME_MAX = 200;
/** `nameEn` / `nameAr` of agencies, committees and people. */
export const LONG_NAME_MAX = 300;
export const PERSON_NAME_MAX = LONG_NAME_MAX;
export const RANK_TITLE_MAX = 200;
export const ISSUE_AREA_DESCRIPTION_MAX = 4000;
export const MANDATE_MAX = 10_000;
/** A person's email: as long as an account's. */
export { EMAIL_MAX } from '../identity/index.js';
/** `+`, digits, spaces, parentheses and `-`: 5 to 30 of them. */
export const PHONE = { min: 5, max: 31, pattern: /^\+?[0-9 ()-]{5,30}$/ } as const;
