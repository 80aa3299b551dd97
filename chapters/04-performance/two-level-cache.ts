import { randomUUID } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { RedisHandle } from '../../platform/redis/redis-provider.js';
import type { CacheLookup, CachePort, CacheSetOptions, CacheStats } from './cache-port.js';
import { hitRate, LevelCounter } from './cache-stats.js';
import { PendingFills, type Fill } from './pending-fills.js';
import { PerformanceError } from './performance-error.js';
import { MAX_CACHED_LOAD_MS, RedisLevel, type RedisRead } from './redis-level.js';
import { SingleFlight } from './single-flight.js';
import { createValueCodec, type ValueCodec } from './value-codec.js';

export { CacheTimeoutError } from './redis-level.js';

/**
 * ioredis options for a cache connection (pass them to `connectRedis({ options })`): fail fast instead of queueing
 * commands while Redis is away, because a cache that waits is slower than no cache.
 */
export const cacheRedisOptions: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 250,
};

export interface TwoLevelCacheOptions {
  /** From `connectRedis()`: `client` runs commands; the cache makes (and closes) one `duplicate()` to subscribe. */
  readonly redis: Pick<RedisHandle, 'client' | 'duplicate'>;
  /** Prefix of every Redis key and of the invalidation channel. Default `cache`. */
  readonly namespace?: string;
  /** L1 bound (entries, default 10,000) and lifetime (seconds, default 30: how stale L1 may be if a message is lost). */
  readonly l1?: { readonly max?: number; readonly ttlSeconds?: number };
  /** Redis lifetime when `set` names none. Default 300 s. */
  readonly defaultTtlSeconds?: number;
  /** A Redis command slower than this counts as a failure and the loader answers. Default 150 ms. */
  readonly redisTimeoutMs?: number;
  readonly codec?: ValueCodec;
  /** Hears every Redis failure the cache absorbed. Default: one `console.warn` line each. */
  readonly onError?: (error: Error, operation: string) => void;
}

/** Thrown synchronously for a bad key, tag or TTL: those are bugs in the caller, not outages. */
export class CacheArgumentError extends PerformanceError {
  readonly code = 'CACHE_BAD_ARGUMENT';
}

interface InvalidationMessage {
  readonly origin: string;
  readonly keys: readonly string[];
  /** Tags invalidated: loads of those tags in flight elsewhere must be neither shared nor cached. */
  readonly tags?: readonly string[];
}

type L1Entry = Extract<CacheLookup, { hit: true }>;
const MISS: CacheLookup<never> = Object.freeze({ hit: false });

/**
 * Creates a two-level cache and waits until it listens for invalidations from other processes.
 *
 * @example
 * const redis = await connectRedis({ options: cacheRedisOptions });
 * const cache = await createTwoLevelCache({ redis });
 * const user = await cache.getOrSet(`user:${id}`, () => users.find(id), { ttlSeconds: 60, tags: [`user:${id}`] });
 */
export async function createTwoLevelCache(options: TwoLevelCacheOptions): Promise<TwoLevelCache> {
  const cache = new TwoLevelCache(options);
  await cache.listen();
  return cache;
}

// #region class
/** L1 `lru-cache` in this process over L2 Redis shared by every process, with one codec for both. */
export class TwoLevelCache implements CachePort {
  readonly #redis: RedisLevel;
  readonly #subscriber: Redis;
  readonly #l1: LRUCache<string, L1Entry>;
  readonly #l1TtlMs: number;
  readonly #codec: ValueCodec;
  readonly #flights = new SingleFlight<unknown>();
  /** Reads and loads in flight: a write, delete or invalidation that overtakes one keeps it out of L1. */
  readonly #fills = new PendingFills();
  readonly #origin = randomUUID();
  readonly #defaultTtl: number;
  readonly #onError: (error: Error, operation: string) => void;
  readonly #l1Stats = new LevelCounter();
  readonly #l2Stats = new LevelCounter();
  #l2Errors = 0;
  #loads = 0;
  /** L1 is only trusted while we are sure to hear invalidations; false until subscribed and after a disconnect. */
  #listening = false;
  #closed = false;
  // #endregion class

