import type { OutboxEvent } from '../../chapters/06-microservices/mongo-outbox.js';
import type { Invoice } from './invoice.js';
import type { OrderStatus } from './order.schemas.js';

/** One line, with the name and price as they were when the order was placed: a later price change does not move it. */
export interface OrderLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/** An order as the use cases and routes see it: no storage fields (`_id`, the outbox). */
export interface Order {
  readonly id: string;
  readonly userId: string;
  /** With `userId`, unique: the same key from the same user always finds this order. */
  readonly idempotencyKey: string;
  /** SHA-256 of the canonical body, to tell a retry from a different request under a reused key. */
  readonly requestHash: string;
  readonly items: readonly OrderLine[];
  readonly status: OrderStatus;
  readonly reason?: string;
  readonly invoice?: Invoice;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A new order with the events written in the same insert (Chapter 6's outbox): both exist, or neither. */
export interface NewOrder extends Order {
  readonly outbox: readonly OutboxEvent[];
}

// #region port
/**
 * What placing and reading orders needs from storage. The use case and the router talk to this port; the MongoDB
 * adapter (`MongoOrderRepository`) is chosen by the composition root, and a test may hand in another.
 */
export interface OrderRepository {
  /** The order this user placed under this idempotency key, if any (enough of it to answer a retry). */
  findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<Pick<Order, 'id' | 'requestHash'> | undefined>;
  /** Stores a new order; `duplicate` when the user already has one under its key (a concurrent copy won the race). */
  insert(order: NewOrder): Promise<'inserted' | 'duplicate'>;
  /** The order if it exists and belongs to this user; someone else's order is as absent as a missing one. */
  findOwned(id: string, userId: string): Promise<Order | undefined>;
}
// #endregion port
