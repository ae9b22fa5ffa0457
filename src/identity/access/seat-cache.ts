import { LruMap } from '../../platform/index.js';
import type { Seat } from './permissions.js';

/** Most people whose seats one instance keeps (an entry is a few hundred bytes per seat). */
export const SEAT_CACHE_CAPACITY = 10_000;

/**
 * An account's person and that person's active seats as the guard's statement read them,
 * with what they were read under: `generation`, the `access_generation` counter in that
 * statement's snapshot, and `bucket`, the statement's 15-minute bucket (`SEATS_BUCKET_SQL`),
 * both as PostgreSQL's `bigint` text (a null generation never matches: the seats are read
 * again). The seats are frozen, nested arrays included: one entry serves many requests, and
 * none may change what another sees.
 */
export interface SeatsReading {
  readonly personId: string;
  readonly generation: string | null;
  readonly bucket: string;
  readonly seats: readonly Seat[];
}

/**
 * The guard's seats of recent callers, by user id (what the guard knows before its statement),
 * in this process (issue 9). Nothing here is trusted by itself: the guard sends an entry's
 * person, generation and bucket with its statement, and PostgreSQL answers NULL seats (use the
 * entry) only when all three still hold (the account's person may have changed); any change to
 * the tables the seats come from raises the generation in the same transaction, so a seat
 * ended, added or a committee's parties changed are read on the very next request, on every
 * instance. At most `capacity` entries; the least recently used goes first.
 */
export class SeatCache {
  private readonly entries: LruMap<string, SeatsReading>;

  constructor(capacity = SEAT_CACHE_CAPACITY) {
    this.entries = new LruMap(capacity);
  }

  /** The account's last reading, if kept (it becomes the most recently used). */
  get(userId: string): SeatsReading | undefined {
    return this.entries.get(userId);
  }

  /**
   * Keeps a reading of the account's seats (frozen, as stored and returned), replacing the
   * one it had; the least recently used entry is dropped beyond `capacity`.
   */
  set(userId: string, reading: Omit<SeatsReading, 'seats'> & { seats: Seat[] }): SeatsReading {
    return this.entries.set(userId, Object.freeze({ ...reading, seats: freezeSeats(reading.seats) }));
  }

  /** How many accounts' seats are kept. */
  get size(): number {
    return this.entries.size;
  }
}

/** Freezes the seats, each seat and its parties' array, in place; returns the array. */
export function freezeSeats(seats: Seat[]): readonly Seat[] {
  for (const seat of seats) {
    Object.freeze(seat.committeePartyIds);
    Object.freeze(seat);
  }
  return Object.freeze(seats);
}
