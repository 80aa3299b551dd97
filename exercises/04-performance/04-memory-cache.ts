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
  // TODO(04.4): return a CachePort (chapters/04-performance/cache-port.ts) kept in an lru-cache bounded by `max`.
  // - a miss is { hit: false }; 0, '', false and null are hits (level 'l1'); an entry expires after its ttlSeconds by `now()`;
  // - values go through the codec (createValueCodec()), so a function is refused at set and callers get a frozen copy;
  // - getOrSet shares one load per cold key (the chapter's SingleFlight); invalidateTag drops every key with that tag;
  // - stats: l1 counts, l2 all zero, overall = l1, and 0 (never NaN) before the first lookup.
  throw new TodoError('04.4');
}
