import type { Collection, Filter, UpdateFilter } from 'mongodb';
import { errorText } from './delivery-policy.js';
import { HAS_PENDING_EVENTS, toOutgoingMessage, type OutboxDocument } from './mongo-outbox.js';
import type { EventBus } from './messaging.port.js';

export interface OutboxRelayOptions<T extends OutboxDocument> {
  readonly collection: Collection<T>;
  readonly bus: EventBus;
  /** Documents read per pass (default 50). */
  readonly batchSize?: number;
  /** Pause between passes that found nothing to do (default 500 ms). */
  readonly idleMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Publishes the events waiting in documents' `outbox` arrays, one confirmed publish at a time, removing each entry
 * only after the broker confirmed it. A crash between the publish and the removal means the event is sent again on
 * the next pass with the same message id: a duplicate the idempotent consumer drops, never a loss.
 *
 * @example
 * const relay = new OutboxRelay({ collection: orders, bus });
 * relay.start();
 * // ... on shutdown:
 * await relay.close();
 */
export class OutboxRelay<T extends OutboxDocument> {
  readonly #collection: Collection<OutboxDocument>;
  readonly #bus: EventBus;
  readonly #batchSize: number;
  readonly #idleMs: number;
  readonly #log: (line: string) => void;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<unknown> | undefined;
  #stopped = false;

  constructor(options: OutboxRelayOptions<T>) {
    this.#collection = options.collection as unknown as Collection<OutboxDocument>;
    this.#bus = options.bus;
    this.#batchSize = options.batchSize ?? 50;
    this.#idleMs = options.idleMs ?? 500;
    this.#log = options.log ?? ((line) => console.log(line));
  }

  // #region relay-once
  /** One pass: publishes what is pending now, in order within each document. Returns how many events it sent. */
  async relayOnce(): Promise<number> {
    const documents = await this.#collection
      .find(HAS_PENDING_EVENTS as Filter<OutboxDocument>, { projection: { outbox: 1 } })
      .limit(this.#batchSize)
      .toArray();
    let sent = 0;
    for (const document of documents) {
      for (const event of document.outbox ?? []) {
        if (this.#stopped) return sent;
        await this.#bus.publish(toOutgoingMessage(event)); // resolves on the broker's confirm
        const markSent = { $pull: { outbox: { messageId: event.messageId } } } as unknown as UpdateFilter<OutboxDocument>;
        await this.#collection.updateOne({ _id: document._id }, markSent);
        sent += 1;
      }
    }
    return sent;
  }
  // #endregion relay-once

  /** Polls until `close()`: immediately again after a busy pass, after `idleMs` when idle or after an error. */
  start(): void {
    if (this.#stopped || this.#timer || this.#pass) return;
    const loop = (): void => {
      this.#timer = undefined;
      this.#pass = this.relayOnce().then(
        (sent) => this.#schedule(loop, sent > 0 ? 0 : this.#idleMs),
        (error: unknown) => {
          this.#log(`outbox relay: pass failed, retrying in ${this.#idleMs} ms: ${errorText(error)}`);
          this.#schedule(loop, this.#idleMs);
        },
      );
    };
    loop();
  }

  /** Stops polling and waits for the pass in progress. */
  async close(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#pass;
  }

  #schedule(loop: () => void, delayMs: number): void {
    this.#pass = undefined;
    if (!this.#stopped) this.#timer = setTimeout(loop, delayMs);
  }
}
