import { randomUUID } from 'node:crypto';
import type { Collection, Document, UpdateFilter } from 'mongodb';
import type { OutgoingMessage } from './messaging.port.js';

/**
 * An event waiting to be published, stored inside the document whose change caused it. Its `messageId` is fixed
 * when the change is written, so every re-send carries the same id and consumers can deduplicate.
 */
export interface OutboxEvent {
  readonly messageId: string;
  readonly topic: string;
  readonly payload: unknown;
  readonly correlationId?: string;
  readonly traceparent?: string;
  /**
   * The service whose relay publishes this event: the one that wrote it. Where two services write events into the
   * same documents (the api places an order, the worker confirms it), each relay publishes only its own service's.
   */
  readonly publisher?: string;
  readonly createdAt: Date;
}

/** Any document that can carry pending events. */
export interface OutboxDocument extends Document {
  outbox?: OutboxEvent[];
}

/** Makes the outbox entry for a message: the id is chosen now, once. */
export function outboxEvent(
  message: Omit<OutgoingMessage, 'headers'> & { readonly publisher?: string },
  now: () => Date = () => new Date(),
): OutboxEvent {
  return {
    messageId: message.messageId ?? randomUUID(),
    topic: message.topic,
    payload: message.payload,
    ...(message.correlationId === undefined ? {} : { correlationId: message.correlationId }),
    ...(message.traceparent === undefined ? {} : { traceparent: message.traceparent }),
    ...(message.publisher === undefined ? {} : { publisher: message.publisher }),
    createdAt: now(),
  };
}

/**
 * Adds pending events to an update, so the state change and its events are ONE document write: MongoDB applies a
 * single-document update atomically, which is all the outbox needs (no multi-document transaction).
 *
 * @example
 * await orders.updateOne({ _id: id, status: 'placed' }, withOutbox({ $set: { status: 'cancelled' } }, outboxEvent({ topic: 'order.cancelled', payload: { id } })));
 */
export function withOutbox<T extends OutboxDocument>(
  update: UpdateFilter<T>,
  ...events: OutboxEvent[]
): UpdateFilter<T> {
  const push = { ...(update.$push as Document | undefined), outbox: { $each: events } };
  // The driver cannot type `$push` on a field of a generic T; the shape is checked by OutboxDocument instead.
  return { ...update, $push: push } as unknown as UpdateFilter<T>;
}

/** The filter that finds documents with events still to publish. */
export const HAS_PENDING_EVENTS = { 'outbox.0': { $exists: true } } as const;

/** Documents with events still to publish by `publisher` (any publisher when omitted). */
export function pendingEventsOf(publisher: string | undefined): Document {
  return publisher === undefined ? HAS_PENDING_EVENTS : { 'outbox.publisher': publisher };
}

/** Whether `publisher`'s relay publishes this entry (every entry when no publisher is named). */
export function isPublishedBy(event: OutboxEvent, publisher: string | undefined): boolean {
  return publisher === undefined || event.publisher === publisher;
}

/** The index a relay of one publisher needs to find its pending documents without a collection scan. */
export async function ensurePublisherIndex<T extends OutboxDocument>(collection: Collection<T>): Promise<void> {
  await collection.createIndex({ 'outbox.publisher': 1 }, { sparse: true, name: 'outbox_publisher' });
}

/** An outbox entry as the message the bus publishes. */
export function toOutgoingMessage(event: OutboxEvent): OutgoingMessage {
  return {
    topic: event.topic,
    payload: event.payload,
    messageId: event.messageId,
    ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId }),
    ...(event.traceparent === undefined ? {} : { traceparent: event.traceparent }),
  };
}
