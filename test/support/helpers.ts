/* Small helpers every test folder uses: list ids, error fields, unique words, dates, seated users. */

import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import type { UserRole } from '../../src/identity/users/entities/user.entity.js';
import { createUser, type Actor } from './actors.js';
import type { RegistryFactory, Ref } from './registry-factory.js';
import type { TestApp } from './test-app.js';

/** A word no other record contains, for searches and for isolating a group of records in a list. */
export function uniqueWord(prefix = 'zq'): string {
  return `${prefix}${randomBytes(4)
    .toString('hex')
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
}

/** Today's date in an IANA zone, as the server computes it (committees default to Asia/Beirut). */
export function todayIn(timeZone = 'Asia/Beirut'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

/** The `field`s of a 400's `errors`. */
export function errorFields(res: Response): string[] {
  return ((res.body as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);
}

/** Ids of a list page's items. */
export function ids(res: Response): string[] {
  return (res.body as { items: { id: string }[] }).items.map((i) => i.id);
}

/**
 * A user of `role` linked to a new person of `partyId` who holds `seat` on `committeeId`
 * (or no seat when committeeId is null).
 */
export async function seatedUser(
  t: TestApp,
  f: RegistryFactory,
  role: UserRole,
  partyId: string,
  committeeId: string | null,
  seat: string = role,
): Promise<{ user: Actor; person: Ref; membership: Ref | null }> {
  const person = await f.person(partyId);
  const membership = committeeId ? await f.member(committeeId, person.id, seat) : null;
  const user = await createUser(t, role, { personId: person.id });
  return { user, person, membership };
}
