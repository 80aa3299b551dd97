import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import { outboxEvent, withOutbox, type OutboxDocument } from './mongo-outbox.js';
import { MessagingError } from './messaging-error.js';

/**
 * An order as stored: its own fields and the events it has not published yet (the outbox) in one document, so one
 * write changes both. Defined once here; the capstone stores its orders as `OrderDocument<its fields>`.
 */
export type OrderDocument<Fields extends { status: string } = ExampleOrderFields> = OutboxDocument & {
  _id: string;
} & Fields;

/** The worked example's order fields. */
export interface ExampleOrderFields {
  customerId: string;
  totalCents: number;
  status: 'placed' | 'cancelled';
}

export interface OrderPlaced {
  readonly orderId: string;
  readonly customerId: string;
  readonly totalCents: number;
}

/** Cancelling an order that is not in the `placed` state. */
export class OrderNotCancellableError extends MessagingError {
  readonly code = 'ORDER_NOT_CANCELLABLE';
}

/**
 * Use cases that change an order and record the matching event in the same write. Nothing is published here: the
 * outbox relay does that, so a broker outage never fails (or half-completes) an order.
 */
export class OrderService {
  constructor(private readonly orders: Collection<OrderDocument>) {}

  /** Inserts the order together with its `order.placed` event: one document, one write. */
  async placeOrder(input: {
    customerId: string;
    totalCents: number;
    correlationId?: string;
    traceparent?: string;
  }): Promise<string> {
    const orderId = randomUUID();
    const payload: OrderPlaced = { orderId, customerId: input.customerId, totalCents: input.totalCents };
    await this.orders.insertOne({
      _id: orderId,
      customerId: input.customerId,
      totalCents: input.totalCents,
      status: 'placed',
      outbox: [
        outboxEvent({
          topic: 'order.placed',
          payload,
          correlationId: input.correlationId ?? orderId,
          ...(input.traceparent ? { traceparent: input.traceparent } : {}),
        }),
      ],
    });
    return orderId;
  }

  /** Changes the status and appends `order.cancelled` in one conditional update. */
  async cancelOrder(orderId: string, reason: string): Promise<void> {
    const result = await this.orders.updateOne(
      { _id: orderId, status: 'placed' },
      withOutbox<OrderDocument>(
        { $set: { status: 'cancelled' } },
        outboxEvent({ topic: 'order.cancelled', payload: { orderId, reason }, correlationId: orderId }),
      ),
    );
    if (result.matchedCount === 0) {
      throw new OrderNotCancellableError(
        `order ${orderId} cannot be cancelled: it does not exist or is not in the "placed" state`,
      );
    }
  }
}
