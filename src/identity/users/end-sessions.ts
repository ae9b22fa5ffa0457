import type { EntityManager } from 'typeorm';

/** Which sessions end: one (a refresh-token family), or every live session of an account. */
export type SessionScope = { sessionId: string } | { userId: string };

/**
 * Ends sessions, inside the caller's transaction: marks them ended, then revokes every
 * refresh token they issued (`reason` is kept on the tokens).
 *
 * Why in this order: the session row is the session's lock. A rotation in flight holds it
 * (`AuthService.refresh`), so marking the session ended waits for that rotation to commit;
 * the revocation that follows is a new statement with a new snapshot (READ COMMITTED) and so
 * also revokes the successor the rotation just inserted. A rotation that comes later finds the
 * session ended and refuses. Revoking first, or by `family_id` alone, would miss that successor.
 *
 * Callers that also lock the user row take it `FOR NO KEY UPDATE`: a rotation inserts a token
 * referring to the user (a `FOR KEY SHARE` lock), which `FOR UPDATE` would block while the
 * rotation holds the session row this function waits for — a deadlock.
 */
export async function endSessions(manager: EntityManager, scope: SessionScope, reason: string): Promise<void> {
  // A session is a refresh-token family: its id is the tokens' family_id.
  const [sessionColumn, tokenColumn, id] =
    'sessionId' in scope ? ['id', 'family_id', scope.sessionId] : ['user_id', 'user_id', scope.userId];
  await manager.query(`UPDATE auth_sessions SET ended_at = now() WHERE ${sessionColumn} = $1 AND ended_at IS NULL`, [
    id,
  ]);
  await manager.query(
    `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $2 WHERE ${tokenColumn} = $1 AND revoked_at IS NULL`,
    [id, reason],
  );
}
