import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import { UnprocessableMessageError } from '../../chapters/06-microservices/messaging-error.js';
import { outboxEvent, withOutbox } from '../../chapters/06-microservices/mongo-outbox.js';
import type { DeliveredMessage } from '../../chapters/06-microservices/messaging.port.js';
import type { ProductDocument } from '../catalog/mongo-product.repository.js';
import type { StoredOrder } from '../orders/mongo-order.store.js';
import type { InvoiceBuilder } from '../orders/invoice-builder.js';
import { claimedBy, type OrderClaim, type OrderClaims } from './order-claim.js';
import { orderPlacedEventSchema, parsePayload, type OrderOutcomeEvent } from './order-event.schemas.js';
import { releaseStock, reserveStock, settleReservation } from './stock-reservation.js';

export const ORDER_CONFIRMED = 'order.confirmed';
export const ORDER_REJECTED = 'order.rejected';
/** The worker's outbox entries carry this publisher: the worker's own relay publishes them, straight to their consumers. */
export const WORKER_PUBLISHER = 'orders-worker';

/** What the handler decided, before the order's ids are added to make the notification event. */
type Outcome =
  | { readonly status: 'confirmed'; readonly totalCents: number }
  | { readonly status: 'rejected'; readonly reason: string };

export interface FulfilOrderDeps {
  readonly orders: Collection<StoredOrder>;
  readonly products: Collection<ProductDocument>;
  /** Per-order claims: one copy of a message works on an order at a time, across processes. */
  readonly claims: OrderClaims;
  readonly invoices: InvoiceBuilder;
  readonly taxRateBasisPoints: number;
  /**
   * Stock changed: drop cached lists and these products in every API instance. Awaited before the order is decided,
   * so whoever sees the order confirmed reads the stock it took.
   */
  readonly onStockChanged: (productIds: readonly string[]) => Promise<void>;
  readonly onOutcome?: (status: 'confirmed' | 'rejected') => void;
  readonly now?: () => Date;
  /** Another copy holds the order's claim; this one waits for it to be released or to expire. */
  readonly onClaimBusy?: (orderId: string) => void;
  /** How often a waiting copy looks at the claim again (default 100 ms). */
  readonly claimPollMs?: number;
  /** An outcome event was written to the order's outbox: wake the worker's relay (`OutboxRelay.notify`). */
  readonly onEventWritten?: () => void;
  /** The order was decided before this copy arrived (a redelivery or a duplicate publish): nothing was done. */
  readonly onAlreadyDecided?: () => void;
  /**
   * Removes a decided order's reservation marks (default: at once, one write an order). The worker hands in
   * `ReservationSettler.settle`, which batches them.
   */
  readonly settle?: (orderId: string, productIds: readonly string[]) => void | Promise<void>;
}

// #region handler
/**
 * Handles `order.placed`: take the order's claim, reserve stock, build the invoice, then record the outcome and the
 * customer's notification in ONE conditional write on the order (its status moves from `pending` exactly once).
 * Only then does the handler resolve, which is when the bus acknowledges: a crash anywhere before means a
 * redelivery, and every step is safe to repeat. The claim is what makes two copies running at once safe: the order
 * is read only under it, so a copy that arrives after another settled sees the order decided and takes nothing.
 */
export function createFulfilOrderHandler(deps: FulfilOrderDeps): (message: DeliveredMessage) => Promise<void> {
  const now = deps.now ?? ((): Date => new Date());
  const settle = deps.settle ?? ((orderId, productIds) => settleReservation(deps.products, orderId, productIds));
  return async (message) => {
    const { orderId } = parsePayload(orderPlacedEventSchema, message);
    const claimed = await claimOrder(orderId, message.messageId);
    if (!claimed) return;
    let decided = false;
    try {
      decided = await fulfil(claimed.order, claimed.claim);
    } finally {
      if (!decided) await deps.claims.release(claimed.claim); // the deciding write removed it otherwise
    }
  };

  /**
   * Takes the order's claim, reading the order in the same write. Waits while a live copy holds it; a dead holder's
   * claim is taken over once it expires. Answers `undefined` when the order was decided before this copy arrived.
   */
  async function claimOrder(
    orderId: string,
    messageId: string,
  ): Promise<{ claim: OrderClaim; order: StoredOrder } | undefined> {
    for (;;) {
      const attempt = await deps.claims.take(orderId, messageId, now());
      switch (attempt.kind) {
        case 'claimed':
          return attempt;
        case 'missing':
          throw new UnprocessableMessageError(`order ${orderId} does not exist`);
        case 'decided':
          deps.onAlreadyDecided?.(); // a redelivery or a duplicate publish: nothing left to do
          return undefined;
        case 'busy':
          deps.onClaimBusy?.(orderId);
          await sleep(deps.claimPollMs ?? 100);
      }
    }
  }

  /** Reserves, invoices and records the outcome; answers whether this copy's write decided the order. */
  async function fulfil(order: StoredOrder, claim: OrderClaim): Promise<boolean> {
    const orderId = order._id;
    const productIds = order.items.map((item) => item.productId);
    const reservation = await reserveStock(deps.products, orderId, order.items);
    const at = now();
    if (!reservation.ok) {
      const decided = await decide(
        order,
        claim,
        { $set: { status: 'rejected', reason: reservation.reason, updatedAt: at } },
        { status: 'rejected', reason: reservation.reason },
      );
      if (decided) deps.onOutcome?.('rejected');
      return decided;
    }
    let invoice;
    try {
      // The invoice is built while the caches learn the stock changed: both before the order can show as confirmed.
      [invoice] = await Promise.all([
        deps.invoices.build({
          orderId,
          items: order.items,
          taxRateBasisPoints: deps.taxRateBasisPoints,
          issuedAt: at.toISOString(),
        }),
        deps.onStockChanged(productIds),
      ]);
    } catch (error) {
      await releaseStock(deps.products, orderId, order.items); // give the stock back before the retry takes it again
      await deps.onStockChanged(productIds);
      throw error;
    }
    const decided = await decide(
      order,
      claim,
      { $set: { status: 'confirmed', invoice, updatedAt: at } },
      { status: 'confirmed', totalCents: invoice.totalCents },
    );
    if (decided) {
      await settle(orderId, productIds);
      deps.onOutcome?.('confirmed');
    }
    return decided;
  }

  /** One write: the outcome, the notification event, and the claim gone; only while this copy holds the claim. */
  async function decide(
    order: StoredOrder,
    claim: OrderClaim,
    update: { $set: Partial<StoredOrder> },
    outcome: Outcome,
  ): Promise<boolean> {
    const payload: OrderOutcomeEvent = { orderId: order._id, userId: order.userId, ...outcome };
    const topic = outcome.status === 'confirmed' ? ORDER_CONFIRMED : ORDER_REJECTED;
    const event = outboxEvent({ topic, payload, correlationId: order._id, publisher: WORKER_PUBLISHER }, now);
    const result = await deps.orders.updateOne(
      { _id: order._id, status: 'pending', ...claimedBy(claim) },
      withOutbox<StoredOrder>({ ...update, $unset: { claim: '' } }, event),
    );
    if (result.modifiedCount !== 1) return false;
    deps.onEventWritten?.();
    return true;
  }
}
// #endregion handler
