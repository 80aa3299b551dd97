import { randomUUID } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { RedisHandle } from '../../platform/redis/redis-provider.js';
import type { CacheLookup, CachePort, CacheSetOptions, CacheStats } from './cache-port.js';
import { invalidateTagScript, writeScript } from './cache-scripts.js';
import { hitRate, LevelCounter } from './cache-stats.js';
import { PerformanceError } from './performance-error.js';
import { SingleFlight } from './single-flight.js';
import { createValueCodec, type ValueCodec } from './value-codec.js';

/**
 * ioredis options for a cache connection (pass them to `connectRedis({ options })`): fail fast instead of queueing
 * commands while Redis is away, because a cache that waits is slower than no cache.
 */
export const cacheRedisOptions: RedisOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 250 };

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

/** Thrown by the cache's own timeout around a Redis command. */
export class CacheTimeoutError extends PerformanceError {
  readonly code = 'CACHE_REDIS_TIMEOUT';
}

/** Thrown synchronously for a bad key, tag or TTL: those are bugs in the caller, not outages. */
export class CacheArgumentError extends PerformanceError {
  readonly code = 'CACHE_BAD_ARGUMENT';
}

interface InvalidationMessage {
  readonly origin: string;
  readonly keys: readonly string[];
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
  readonly #client: Redis;
  readonly #subscriber: Redis;
  readonly #l1: LRUCache<string, L1Entry>;
  readonly #l1TtlMs: number;
  readonly #codec: ValueCodec;
  readonly #flights = new SingleFlight<unknown>();
  readonly #origin = randomUUID();
  readonly #prefix: string;
  readonly #tagPrefix: string;
  readonly #channel: string;
  readonly #defaultTtl: number;
  readonly #timeoutMs: number;
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
    const namespace = options.namespace ?? 'cache';
    this.#client = options.redis.client;
    this.#subscriber = options.redis.duplicate();
    this.#l1TtlMs = seconds(options.l1?.ttlSeconds ?? 30, 'l1.ttlSeconds') * 1000;
    // `ttlAutopurge: false`: expired entries are dropped when read or evicted, with no timer per entry.
    this.#l1 = new LRUCache<string, L1Entry>({ max: options.l1?.max ?? 10_000, ttl: this.#l1TtlMs });
    this.#codec = options.codec ?? createValueCodec();
    this.#prefix = `${namespace}:v:`;
    this.#tagPrefix = `${namespace}:tag:`;
    this.#channel = `${namespace}:invalidate`;
    this.#defaultTtl = seconds(options.defaultTtlSeconds ?? 300, 'defaultTtlSeconds');
    this.#timeoutMs = options.redisTimeoutMs ?? 150;
    this.#onError = options.onError ?? ((error, operation) => console.warn(`cache: ${operation} fell back: ${error.message}`));
  }

  /** Subscribes to the invalidation channel. `createTwoLevelCache` calls it; until it resolves L1 is bypassed. */
  async listen(): Promise<void> {
    const subscriber = this.#subscriber;
    subscriber.on('message', (channel: string, text: string) => this.#onMessage(channel, text));
    // Messages published while we were disconnected are lost, so L1 may hold stale entries: drop them all.
    subscriber.on('close', () => (this.#listening = false));
    subscriber.on('ready', () => {
      if (this.#listening || this.#closed) return;
      this.#l1.clear();
      this.#listening = true;
    });
    try {
      if (subscriber.status === 'wait') await subscriber.connect();
      await subscriber.subscribe(this.#channel);
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
    return local.hit ? local : this.#getRemote<T>(key);
  }

  async set(key: string, value: unknown, options: CacheSetOptions = {}): Promise<void> {
    // Only the encoding may reject; a Redis failure is reported and absorbed.
    await this.#store(key, value, options).written;
  }

  // #region get-or-set
  async getOrSet<T>(key: string, load: () => Promise<T>, options: CacheSetOptions = {}): Promise<T> {
    checkName(key, 'key');
    const local = this.peek<T>(key);
    if (local.hit) return local.value;
    const value = await this.#flights.run(key, async () => {
      const remote = await this.#getRemote(key);
      if (remote.hit) return remote.value;
      this.#loads += 1;
      const stored = this.#store(key, await load(), options);
      await stored.written;
      // Hand back what a later read will return (the decoded copy), so the first caller sees no different type.
      return stored.entry.value;
    });
    return value as T;
  }
  // #endregion get-or-set

  async delete(key: string): Promise<void> {
    checkName(key, 'key');
    this.#l1.delete(key);
    await this.#redis('delete', (multi) => multi.del(this.#prefix + key).publish(this.#channel, this.#message([key])));
  }

  // #region invalidate
  async invalidateTag(tag: string): Promise<void> {
    checkName(tag, 'tag');
    let keys: string[];
    try {
      // One script reads the set and deletes its keys and the set: no tagged write can land in between.
      keys = (await this.#timed(this.#client.eval(invalidateTagScript, 1, this.#tagKey(tag), this.#prefix))) as string[];
    } catch (error) {
      // We cannot know which keys carry the tag: forget all of L1 here; other processes expire theirs by TTL.
      this.#l2Errors += 1;
      this.#l1.clear();
      this.#report(error, `invalidateTag(${tag})`);
      return;
    }
    for (const key of keys) this.#l1.delete(key);
    await this.#redis(`invalidateTag(${tag})`, (multi) => multi.publish(this.#channel, this.#message(keys)));
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

  async #getRemote<T>(key: string): Promise<CacheLookup<T>> {
    const sentAt = performance.now();
    let text: string | null;
    let remainingMs: number;
    try {
      // The value and its remaining lifetime in one transaction, so the L1 copy can end no later than Redis's.
      [text, remainingMs] = await this.#timed(this.#readValue(key));
    } catch (error) {
      this.#l2Errors += 1;
      this.#report(error, `get(${key})`);
      return MISS;
    }
    if (text === null) {
      this.#l2Stats.misses += 1;
      return MISS;
    }
    let value: unknown;
    try {
      value = deepFreeze(this.#codec.decode(text));
    } catch (error) {
      // Written by something else (an old release, a foreign tag): a miss, so the loader replaces it.
      this.#l2Stats.misses += 1;
      this.#report(error, `decode(${key})`);
      return MISS;
    }
    this.#l2Stats.hits += 1;
    // PTTL is -1 for a key without a TTL (written by something else): then only L1's own lifetime bounds the copy.
    // Counted from when the read was sent, so the copy cannot outlive Redis's by the time the answer took.
    const l1TtlMs = remainingMs < 0 ? this.#l1TtlMs : Math.min(this.#l1TtlMs, remainingMs - (performance.now() - sentAt));
    if (this.#listening && l1TtlMs >= 1) this.#l1.set(key, Object.freeze({ hit: true, value, level: 'l1' }), { ttl: l1TtlMs });
    return { hit: true, value: value as T, level: 'l2' };
  }

  /** GET and PTTL of one key, atomically. */
  async #readValue(key: string): Promise<[string | null, number]> {
    const replies = await this.#client.multi().get(this.#prefix + key).pttl(this.#prefix + key).exec();
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (!replies || failed) throw failed ?? new Error('the read transaction was discarded');
    return [replies[0]![1] as string | null, replies[1]![1] as number];
  }

  /** Encodes (throwing for a value the codec refuses), fills L1 at once, and starts the Redis write. */
  #store(key: string, value: unknown, options: CacheSetOptions): { entry: L1Entry; written: Promise<void> } {
    checkName(key, 'key');
    const ttl = seconds(options.ttlSeconds ?? this.#defaultTtl, 'ttlSeconds');
    const tags = options.tags ?? [];
    for (const tag of tags) checkName(tag, 'tag');
    const text = this.#codec.encode(value);
    const entry: L1Entry = Object.freeze({ hit: true, value: deepFreeze(this.#codec.decode(text)), level: 'l1' });
    if (this.#listening) this.#l1.set(key, entry, { ttl: Math.min(this.#l1TtlMs, ttl * 1000) });
    // The value, its tag sets and the announcement in one script: an invalidateTag cannot run half-way through it.
    const keys = [this.#prefix + key, ...tags.map((tag) => this.#tagKey(tag))];
    const written = this.#absorb(`set(${key})`, this.#client.eval(writeScript, keys.length, ...keys, text, ttl, key, this.#channel, this.#message([key])));
    return { entry, written };
  }

  /** Runs one MULTI with the cache's timeout; a failure is counted and reported, never thrown. */
  async #redis(operation: string, build: (multi: ReturnType<Redis['multi']>) => ReturnType<Redis['multi']>): Promise<void> {
    await this.#absorb(operation, build(this.#client.multi()).exec().then((results) => {
      const failed = results?.find(([error]) => error !== null)?.[0];
      if (failed) throw failed;
    }));
  }

  /** Waits for a command with the cache's timeout; a failure is counted and reported, never thrown. */
  async #absorb(operation: string, command: Promise<unknown>): Promise<void> {
    try {
      await this.#timed(command);
    } catch (error) {
      this.#l2Errors += 1;
      this.#report(error, operation);
    }
  }

  #onMessage(channel: string, text: string): void {
    if (channel !== this.#channel) return;
    let message: InvalidationMessage;
    try {
      message = JSON.parse(text) as InvalidationMessage;
    } catch (error) {
      this.#report(error, 'invalidation message');
      return;
    }
    if (message.origin === this.#origin) return;
    for (const key of message.keys) this.#l1.delete(key);
  }

  #message(keys: readonly string[]): string {
    return JSON.stringify({ origin: this.#origin, keys } satisfies InvalidationMessage);
  }

  #tagKey(tag: string): string {
    return this.#tagPrefix + tag;
  }

  #timed<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CacheTimeoutError(`Redis did not answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
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
