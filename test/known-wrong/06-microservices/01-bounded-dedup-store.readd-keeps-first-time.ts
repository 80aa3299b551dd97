/**
 * Known wrong: re-adding an id it already holds changes nothing, so the id keeps its first time and its place in
 * the eviction order: it expires ttlMs after it was first added and is evicted as if it had not been seen since.
 */
import type { ProcessedMessageStore } from '../../../chapters/06-microservices/idempotent-consumer.js';
import { InvalidMessagingOptionError } from '../../../chapters/06-microservices/messaging-error.js';

export interface BoundedStoreOptions {
  /** Ids kept at most; adding one more forgets the oldest. */
  readonly maxEntries: number;
  /** How long an id is remembered after it was added. */
  readonly ttlMs: number;
  /** Milliseconds clock; tests pass a fake one. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * A processed-message store with a memory bound: ids are forgotten after `ttlMs`, and the oldest goes first when
 * `maxEntries` is reached. A duplicate older than the TTL is handled again, so the TTL must outlast the longest
 * redelivery window (retries, outbox re-sends).
 */
export class BoundedProcessedStore implements ProcessedMessageStore {
  // A Map iterates in insertion order, so its first key is always the oldest entry.
  readonly #addedAt = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor({ maxEntries, ttlMs, now = Date.now }: BoundedStoreOptions) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new InvalidMessagingOptionError(`maxEntries must be an integer >= 1, got ${maxEntries}`);
    }
    if (!(ttlMs > 0)) throw new InvalidMessagingOptionError(`ttlMs must be > 0, got ${ttlMs}`);
    this.#maxEntries = maxEntries;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  async has(messageId: string): Promise<boolean> {
    this.#prune();
    return this.#addedAt.has(messageId);
  }

  async add(messageId: string): Promise<void> {
    this.#prune();
    if (!this.#addedAt.has(messageId)) this.#addedAt.set(messageId, this.#now());
    for (const oldest of this.#addedAt.keys()) {
      if (this.#addedAt.size <= this.#maxEntries) break;
      this.#addedAt.delete(oldest);
    }
  }

  /** Ids remembered right now (expired ones are not counted). */
  get size(): number {
    this.#prune();
    return this.#addedAt.size;
  }

  #prune(): void {
    const cutoff = this.#now() - this.#ttlMs;
    for (const [id, addedAt] of this.#addedAt) {
      if (addedAt > cutoff) break; // the rest are younger
      this.#addedAt.delete(id);
    }
  }
}
