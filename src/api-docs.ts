/** What the composition root tells the OpenAPI document: its tags and the demo logins it lists. */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/demo-accounts.js';
import type { DocumentContext } from './platform/docs/openapi.js';

/** Every `@ApiTags` name, in the order Swagger UI shows them, with what its operations are about. */
export const API_TAGS = [
  { name: 'auth', description: 'Sign in, refresh the access token, confirm your password (sudo mode), sign out.' },
  { name: 'me', description: 'Your own account: your seats, your assignments, your display name and password.' },
  {
    name: 'committees',
    description: 'The joint committees: their parties, issue areas and lifecycle, and their seats (memberships).',
  },
  { name: 'meetings', description: "A committee's meetings, their attendees, and the decisions taken." },
  {
    name: 'commitments',
    description:
      'What a party pledged, usually citing a decision, and its dual sign-off: the owner claims, another party confirms.',
  },
  {
    name: 'assignments',
    description: 'Tasks given to members of a committee (liaison officers, usually), acknowledged and worked through.',
  },
  { name: 'updates', description: 'The append-only timelines of assignments and commitments: notes and progress.' },
  {
    name: 'search',
    description:
      'One search, in English or Arabic, across every record you may see, ranked, with highlighted snippets.',
  },
  { name: 'people', description: 'The delegation members of every party (the registry; not logins).' },
  { name: 'parties', description: 'Reference data: the states (or sides) that form committees.' },
  { name: 'agencies', description: "Reference data: each party's agencies (ministries, security services)." },
  { name: 'issue-areas', description: 'Reference data: the subjects committees and work items are filed under.' },
  { name: 'users', description: 'Accounts (logins) and their roles: for admins.' },
  { name: 'api-clients', description: 'Read-only machine clients with an API key: for admins.' },
  {
    name: 'reports',
    description:
      'Figures for reporting tools: a summary by status, party and issue area with rates and a monthly series, and the parties of a committee side by side.',
  },
  { name: 'audit', description: 'The audit trail of every change, and a check of the verifiable log: for admins.' },
  {
    name: 'log',
    description:
      "The verifiable log of the audit trail: its key, signed checkpoints, RFC 9162 proofs, and the parties' witness keys and cosignatures.",
  },
  {
    name: 'changes',
    description:
      'For reporting tools: the feed of changes to the records you may see, in commit order, to poll with a cursor.',
  },
  { name: 'health', description: 'Liveness and readiness probes for the deployment.' },
];

export const DOCUMENT_CONTEXT: DocumentContext = {
  tags: API_TAGS,
  demo: {
    password: DEMO_PASSWORD,
    logins: DEMO_ACCOUNTS.map(({ email, role, displayName }) => ({ email, role, displayName })),
  },
};
