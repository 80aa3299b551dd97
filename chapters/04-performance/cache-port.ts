// #region port
/** What a lookup found. A miss is `{ hit: false }`, so a cached `null`, `0` or `''` is never mistaken for one. */
export type CacheLookup<T = unknown> =
  { readonly hit: true; readonly value: T; readonly level: 'l1' | 'l2' } | { readonly hit: false };

export interface CacheSetOptions {
  /** Lifetime in Redis, whole seconds. Tag sets live at least as long as their longest-lived key. */
  readonly ttlSeconds?: number;
  /** Names to invalidate the entry by later: `product:42`, `category:books`. */
  readonly tags?: readonly string[];
}

export interface LevelStats {
  readonly hits: number;
  readonly misses: number;
  /** hits / (hits + misses), between 0 and 1; 0 before the first lookup, never NaN. */
  readonly hitRate: number;
}

export interface CacheStats {
  readonly l1: LevelStats;
  /** `errors` counts Redis failures and timeouts that were answered by the loader instead. */
  readonly l2: LevelStats & { readonly errors: number };
  /** Lookups answered by either level, out of all lookups. */
  readonly overall: LevelStats;
  /** How many times a loader ran. */
  readonly loads: number;
}

/**
 * The cache as the capstone sees it. The chapter's `TwoLevelCache` implements it; so can a learner's cache
 * (`npm start -- --mine 04`). Values are typed by the caller: the cache checks what it can carry, not what it is.
 */
export interface CachePort {
  get<T = unknown>(key: string): Promise<CacheLookup<T>>;
  /** Rejects with UnencodableValueError for a value the cache cannot carry; a Redis outage is not an error here. */
  set(key: string, value: unknown, options?: CacheSetOptions): Promise<void>;
  /** The cached value, or `load()`'s result cached. Concurrent callers of one cold key share one `load()`. */
  getOrSet<T>(key: string, load: () => Promise<T>, options?: CacheSetOptions): Promise<T>;
  /** Drops the key everywhere. A load of it that began before the delete is handed to its callers but not cached. */
  delete(key: string): Promise<void>;
  /** Drops every entry tagged `tag`, in this process and every other one sharing the Redis; wins over loads, as delete. */
  invalidateTag(tag: string): Promise<void>;
  stats(): CacheStats;
  close(): Promise<void>;
}
// #endregion port
