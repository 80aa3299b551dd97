import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

export interface BroadcastCacheOptions {
  /** Runs the cache's commands. Several instances may share one connection. */
  readonly redis: Redis;
  /** A connection for invalidation messages only (a subscribed connection cannot run other commands). It may carry
   * other subscriptions too, whose messages the cache ignores. */
  readonly subscriber: Redis;
  /** L2 keys are `<namespace>:<key>`. Instances of one namespace invalidate each other, and no one else. */
  readonly namespace: string;
  /** How long a value lives in Redis, in whole seconds >= 1. */
  readonly ttlSeconds: number;
}

/** A string cache: L1 in this process over L2 in Redis, with every write and delete broadcast to the other instances. */
export class BroadcastCache extends EventEmitter {
  readonly #l1 = new Map<string, string>();
  // Our own messages come back to us too; the id tells them apart.
  readonly #id = randomUUID();
  readonly #channel: string;
  readonly #onMessage = (channel: string, message: string): void => {
    if (channel !== this.#channel) return;
    const { from, key } = JSON.parse(message) as { from: string; key: string };
    if (from === this.#id) return;
    this.#l1.delete(key);
    this.emit('invalidated', key);
  };

  private constructor(private readonly options: BroadcastCacheOptions) {
    super();
    this.#channel = `${options.namespace}:invalidate`;
  }

  static async open(options: BroadcastCacheOptions): Promise<BroadcastCache> {
    if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds < 1) {
      throw new RangeError(`ttlSeconds must be a whole number >= 1, not ${options.ttlSeconds}`);
    }
    const cache = new BroadcastCache(options);
    options.subscriber.on('message', cache.#onMessage);
    await options.subscriber.subscribe(cache.#channel);
    return cache;
  }

  async get(key: string): Promise<string | undefined> {
    const local = this.#l1.get(key);
    if (local !== undefined) return local;
    const shared = await this.options.redis.get(this.#l2Key(key));
    if (shared === null) return undefined;
    this.#l1.set(key, shared);
    return shared;
  }

  async set(key: string, value: string): Promise<void> {
    await this.options.redis.set(this.#l2Key(key), value, 'EX', this.options.ttlSeconds);
    this.#l1.set(key, value);
    await this.#broadcast(key);
  }

  async delete(key: string): Promise<void> {
    await this.options.redis.del(this.#l2Key(key));
    this.#l1.delete(key);
    await this.#broadcast(key);
  }

  cachedLocally(key: string): boolean {
    return this.#l1.has(key);
  }

  async close(): Promise<void> {
    await this.options.subscriber.unsubscribe(this.#channel);
    this.options.subscriber.off('message', this.#onMessage);
  }

  #l2Key(key: string): string {
    return `${this.options.namespace}:${key}`;
  }

  async #broadcast(key: string): Promise<void> {
    await this.options.redis.publish(this.#channel, JSON.stringify({ from: this.#id, key }));
  }
}
