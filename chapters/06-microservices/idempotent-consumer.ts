import type { DeliveredMessage, MessageHandler } from './messaging.port.js';

/** Remembers which message ids a consumer has handled. */
export interface ProcessedMessageStore {
  has(messageId: string): Promise<boolean>;
  add(messageId: string): Promise<void>;
}

/**
 * Every id ever added, in memory: right for tests and a single process. It grows without bound and forgets on
 * restart; production keeps the ids where the handler writes its results (exercise 06.1 bounds this one).
 */
export class InMemoryProcessedStore implements ProcessedMessageStore {
  readonly #ids = new Set<string>();

  async has(messageId: string): Promise<boolean> {
    return this.#ids.has(messageId);
  }

  async add(messageId: string): Promise<void> {
    this.#ids.add(messageId);
  }

  get size(): number {
    return this.#ids.size;
  }
}

export interface IdempotentOptions {
  readonly store: ProcessedMessageStore;
  /** Called for each duplicate that was skipped (for a metric or a debug log). */
  readonly onDuplicate?: (message: DeliveredMessage) => void;
}

/**
 * Wraps a handler so each message id is handled once: RabbitMQ delivers at least once (a redelivery after a lost
 * connection, a publish repeated after a lost confirm, an outbox relay that crashed before marking), so duplicates
 * are normal. The id is recorded after the handler succeeds: a crash in between means the handler runs again, never
 * that a message is lost.
 *
 * @example
 * const store = new InMemoryProcessedStore();
 * await bus.subscribe({ group: 'billing', topics: ['order.placed'] }, idempotent(chargeCustomer, { store }));
 */
export function idempotent(handler: MessageHandler, { store, onDuplicate }: IdempotentOptions): MessageHandler {
  // Two copies of one message can arrive together (a redelivery while the first copy is still running).
  const running = new Map<string, Promise<void>>();
  return async (message) => {
    const id = message.messageId;
    for (let earlier = running.get(id); earlier; earlier = running.get(id)) await earlier.catch(() => undefined);
    // No await between the check above and the set below, so a second copy always sees this one.
    const work = (async () => {
      if (await store.has(id)) {
        onDuplicate?.(message);
        return;
      }
      await handler(message);
      await store.add(id);
    })();
    running.set(id, work);
    try {
      await work;
    } finally {
      if (running.get(id) === work) running.delete(id);
    }
  };
}
