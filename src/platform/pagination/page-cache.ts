import { immutableJson, replyJson } from '../http/json-reply.js';
import type { Page } from './paginate.js';

/** How long a kept page may be served again, however often it is confirmed (ms). */
const MAX_AGE_MS = 10 * 60 * 1000;

/**
 * The most JSON the kept pages may hold together (bytes): a count of pages alone bounds
 * nothing, as a page of 200 commitments with 20,000-character descriptions is 4 to 8 MB of
 * JSON (and as much again as objects), 128 of them beyond the heap. A usual page of 50 is
 * about 35 KB: 128 of them stay far below. A page beyond it alone is served, not kept.
 */
export const KEPT_JSON_BYTES = 16 * 1024 * 1024;

/** A page as served, with the stamps of the rows it was made from (one text per row, in order). */
interface Kept {
  stamps: string[];
  page: Page<unknown>;
  keptAt: number;
  /** The length of its JSON (UTF-8). */
  bytes: number;
}

/**
 * List pages kept to be served again while what they were made from is unchanged: a request
 * for the same page (the same statement text and parameters) first reads only the rows'
 * stamps (`SqlPageOptions.keep`), and the kept page is served when every stamp is the same,
 * in the same order; otherwise the page is read again and kept in its place.
 *
 * Why it is safe: a stamp joins the row's id with the `xmin` of every row its representation
 * is read from (PostgreSQL gives each committed version of a row its writer's transaction id,
 * so any change of a row changes its `xmin`) and whatever else the fields depend on (the
 * committee's today). The stamps are read in one statement, so a kept page is only ever
 * served as the page the database holds at that request. Nothing about the caller is kept:
 * access is checked on every request before the page is looked up.
 *
 * Bounded: at most `capacity` pages, least recently served first out, none older than
 * ten minutes (far inside the 2³¹ transactions before an `xmin` could repeat), and at most
 * `KEPT_JSON_BYTES` of JSON together. `capacity` 0 (`LIST_CACHE_PAGES=0`) keeps nothing.
 */
export class PageCache {
  private readonly pages = new Map<string, Kept>();
  /** Keys asked for once and not kept (`askedBefore`), oldest first, at most 4 × capacity. */
  private readonly asked = new Set<string>();
  /** A short number for each select list and FROM seen (`keyOf`). */
  private readonly shapes = new Map<string, Map<string, number>>();
  private shapeCount = 0;
  /** The JSON of the kept pages, in bytes (at most `maxBytes`). */
  private bytes = 0;

  constructor(
    readonly capacity: number,
    private readonly now: () => number = Date.now,
    private readonly maxBytes: number = KEPT_JSON_BYTES,
  ) {}

  get enabled(): boolean {
    return this.capacity > 0;
  }

  /**
   * The key of a statement: its select list and FROM (long, and the same text at each call of a
   * list: looked up, their hash kept by the engine, not copied into every key) as a number, and
   * `rest` (its conditions, order, limit and parameter values).
   */
  keyOf(select: string, from: string, rest: string): string {
    let froms = this.shapes.get(select);
    if (!froms) this.shapes.set(select, (froms = new Map()));
    let shape = froms.get(from);
    if (shape === undefined) froms.set(from, (shape = this.shapeCount++));
    return `${shape}\u0000${rest}`;
  }

  /**
   * Whether `key` was asked for before, since it was last kept or recorded here (and so is worth
   * keeping); records it otherwise. A page is kept from its second request on: a page asked
   * for once (a reporting tool walking a committee's pages) is not stamped, frozen or kept,
   * and pushes no kept page out.
   */
  askedBefore(key: string): boolean {
    if (this.asked.delete(key)) return true;
    this.asked.add(key);
    if (this.asked.size > 4 * this.capacity) this.asked.delete(this.asked.values().next().value!);
    return false;
  }

  /** The page kept under `key` with its stamps, counted as served; undefined when none (or too old). */
  lookup<T>(key: string): { stamps: string[]; page: Page<T> } | undefined {
    const kept = this.pages.get(key);
    if (!kept) return undefined;
    this.drop(key);
    if (this.now() - kept.keptAt > MAX_AGE_MS) return undefined;
    this.pages.set(key, kept); // most recently served last: the first key is the one to drop
    this.bytes += kept.bytes;
    return kept as { stamps: string[]; page: Page<T> };
  }

  /**
   * Keeps `page` (frozen, its JSON made once: `immutableJson`) with its rows' stamps under
   * `key`, dropping the least recently served pages beyond `capacity` or `KEPT_JSON_BYTES`.
   * Returns the page (frozen, kept unless its JSON alone is beyond the bound).
   */
  keep<T>(key: string, stamps: string[], page: Page<T>): Page<T> {
    if (!this.enabled) return page;
    const frozen = immutableJson(page);
    // Made now rather than at its first reply (which sends this very text): its size is the bound's.
    const bytes = Buffer.byteLength(replyJson(frozen));
    this.drop(key);
    if (bytes > this.maxBytes) return frozen;
    this.pages.set(key, { stamps, page: frozen, keptAt: this.now(), bytes });
    this.bytes += bytes;
    while (this.pages.size > this.capacity || this.bytes > this.maxBytes) this.drop(this.pages.keys().next().value!);
    return frozen;
  }

  private drop(key: string): void {
    const kept = this.pages.get(key);
    if (!kept) return;
    this.pages.delete(key);
    this.bytes -= kept.bytes;
  }

  /** How many pages are kept (tests, metrics). */
  get size(): number {
    return this.pages.size;
  }
}

/** Whether two stamp lists are the same texts in the same order. */
export function sameStamps(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
