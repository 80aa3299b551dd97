import type { AnyBulkWriteOperation, Collection, Db, Filter, UpdateFilter } from 'mongodb';
import { errorText } from './delivery-policy.js';
import { MongoLease } from './mongo-lease.js';
import {
  isPublishedBy,
  pendingEventsOf,
  toOutgoingMessage,
  type OutboxDocument,
  type OutboxEvent,
} from './mongo-outbox.js';
import type { EventBus } from './messaging.port.js';

/** What the relay needs from a lease: `MongoLease` in production, anything with the same two calls in a test. */
export interface RelayLease {
  /** Takes or renews the lease when needed; answers whether this relay holds it now. */
  hold(): Promise<boolean>;
  release(): Promise<void>;
}

export interface OutboxRelayOptions<T extends OutboxDocument> {
  readonly collection: Collection<T>;
  readonly bus: EventBus;
  /** Publish only the entries this service wrote (`OutboxEvent.publisher`). Omitted: every entry. */
  readonly publisher?: string;
  /** Only the holder publishes: one relay per (collection, publisher) at a time, however many replicas run. */
  readonly lease?: RelayLease;
  /** Documents read per pass (default 100). */
  readonly batchSize?: number;
  /** Pause between passes when nothing woke the relay (default 500 ms): the fallback for writes by other processes. */
  readonly idleMs?: number;
  readonly log?: (line: string) => void;
}

/** The update that removes these entries from a document's outbox (the driver cannot type `$pull` on a generic). */
function removeEvents(messageIds: string[]): UpdateFilter<OutboxDocument> {
  return { $pull: { outbox: { messageId: { $in: messageIds } } } } as unknown as UpdateFilter<OutboxDocument>;
}

/** The lease a relay of `publisher` on `collection` holds: one name per (collection, publishing service). */
export function relayLease(
  db: Db,
  collection: { readonly collectionName: string },
  publisher: string,
  options: { ttlMs?: number; now?: () => Date } = {},
): MongoLease {
  return new MongoLease({ db, name: `outbox-relay:${collection.collectionName}:${publisher}`, ...options });
}

/**
 * Publishes the events waiting in documents' `outbox` arrays and removes them once the broker confirmed them. A pass
 * publishes a whole batch with its confirms in flight together (events of one document stay in order), then removes
 * every confirmed entry with ONE bulk write. A crash between a confirm and that write means the event is sent again,
 * with the same message id: a duplicate the idempotent consumer drops, never a loss.
 *
 * The writer calls `notify()` after writing an event, so the relay starts a pass at once; polling every `idleMs`
 * remains for events written by other processes. With a `lease`, only the holder publishes.
 *
 * @example
 * const relay = new OutboxRelay({ collection: orders, bus, publisher: 'orders-api', lease: relayLease(db, orders, 'orders-api') });
 * relay.start();
 * await orders.insertOne(orderWithItsEvent);
 * relay.notify();
 * // ... on shutdown:
 * await relay.close();
 */
export class OutboxRelay<T extends OutboxDocument> {
  readonly #collection: Collection<OutboxDocument>;
  readonly #bus: EventBus;
  readonly #publisher: string | undefined;
  readonly #lease: RelayLease | undefined;
  readonly #batchSize: number;
  readonly #idleMs: number;
  readonly #log: (line: string) => void;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<unknown> | undefined;
  #started = false;
  #stopped = false;
  /** A write was notified while a pass ran: run another pass right after it. */
  #wokenDuringPass = false;
  /** Whether the last pass held the lease; a relay that does not ignores `notify()` and keeps polling. */
  #holding = true;

  constructor(options: OutboxRelayOptions<T>) {
    this.#collection = options.collection as unknown as Collection<OutboxDocument>;
    this.#bus = options.bus;
    this.#publisher = options.publisher;
    this.#lease = options.lease;
    this.#batchSize = options.batchSize ?? 100;
    this.#idleMs = options.idleMs ?? 500;
    this.#log = options.log ?? ((line) => console.log(line));
  }

  // #region relay-once
  /** One pass: publishes what is pending now (if this relay holds the lease). Returns how many events it sent. */
  async relayOnce(): Promise<number> {
    this.#holding = this.#lease ? await this.#lease.hold() : true;
    if (!this.#holding) return 0;
    const documents = await this.#collection
      .find(pendingEventsOf(this.#publisher) as Filter<OutboxDocument>, { projection: { outbox: 1 } })
      .limit(this.#batchSize)
      .toArray();
    const failures: unknown[] = [];
    // Documents in parallel, so every confirm of the batch is awaited at once; each document's events in order.
    const confirmed = await Promise.all(
      documents.map(async (document) => {
        const sent: string[] = [];
        try {
          for (const event of this.#mine(document.outbox)) {
            await this.#bus.publish(toOutgoingMessage(event)); // resolves on the broker's confirm
            sent.push(event.messageId);
          }
        } catch (error) {
          failures.push(error); // this document's later events wait for the next pass, keeping their order
        }
        return { _id: document._id, sent };
      }),
    );
    const removals: AnyBulkWriteOperation<OutboxDocument>[] = confirmed
      .filter(({ sent }) => sent.length > 0)
      .map(({ _id, sent }) => ({ updateOne: { filter: { _id }, update: removeEvents(sent) } }));
    if (removals.length > 0) await this.#collection.bulkWrite(removals, { ordered: false });
    if (failures.length > 0) throw failures[0];
    return confirmed.reduce((sum, { sent }) => sum + sent.length, 0);
  }
  // #endregion relay-once

  /**
   * Tells a started relay that an event was just written, so it publishes now instead of at its next poll. Cheap
   * and safe to call after every write: calls during a pass coalesce into one more pass.
   */
  notify(): void {
    if (!this.#started || this.#stopped || !this.#holding) return;
    if (this.#pass) {
      this.#wokenDuringPass = true;
    } else if (this.#timer) {
      clearTimeout(this.#timer);
      this.#loop();
    }
  }

  /** Runs passes until `close()`: again at once after a full batch or a `notify()`, after `idleMs` otherwise. */
  start(): void {
    if (this.#stopped || this.#started) return;
    this.#started = true;
    this.#loop();
  }

  /**
   * Stops, waits for the pass in progress, and gives the lease up so another replica takes over at once. When
   * MongoDB cannot be reached to give it up, closing still succeeds: the lease runs out by itself after its TTL.
   */
  async close(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#pass;
    await this.#lease?.release().catch((error: unknown) => {
      this.#log(`outbox relay: could not give the lease up (it expires by itself): ${errorText(error)}`);
    });
  }

  #loop(): void {
    this.#timer = undefined;
    this.#wokenDuringPass = false;
    this.#pass = this.relayOnce().then(
      (sent) => this.#schedule(sent >= this.#batchSize || this.#wokenDuringPass ? 0 : this.#idleMs),
      (error: unknown) => {
        this.#log(`outbox relay: pass failed, retrying in ${this.#idleMs} ms: ${errorText(error)}`);
        this.#schedule(this.#idleMs);
      },
    );
  }

  #schedule(delayMs: number): void {
    this.#pass = undefined;
    if (!this.#stopped) this.#timer = setTimeout(() => this.#loop(), delayMs);
  }

  *#mine(outbox: readonly OutboxEvent[] | undefined): Iterable<OutboxEvent> {
    for (const event of outbox ?? []) if (isPublishedBy(event, this.#publisher)) yield event;
  }
}
