import type { Redis } from 'ioredis';
import { invalidateTagScript, writeScript } from './cache-scripts.js';
import { PerformanceError } from './performance-error.js';

/** Thrown by the cache's own timeout around a Redis command. */
export class CacheTimeoutError extends PerformanceError {
  readonly code = 'CACHE_REDIS_TIMEOUT';
}

/** How long a delete or invalidation fences out loads that began before it. */
export const FENCE_SECONDS = 60;

/**
 * A load that took longer than this (from its read) is handed to its callers but not cached: a fence set during it
 * might have expired by the time its write arrives. 10 s short of a fence's life, room for the write to get there.
 */
export const MAX_CACHED_LOAD_MS = (FENCE_SECONDS - 10) * 1000;

/** What one read found. For a load it also holds what the load's conditional write must still see. */
export interface RedisRead {
  /** The stored text, or null. */
  readonly text: string | null;
  /** Milliseconds the key has left; -1 for a key without a TTL. */
  readonly remainingMs: number;
  /** The fence tokens of the key and the load's tags ('' for none); empty for a plain read. */
  readonly fences: readonly string[];
}

/**
 * L2: the cache's keys in one Redis (`<namespace>:v:<key>` values, `:tag:` sets, `:fence:` tokens), each operation one
 * transaction or one script, under the cache's timeout. Failures are thrown; the cache decides what they mean.
 */
export class RedisLevel {
  readonly channel: string;
  readonly #client: Redis;
  readonly #timeoutMs: number;
  readonly #values: string;
  readonly #tags: string;
  readonly #fences: string;

  constructor(client: Redis, namespace: string, timeoutMs: number) {
    this.#client = client;
    this.#timeoutMs = timeoutMs;
    this.#values = `${namespace}:v:`;
    this.#tags = `${namespace}:tag:`;
    this.#fences = `${namespace}:fence:`;
    this.channel = `${namespace}:invalidate`;
  }

  /** GET and PTTL of the key and, for a load (`loadTags` given), the fences of the key and those tags, atomically. */
  async read(key: string, loadTags?: readonly string[]): Promise<RedisRead> {
    const multi = this.#client
      .multi()
      .get(this.#values + key)
      .pttl(this.#values + key);
    if (loadTags) multi.mget(this.#fenceKeys(key, loadTags));
    const replies = await this.#exec(multi);
    const fences = loadTags ? (replies[2] as (string | null)[]).map((token) => token ?? '') : [];
    return { text: replies[0] as string | null, remainingMs: replies[1] as number, fences };
  }

  /**
   * Writes the value and its tag sets and announces it, in one script. With `seen` (a load's read) it writes only if
   * the value and the fences are still what that read found. True if it wrote.
   */
  async write(
    key: string,
    text: string,
    ttl: number,
    tags: readonly string[],
    message: string,
    seen?: RedisRead,
  ): Promise<boolean> {
    const keys = [
      this.#values + key,
      ...tags.map((tag) => this.#tags + tag),
      ...(seen ? this.#fenceKeys(key, tags) : []),
    ];
    const args = [
      text,
      ttl,
      key,
      this.channel,
      message,
      tags.length,
      ...(seen ? [seen.text ?? '', ...seen.fences] : []),
    ];
    return (await this.#timed(this.#client.eval(writeScript, keys.length, ...keys, ...args))) === 1;
  }

  /** Deletes the value and sets its fence to `fence`, so loads that read the old fence will not write; announces it. */
  async delete(key: string, fence: string, message: string): Promise<void> {
    const multi = this.#client
      .multi()
      .del(this.#values + key)
      .set(this.#fences + 'k:' + key, fence, 'EX', FENCE_SECONDS);
    await this.#exec(multi.publish(this.channel, message));
  }

  /** Deletes the tag's keys and its set and sets its fence to `fence`, in one script; returns the keys. */
  async invalidateTag(tag: string, fence: string): Promise<string[]> {
    const reply = this.#client.eval(
      invalidateTagScript,
      2,
      this.#tags + tag,
      this.#fences + 't:' + tag,
      this.#values,
      fence,
      FENCE_SECONDS,
    );
    return (await this.#timed(reply)) as string[];
  }

  async publish(message: string): Promise<void> {
    await this.#timed(this.#client.publish(this.channel, message));
  }

  #fenceKeys(key: string, tags: readonly string[]): string[] {
    return [this.#fences + 'k:' + key, ...tags.map((tag) => this.#fences + 't:' + tag)];
  }

  /** Runs a MULTI; throws the first command's error, or a discarded transaction. */
  async #exec(multi: ReturnType<Redis['multi']>): Promise<unknown[]> {
    const replies = await this.#timed(multi.exec());
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (!replies || failed) throw failed ?? new Error('the Redis transaction was discarded');
    return replies.map(([, reply]) => reply);
  }

  #timed<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CacheTimeoutError(`Redis did not answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}
