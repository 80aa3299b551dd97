import type { CachePort } from '../../chapters/04-performance/cache-port.js';
import type { ValueCodec } from '../../chapters/04-performance/value-codec.js';
import { TodoError } from '../../workbook/todo-error.js';

export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used one is evicted to make room. */
  readonly max: number;
  /** Default 300 s. */
  readonly defaultTtlSeconds?: number;
  /** Milliseconds; a seam for tests. Default `performance.now`. */
  readonly now?: () => number;
  readonly codec?: ValueCodec;
}

/** An in-process cache behind the chapter's CachePort, for one process or for tests: no Redis, same promises. */
export function createMemoryCache(_options: MemoryCacheOptions): CachePort {
  // TODO(04.4): return a CachePort (chapters/04-performance/cache-port.ts) that keeps at most `max` entries,
  // evicting the least recently used one to make room (a set never fails for lack of room):
  // - a miss is { hit: false }; 0, '', false and null are hits, at level 'l1';
  // - an entry lives `ttlSeconds` (default `defaultTtlSeconds`) by `now()`: a hit until just before, a miss from then
  //   on; a TTL that is not a whole number >= 1 rejects the set with a RangeError naming it; an expired entry takes
  //   no room;
  // - values are stored as the codec (default: the chapter's, with no extra tags) would carry them through Redis: a
  //   value it cannot carry, such as a function, is refused at set with its UnencodableValueError, and callers get a
  //   deeply frozen copy that neither they nor the original's owner can change;
  // - getOrSet answers a hit from the cache; concurrent misses of one key share one load, whose result is stored with
  //   the call's options and returned as that frozen copy; a failed load is not stored;
  // - invalidateTag drops every entry whose latest set carried the tag; delete drops one key; close empties the cache;
  // - stats: l1 counts every lookup (get and getOrSet), l2 all zero, overall = l1, loads counts loads run; hit rates
  //   are 0, never NaN, before the first lookup.
  throw new TodoError('04.4');
}
