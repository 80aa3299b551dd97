import { LRUCache } from 'lru-cache';
import type { CacheLookup, CachePort, CacheSetOptions, CacheStats } from '../../chapters/04-performance/cache-port.js';
import { LevelCounter } from '../../chapters/04-performance/cache-stats.js';
import { SingleFlight } from '../../chapters/04-performance/single-flight.js';
import { createValueCodec, type ValueCodec } from '../../chapters/04-performance/value-codec.js';

export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used one is evicted to make room. */
  readonly max: number;
  /** Default 300 s. */
  readonly defaultTtlSeconds?: number;
  /** Milliseconds; a seam for tests. Default `performance.now`. */
  readonly now?: () => number;
  readonly codec?: ValueCodec;
}

interface Entry {
  readonly value: unknown;
  readonly expiresAt: number;
  readonly tags: readonly string[] | undefined;
}

/** An in-process cache behind the chapter's CachePort, for one process or for tests: no Redis, same promises. */
export function createMemoryCache({
  max,
  defaultTtlSeconds = 300,
  now = () => performance.now(),
  codec = createValueCodec(),
}: MemoryCacheOptions): CachePort {
  const entries = new LRUCache<string, Entry>({ max });
  const flights = new SingleFlight<unknown>();
  const counter = new LevelCounter();
  let loads = 0;

  const lookup = (key: string): CacheLookup<never> | { hit: true; value: unknown; level: 'l1' } => {
    const entry = entries.get(key);
    if (entry !== undefined && entry.expiresAt > now()) {
      counter.hits += 1;
      return { hit: true, value: entry.value, level: 'l1' };
    }
    // An expired entry must not keep its slot (the lookup just made it the most recently used).
    entries.delete(key);
    counter.misses += 1;
    return { hit: false };
  };

  const store = (key: string, value: unknown, options: CacheSetOptions): unknown => {
    const ttlSeconds = options.ttlSeconds ?? defaultTtlSeconds;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)
      throw new RangeError(`ttlSeconds must be a whole number >= 1, got ${ttlSeconds}`);
    // Encode then decode: refuses what Redis could not carry either, and keeps a copy the caller cannot change.
    const copy = deepFreeze(codec.decode(codec.encode(value)));
    entries.set(key, { value: copy, expiresAt: now() + ttlSeconds * 1000, tags: options.tags });
    return copy;
  };

  return {
    get: async <T>(key: string) => lookup(key) as CacheLookup<T>,
    set: async (key, value, options = {}) => {
      store(key, value, options);
    },
    getOrSet: async <T>(key: string, load: () => Promise<T>, options: CacheSetOptions = {}) => {
      const found = lookup(key);
      if (found.hit) return found.value as T;
      const value = await flights.run(key, async () => {
        loads += 1;
        return store(key, await load(), options);
      });
      return value as T;
    },
    delete: async (key) => {
      entries.delete(key);
    },
    invalidateTag: async (tag) => {
      // A scan of at most `max` entries: no tag index to keep in step with eviction, overwrite and delete.
      for (const [key, entry] of [...entries.entries()]) if (entry.tags?.includes(tag)) entries.delete(key);
    },
    stats: (): CacheStats => {
      const l1 = counter.snapshot();
      return { l1, l2: { hits: 0, misses: 0, hitRate: 0, errors: 0 }, overall: l1, loads };
    },
    close: async () => {
      entries.clear();
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
