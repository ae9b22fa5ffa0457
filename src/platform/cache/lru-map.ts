/**
 * A map of at most `capacity` entries in which the least recently used goes first: `get`
 * and `set` make an entry the most recently used (a `Map` keeps insertion order, so the
 * first key is the least recently used). For per-process caches of small, hot readings that
 * must not grow with the number of callers or distinct requests. `V` excludes `undefined`, so
 * that `get` answering `undefined` means "not kept".
 */
export class LruMap<K, V extends NonNullable<unknown> | null> {
  private readonly entries = new Map<K, V>();

  /** @param capacity most entries kept (a positive whole number). */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  /** The entry's value, if kept (it becomes the most recently used). */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Keeps `value` as the most recently used, replacing the key's entry; drops the least recently used beyond `capacity`. */
  set(key: K, value: V): V {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return value;
  }

  /** Drops the key's entry, if kept. */
  delete(key: K): void {
    this.entries.delete(key);
  }

  /** How many entries are kept. */
  get size(): number {
    return this.entries.size;
  }
}
