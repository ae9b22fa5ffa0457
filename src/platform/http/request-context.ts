import { AsyncLocalStorage } from 'node:async_hooks';

/** Who acts: a signed-in user or an API client (identity fills it in after authentication). */
export type RequestActor = { kind: 'user'; userId: string } | { kind: 'api_client'; apiClientId: string };

export interface RequestContext {
  requestId: string;
  actor?: RequestActor;
  /**
   * Records that the caller is still using its credentials, for a response that outlasts the
   * record made at authentication (a streamed CSV export: an API client's `lastUsedAt`).
   * Set by identity for API clients; absent otherwise.
   */
  recordUse?: () => Promise<void>;
}

/** Who is acting and in which request, for code far from the controller (the audit trail, idempotency). */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** The actor's id, or null outside a request or before authentication. */
export function actorId(actor: RequestActor | undefined): string | null {
  if (!actor) return null;
  return actor.kind === 'user' ? actor.userId : actor.apiClientId;
}
