import type { EntityManager } from 'typeorm';
import type { Principal } from '../../identity/index.js';
import { Update } from './update.entity.js';

export type Subject = { assignmentId: string } | { commitmentId: string };

/** Appends an entry to a timeline, in the caller's transaction. */
export async function appendUpdate(
  manager: EntityManager,
  subject: Subject,
  principal: Principal,
  entry: { body: string; progress?: number | null; fromStatus?: string | null; toStatus?: string | null },
): Promise<Update> {
  const repo = manager.getRepository(Update);
  return repo.save(
    repo.create({
      assignmentId: 'assignmentId' in subject ? subject.assignmentId : null,
      commitmentId: 'commitmentId' in subject ? subject.commitmentId : null,
      authorUserId: principal.kind === 'user' ? principal.userId : null,
      authorPersonId: principal.kind === 'user' ? principal.personId : null,
      body: entry.body,
      progress: entry.progress ?? null,
      fromStatus: entry.fromStatus ?? null,
      toStatus: entry.toStatus ?? null,
    }),
  );
}
