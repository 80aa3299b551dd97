import type { Collection, Db } from 'mongodb';
import type { OrderDocument } from '../../chapters/06-microservices/orders.js';
import type { Invoice } from './invoice.js';
import type { OrderStatus } from './order.schemas.js';
import type { OrderLine } from './order.repository.port.js';

/** The capstone's order fields; stored as Chapter 6's `OrderDocument`, with the outbox in the same document. */
export interface StoredOrderFields {
  userId: string;
  /** With `userId`, unique: the same key from the same user always finds this order. */
  idempotencyKey: string;
  /** SHA-256 of the canonical body, to tell a retry from a different request under a reused key. */
  requestHash: string;
  items: OrderLine[];
  status: OrderStatus;
  reason?: string;
  invoice?: Invoice;
  /** While a worker handles the order: which message, its holder's token, and when a dead holder's claim lapses. */
  claim?: { messageId: string; token: string; expiresAt: Date };
  createdAt: Date;
  updatedAt: Date;
}

/** An order as the capstone stores it. */
export type StoredOrder = OrderDocument<StoredOrderFields>;

export const ORDERS_COLLECTION = 'orders';
export const IDEMPOTENCY_INDEX = 'user_idempotency_key_unique';

/** Opens the orders collection with its indexes (idempotent). */
export async function openOrders(db: Db): Promise<Collection<StoredOrder>> {
  const orders = db.collection<StoredOrder>(ORDERS_COLLECTION);
  await orders.createIndex({ userId: 1, idempotencyKey: 1 }, { unique: true, name: IDEMPOTENCY_INDEX });
  // The relay looks for documents with pending events; a sparse index on the first entry keeps that cheap.
  await orders.createIndex({ 'outbox.0.messageId': 1 }, { sparse: true, name: 'outbox_pending' });
  return orders;
}
