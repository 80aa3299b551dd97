/**
 * has counts as a use, so an entry that was only checked is kept and another one evicted. Otherwise correct.
 */

export interface TtlCacheOptions {
  /** How long an entry lives after it was set, in ms: a whole number >= 1. */
  readonly ttlMs: number;
  /** The most live entries held at once: a whole number >= 1. */
  readonly maxEntries: number;
  /** The clock, in ms: inject one in tests. Default Date.now. */
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * A cache that forgets entries after `ttlMs` and holds at most `maxEntries`.
 *
 * - An entry set at time t is live while now() < t + ttlMs; from t + ttlMs on it is gone for good: get returns
 *   undefined, has and delete return false, size does not count it.
 * - set on a key that is live replaces its value and starts its time to live again.
 * - set of a new key when `maxEntries` live entries are held first removes the least recently used live entry: a set
 *   or a get that finds the entry is a use (has is not). Expired entries never count toward the limit.
 * - ttlMs or maxEntries that is not a whole number >= 1 throws a RangeError.
 *
 * @example
 * const cache = new TtlCache<string, User>({ ttlMs: 60_000, maxEntries: 1_000 });
 * cache.set('u1', user);
 * cache.get('u1'); // user, for one minute
 */
export class TtlCache<K, V> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  /** In order of use, least recent first (a Map keeps insertion order). */
  readonly #entries = new Map<K, Entry<V>>();

  constructor(options: TtlCacheOptions) {
    const { ttlMs, maxEntries, now = Date.now } = options;
    if (!Number.isInteger(ttlMs) || ttlMs < 1) throw new RangeError(`ttlMs must be a whole number >= 1, got ${ttlMs}`);
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError(`maxEntries must be a whole number >= 1, got ${maxEntries}`);
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  get size(): number {
    this.#dropExpired();
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.#live(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): void {
    this.#dropExpired();
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const leastRecent = this.#entries.keys().next().value as K;
      this.#entries.delete(leastRecent);
    }
    this.#entries.set(key, { value, expiresAt: this.#now() + this.#ttlMs });
  }

  delete(key: K): boolean {
    return this.#live(key) !== undefined && this.#entries.delete(key);
  }

  #live(key: K): Entry<V> | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.#now() >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) if (now >= entry.expiresAt) this.#entries.delete(key);
  }
}
