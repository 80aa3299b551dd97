import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { TodoError } from '../../workbook/todo-error.js';

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

/**
 * A string cache in two levels: L1, this process's own memory, in front of L2, Redis, which every instance shares.
 * A write or delete in one instance reaches every other instance of the namespace as a message, so none keeps serving
 * the old value from its L1.
 *
 * - `open` resolves once the instance is listening: a change made anywhere after that reaches it.
 * - `get` answers from L1 when it holds the key; else from L2, keeping what it found in L1; `undefined` when neither
 *   holds the key. Every string is a value, the empty string too.
 * - `set` and `delete` change L2, then this instance's own L1 (so its next `get` answers the new state at once), then
 *   tell the other instances; they resolve when the message has been handed to Redis.
 * - When a message from another instance arrives, the key leaves this instance's L1 and the instance emits
 *   `'invalidated'` with the key (also when its L1 did not hold it). An instance's own messages change nothing in it.
 * - `cachedLocally(key)` says whether L1 holds the key.
 * - `close` stops listening and leaves the subscriber connection as it found it (no subscription, no listener of
 *   this instance); it does not close either connection: they belong to the caller.
 * - A `ttlSeconds` that is not a whole number >= 1 is a RangeError from `open` whose message names `ttlSeconds`.
 */
export class BroadcastCache extends EventEmitter {
  static async open(_options: BroadcastCacheOptions): Promise<BroadcastCache> {
    // TODO(04.10): check the options, start listening, and resolve with a ready instance.
    throw new TodoError('04.10');
  }

  async get(_key: string): Promise<string | undefined> {
    // TODO(04.10)
    throw new TodoError('04.10');
  }

  async set(_key: string, _value: string): Promise<void> {
    // TODO(04.10)
    throw new TodoError('04.10');
  }

  async delete(_key: string): Promise<void> {
    // TODO(04.10)
    throw new TodoError('04.10');
  }

  cachedLocally(_key: string): boolean {
    // TODO(04.10)
    throw new TodoError('04.10');
  }

  async close(): Promise<void> {
    // TODO(04.10)
    throw new TodoError('04.10');
  }
}
