import type { Collection } from 'mongodb';
import { UnprocessableMessageError } from '../../chapters/06-microservices/messaging-error.js';
import { outboxEvent, withOutbox } from '../../chapters/06-microservices/mongo-outbox.js';
import type { DeliveredMessage } from '../../chapters/06-microservices/messaging.port.js';
import type { ProductDocument } from '../catalog/mongo-product.repository.js';
import type { OrderDocument } from '../orders/mongo-order.store.js';
import type { OrderPlacedEvent } from '../orders/place-order.use-case.js';
import type { InvoiceBuilder } from './invoice-builder.js';
import { releaseStock, reserveStock, settleReservation } from './stock-reservation.js';

export const ORDER_CONFIRMED = 'order.confirmed';
export const ORDER_REJECTED = 'order.rejected';

/** What the customer is told, as the notification event carries it. */
export interface OrderOutcomeEvent {
  readonly orderId: string;
  readonly userId: string;
  readonly status: 'confirmed' | 'rejected';
  readonly totalCents?: number;
  readonly reason?: string;
}

export interface FulfilOrderDeps {
  readonly orders: Collection<OrderDocument>;
  readonly products: Collection<ProductDocument>;
  readonly invoices: InvoiceBuilder;
  readonly taxRateBasisPoints: number;
  /** Stock changed: drop cached lists and these products in every API instance. */
  readonly onStockChanged: (productIds: readonly string[]) => Promise<void>;
  readonly onOutcome?: (status: 'confirmed' | 'rejected') => void;
  readonly now?: () => Date;
}

function orderPlacedPayload(message: DeliveredMessage): OrderPlacedEvent {
  const payload = message.payload as Partial<OrderPlacedEvent> | null;
  if (typeof payload?.orderId !== 'string' || typeof payload.userId !== 'string') {
    throw new UnprocessableMessageError(`order.placed ${message.messageId} has no orderId/userId; it can never succeed`);
  }
  return { orderId: payload.orderId, userId: payload.userId };
}

// #region handler
/**
 * Handles `order.placed`: reserve stock, build the invoice, then record the outcome and the customer's notification
 * in ONE conditional write on the order (its status moves from `pending` exactly once). Only then does the handler
 * resolve, which is when the bus acknowledges: a crash anywhere before means a redelivery, and every step is safe
 * to repeat.
 */
export function createFulfilOrderHandler(deps: FulfilOrderDeps): (message: DeliveredMessage) => Promise<void> {
  const now = deps.now ?? ((): Date => new Date());
  return async (message) => {
    const { orderId } = orderPlacedPayload(message);
    const order = await deps.orders.findOne({ _id: orderId });
    if (!order) throw new UnprocessableMessageError(`order ${orderId} does not exist`);
    if (order.status !== 'pending') return; // already decided: a redelivery, nothing left to do

    const productIds = order.items.map((item) => item.productId);
    const reservation = await reserveStock(deps.products, orderId, order.items);
    const at = now();
    if (!reservation.ok) {
      await decide(order, { $set: { status: 'rejected', reason: reservation.reason, updatedAt: at } }, { status: 'rejected', reason: reservation.reason });
      deps.onOutcome?.('rejected');
      return;
    }
    let invoice;
    try {
      invoice = await deps.invoices.build({ orderId, items: order.items, taxRateBasisPoints: deps.taxRateBasisPoints, issuedAt: at.toISOString() });
    } catch (error) {
      await releaseStock(deps.products, orderId, order.items); // give the stock back before the retry takes it again
      throw error;
    }
    const decided = await decide(order, { $set: { status: 'confirmed', invoice, updatedAt: at } }, { status: 'confirmed', totalCents: invoice.totalCents });
    if (decided) {
      await settleReservation(deps.products, orderId, productIds);
      await deps.onStockChanged(productIds);
      deps.onOutcome?.('confirmed');
    }
  };

  async function decide(order: OrderDocument, update: { $set: Partial<OrderDocument> }, outcome: Omit<OrderOutcomeEvent, 'orderId' | 'userId'>): Promise<boolean> {
    const payload: OrderOutcomeEvent = { orderId: order._id, userId: order.userId, ...outcome };
    const event = outboxEvent({ topic: outcome.status === 'confirmed' ? ORDER_CONFIRMED : ORDER_REJECTED, payload, correlationId: order._id }, now);
    const result = await deps.orders.updateOne({ _id: order._id, status: 'pending' }, withOutbox<OrderDocument>(update, event));
    return result.modifiedCount === 1;
  }
}
// #endregion handler