  constructor(options: TwoLevelCacheOptions) {
    this.#redis = new RedisLevel(options.redis.client, options.namespace ?? 'cache', options.redisTimeoutMs ?? 150);
    this.#subscriber = options.redis.duplicate();
    this.#l1TtlMs = seconds(options.l1?.ttlSeconds ?? 30, 'l1.ttlSeconds') * 1000;
    // `ttlAutopurge: false`: expired entries are dropped when read or evicted, with no timer per entry.
    this.#l1 = new LRUCache<string, L1Entry>({ max: options.l1?.max ?? 10_000, ttl: this.#l1TtlMs });
    this.#codec = options.codec ?? createValueCodec();
    this.#defaultTtl = seconds(options.defaultTtlSeconds ?? 300, 'defaultTtlSeconds');
    this.#onError =
      options.onError ?? ((error, operation) => console.warn(`cache: ${operation} fell back: ${error.message}`));
  }

  /** Subscribes to the invalidation channel. `createTwoLevelCache` calls it; until it resolves L1 is bypassed. */
  async listen(): Promise<void> {
    const subscriber = this.#subscriber;
    subscriber.on('message', (channel: string, text: string) => this.#onMessage(channel, text));
    // Messages published while we were disconnected are lost, so L1 (and any fill in flight) may be stale: forget it.
    subscriber.on('close', () => (this.#listening = false));
    subscriber.on('ready', () => {
      if (this.#listening || this.#closed) return;
      this.#forgetEverything();
      this.#listening = true;
    });
    try {
      if (subscriber.status === 'wait') await subscriber.connect();
      await subscriber.subscribe(this.#redis.channel);
      this.#listening = true;
    } catch (error) {
      // Not fatal: the cache works from Redis alone and ioredis resubscribes when the connection returns.
      this.#report(error, 'subscribe');
    }
  }

  // #region peek
  /** The L1 hit path, synchronous and allocation-free: the entry itself is the answer. */
  peek<T = unknown>(key: string): CacheLookup<T> {
    const entry = this.#listening ? this.#l1.get(key) : undefined;
    if (entry === undefined) {
      this.#l1Stats.misses += 1;
      return MISS;
    }
    this.#l1Stats.hits += 1;
    return entry as CacheLookup<T>;
  }
  // #endregion peek

  async get<T = unknown>(key: string): Promise<CacheLookup<T>> {
    checkName(key, 'key');
    const local = this.peek<T>(key);
    if (local.hit) return local;
    const fill = this.#fills.begin(key);
    try {
      return (await this.#getRemote<T>(fill)).lookup;
    } finally {
      this.#fills.end(fill);
    }
  }

  async set(key: string, value: unknown, options: CacheSetOptions = {}): Promise<void> {
    const { text, entry, ttl, tags } = this.#encode(key, value, options);
    // A write is newer than any read or load of the key in flight: none of them may put an older value in L1.
    this.#supersede([key]);
    if (this.#listening) this.#l1.set(key, entry, { ttl: Math.min(this.#l1TtlMs, ttl * 1000) });
    // Only the encoding may reject; a Redis failure is reported and absorbed.
    await this.#absorb(`set(${key})`, this.#redis.write(key, text, ttl, tags, this.#message([key])));
  }

  // #region get-or-set
  async getOrSet<T>(key: string, load: () => Promise<T>, options: CacheSetOptions = {}): Promise<T> {
    checkName(key, 'key');
    const local = this.peek<T>(key);
    if (local.hit) return local.value;
    const value = await this.#flights.run(key, async () => {
      const fill = this.#fills.begin(key, options.tags ?? []);
      try {
        const readAt = performance.now();
        const remote = await this.#getRemote(fill, true);
        if (remote.lookup.hit) return remote.lookup.value;
        this.#loads += 1;
        return await this.#storeLoaded(fill, await load(), options, remote.seen, readAt);
      } finally {
        this.#fills.end(fill);
      }
    });
    return value as T;
  }
  // #endregion get-or-set

  // #region delete
  /**
   * Deletes the key everywhere and changes its fence: a load that began before this delete, here or in another
   * process, finds the fence changed and does not write its older value back.
   */
  async delete(key: string): Promise<void> {
    checkName(key, 'key');
    this.#supersede([key]);
    await this.#absorb('delete', this.#redis.delete(key, randomUUID(), this.#message([key])));
  }
  // #endregion delete

  // #region invalidate
  async invalidateTag(tag: string): Promise<void> {
    checkName(tag, 'tag');
    this.#supersede(this.#fills.supersedeTag(tag));
    let keys: string[];
    try {
      // One script reads the set, deletes its keys and the set, and fences the tag against loads already running.
      keys = await this.#redis.invalidateTag(tag, randomUUID());
    } catch (error) {
      // We cannot know which keys carry the tag: forget all of L1 here; other processes expire theirs by TTL.
      this.#l2Errors += 1;
      this.#forgetEverything();
      this.#report(error, `invalidateTag(${tag})`);
      return;
    }
    this.#supersede(keys);
    await this.#absorb(`invalidateTag(${tag})`, this.#redis.publish(this.#message(keys, [tag])));
  }
  // #endregion invalidate

  stats(): CacheStats {
    const l1 = this.#l1Stats.snapshot();
    const l2 = this.#l2Stats.snapshot();
    const lookups = l1.hits + l1.misses;
    const hits = l1.hits + l2.hits;
    return {
      l1,
      l2: { ...l2, errors: this.#l2Errors },
      overall: { hits, misses: lookups - hits, hitRate: hitRate(hits, lookups - hits) },
      loads: this.#loads,
    };
  }

  /** Stops listening and closes the subscriber connection this cache made; the caller closes `redis.client`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listening = false;
    this.#l1.clear();
    await this.#subscriber.quit().catch(() => this.#subscriber.disconnect());
  }

  /**
   * Reads the value and its remaining lifetime (for a load, also its fences) and fills L1 with what it found, unless
   * the fill was superseded meanwhile. `seen` is undefined when Redis could not be read.
   */
  async #getRemote<T>(fill: Fill, forLoad = false): Promise<{ lookup: CacheLookup<T>; seen: RedisRead | undefined }> {
    const sentAt = performance.now();
    let seen: RedisRead;
    try {
      seen = await this.#redis.read(fill.key, forLoad ? fill.tags : undefined);
    } catch (error) {
      this.#l2Errors += 1;
      this.#report(error, `get(${fill.key})`);
      return { lookup: MISS, seen: undefined };
    }
    const value = seen.text === null ? MISS : this.#decode(fill.key, seen.text);
    if (value === MISS) {
      this.#l2Stats.misses += 1;
      return { lookup: MISS, seen };
    }
    this.#l2Stats.hits += 1;
    // PTTL is -1 for a key without a TTL (written by something else): then only L1's own lifetime bounds the copy.
    this.#fillL1(
      fill,
      Object.freeze({ hit: true, value, level: 'l1' }),
      seen.remainingMs < 0 ? this.#l1TtlMs : seen.remainingMs,
      sentAt,
    );
    return { lookup: { hit: true, value: value as T, level: 'l2' }, seen };
  }

  /** The decoded, frozen value, or MISS for text written by something else (an old release, a foreign tag). */
  #decode(key: string, text: string): unknown {
    try {
      return deepFreeze(this.#codec.decode(text));
    } catch (error) {
      // A miss, so the loader replaces it.
      this.#report(error, `decode(${key})`);
      return MISS;
    }
  }

  /**
   * Writes a loaded value only if Redis still holds what the load's read saw and no fence changed: a write, delete
   * or invalidation after that read wins. Fills L1 only if the write happened (or Redis could not be asked at all)
   * and nothing in this process superseded the load.
   */
  async #storeLoaded(
    fill: Fill,
    value: unknown,
    options: CacheSetOptions,
    seen: RedisRead | undefined,
    readAt: number,
  ): Promise<unknown> {
    const { text, entry, ttl, tags } = this.#encode(fill.key, value, options);
    const sentAt = performance.now();
    let written: boolean | undefined;
    if (seen !== undefined && sentAt - readAt < MAX_CACHED_LOAD_MS) {
      written = await this.#absorb(
        `set(${fill.key})`,
        this.#redis.write(fill.key, text, ttl, tags, this.#message([fill.key]), seen),
      );
    } else if (seen !== undefined) {
      // Too slow: a delete during the load may no longer be visible by its fence, so cache nothing.
      written = false;
    }
    // seen === undefined: the read failed, so nothing proves the load is current; Redis is left alone.
    if (written !== false) this.#fillL1(fill, entry, ttl * 1000, sentAt);
    // Hand back what a later read will return (the decoded copy), so the first caller sees no different type.
    return entry.value;
  }

  /** An L1 copy ends no later than `lifetimeMs` after `sentAt` (when Redis was asked), and never for a superseded fill. */
  #fillL1(fill: Fill, entry: L1Entry, lifetimeMs: number, sentAt: number): void {
    const ttl = Math.min(this.#l1TtlMs, lifetimeMs - (performance.now() - sentAt));
    if (this.#listening && !fill.superseded && ttl >= 1) this.#l1.set(fill.key, entry, { ttl });
  }

  /** Checks the options and encodes the value (throwing for one the codec refuses) into what both levels hold. */
  #encode(
    key: string,
    value: unknown,
    options: CacheSetOptions,
  ): { text: string; entry: L1Entry; ttl: number; tags: readonly string[] } {
    checkName(key, 'key');
    const ttl = seconds(options.ttlSeconds ?? this.#defaultTtl, 'ttlSeconds');
    const tags = options.tags ?? [];
    for (const tag of tags) checkName(tag, 'tag');
    const text = this.#codec.encode(value);
    const entry: L1Entry = Object.freeze({ hit: true, value: deepFreeze(this.#codec.decode(text)), level: 'l1' });
    return { text, entry, ttl, tags };
  }

  /** Something newer happened to these keys: drop them from L1, keep running loads out of it, and share them no more. */
  #supersede(keys: Iterable<string>): void {
    for (const key of keys) {
      this.#l1.delete(key);
      this.#fills.supersedeKey(key);
      this.#flights.forget(key);
    }
  }

  /** Invalidations may have been lost: nothing in L1 or in flight can be trusted. */
  #forgetEverything(): void {
    this.#l1.clear();
    for (const key of this.#fills.supersedeAll()) this.#flights.forget(key);
  }

  /** Waits for a Redis operation; a failure is counted and reported (undefined), never thrown. */
  async #absorb<T>(operation: string, command: Promise<T>): Promise<T | undefined> {
    try {
      return await command;
    } catch (error) {
      this.#l2Errors += 1;
      this.#report(error, operation);
      return undefined;
    }
  }

  #onMessage(channel: string, text: string): void {
    if (channel !== this.#redis.channel) return;
    let message: InvalidationMessage;
    try {
      message = JSON.parse(text) as InvalidationMessage;
    } catch (error) {
      this.#report(error, 'invalidation message');
      return;
    }
    if (message.origin === this.#origin) return;
    for (const tag of message.tags ?? []) this.#supersede(this.#fills.supersedeTag(tag));
    this.#supersede(message.keys);
  }

  #message(keys: readonly string[], tags?: readonly string[]): string {
    return JSON.stringify({ origin: this.#origin, keys, ...(tags && { tags }) } satisfies InvalidationMessage);
  }

  #report(error: unknown, operation: string): void {
    this.#onError(error instanceof Error ? error : new Error(String(error)), operation);
  }
}

function checkName(name: string, what: 'key' | 'tag'): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new CacheArgumentError(`a cache ${what} must be a non-empty string, got ${JSON.stringify(name)}`);
  }
}

function seconds(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new CacheArgumentError(`${name} must be a whole number of seconds >= 1, got ${value}`);
  }
  return value;
}

/** Freezes a decoded value all the way down, so a caller that mutates a cached object fails loudly. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
