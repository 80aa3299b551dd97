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
  // TODO(06.1): keep the options; throw InvalidMessagingOptionError (chapters/06-microservices/messaging-error.ts),
  // naming the option, for a maxEntries that is not a whole number >= 1 and a ttlMs that is not > 0.
  constructor(_options: BoundedStoreOptions) {
    throw new TodoError('06.1');
  }

  // TODO(06.1): true only for an id added (or re-added) less than ttlMs ago and not evicted since.
  async has(_messageId: string): Promise<boolean> {
    throw new TodoError('06.1');
  }

  // TODO(06.1): remember the id as added now; re-adding an id makes it the youngest again, for both the TTL and the
  // eviction order. When that makes more than maxEntries ids, forget the oldest.
  async add(_messageId: string): Promise<void> {
    throw new TodoError('06.1');
  }

  // TODO(06.1): ids remembered right now (expired ones are not counted).
  get size(): number {
    throw new TodoError('06.1');
  }
}
