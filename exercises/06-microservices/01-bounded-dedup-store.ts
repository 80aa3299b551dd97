import type { ProcessedMessageStore } from '../../chapters/06-microservices/idempotent-consumer.js';
import { TodoError } from '../../workbook/todo-error.js';

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
 * `maxEntries` is reached.
 */
export class BoundedProcessedStore implements ProcessedMessageStore {
  // TODO(06.1): validate the options (InvalidMessagingOptionError for maxEntries < 1 or ttlMs <= 0) and keep them.
  constructor(_options: BoundedStoreOptions) {
    throw new TodoError('06.1');
  }

  // TODO(06.1): true only for an id added less than ttlMs ago and not evicted since.
  async has(_messageId: string): Promise<boolean> {
    throw new TodoError('06.1');
  }

  // TODO(06.1): remember the id with the current time; re-adding refreshes it; evict the oldest beyond maxEntries.
  async add(_messageId: string): Promise<void> {
    throw new TodoError('06.1');
  }

  /** Ids remembered right now (expired ones are not counted). */
  get size(): number {
    throw new TodoError('06.1');
  }
}
