import { createHash, randomUUID } from 'node:crypto';
import { outboxEvent } from '../../chapters/06-microservices/mongo-outbox.js';
import type { MongoProductRepository } from '../catalog/mongo-product.repository.js';
import { IdempotencyKeyReusedError, UnknownProductError } from './order-errors.js';
import type { PlaceOrderBody } from './order.schemas.js';
import type { OrderRepository } from './order.repository.port.js';

/** The `order.placed` event: everything the worker needs, so it does not read the catalogue again. */
export interface OrderPlacedEvent {
  readonly orderId: string;
  readonly userId: string;
}

export const ORDER_PLACED = 'order.placed';
/** The api's outbox entries carry this publisher: the api's relay publishes them (the worker's relay publishes its own). */
export const API_PUBLISHER = 'orders-api';

export interface PlaceOrderInput {
  readonly userId: string;
  readonly idempotencyKey: string;
  readonly body: PlaceOrderBody;
  /** The caller's `traceparent` for the event, so the worker's logs continue the request's trace. */
  readonly traceparent?: string;
}

export interface PlaceOrderResult {
  readonly id: string;
  readonly status: 'pending';
  /** True when this was a retry answered from the order the key created first. */
  readonly replayed: boolean;
}

export type PlaceOrder = (input: PlaceOrderInput) => Promise<PlaceOrderResult>;

/** The body in one canonical form (keys sorted, ids lowercased), hashed: equal bodies give equal hashes. */
export function requestHash(body: PlaceOrderBody): string {
  const canonical = body.items.map((item) => [item.productId.toLowerCase(), item.quantity]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

// #region place-order
/**
 * Places an order: the order and its `order.placed` event are ONE document insert, so there is no moment where one
 * exists without the other. The unique `(userId, idempotencyKey)` index refuses a retry's insert, which then answers
 * with the first order instead of creating a second, even when two copies of the request race.
 *
 * @example
 * const placeOrder = createPlaceOrder({ orders, products });
 * const { id } = await placeOrder({ userId, idempotencyKey: 'b7c1...', body: { items: [{ productId, quantity: 1 }] } });
 */
export function createPlaceOrder(deps: {
  orders: OrderRepository;
  products: Pick<MongoProductRepository, 'findMany'>;
  now?: () => Date;
  newId?: () => string;
  /** The order and its event were written: wake the api's outbox relay (`OutboxRelay.notify`). */
  onEventWritten?: () => void;
}): PlaceOrder {
  const now = deps.now ?? ((): Date => new Date());
  const newId = deps.newId ?? randomUUID;

  async function replay(userId: string, idempotencyKey: string, hash: string): Promise<PlaceOrderResult | undefined> {
    const existing = await deps.orders.findByIdempotencyKey(userId, idempotencyKey);
    if (!existing) return undefined;
    if (existing.requestHash !== hash) throw new IdempotencyKeyReusedError();
    // The same answer as the first time, whatever the order's status is now.
    return { id: existing.id, status: 'pending', replayed: true };
  }

  return async function placeOrder(input) {
    const hash = requestHash(input.body);
    // Insert first and look the key up only when the unique index says it was used: a new order (the common case)
    // costs no lookup, and a retry still gets the first answer.
    const ids = input.body.items.map((item) => item.productId.toLowerCase());
    const products = await deps.products.findMany(ids);
    const missing = ids.filter((id) => !products.has(id));
    if (missing.length > 0) {
      // A retry of an order whose product was removed since still gets the first answer.
      const earlier = await replay(input.userId, input.idempotencyKey, hash);
      if (earlier) return earlier;
      throw new UnknownProductError(missing);
    }

    const at = now();
    const id = newId();
    const items = input.body.items.map((item) => {
      const product = products.get(item.productId.toLowerCase());
      if (!product) throw new UnknownProductError([item.productId]); // checked above; keeps the types honest
      return { productId: product.id, name: product.name, quantity: item.quantity, unitPriceCents: product.priceCents };
    });
    const event: OrderPlacedEvent = { orderId: id, userId: input.userId };
    const stored = await deps.orders.insert({
      id,
      userId: input.userId,
      idempotencyKey: input.idempotencyKey,
      requestHash: hash,
      items,
      status: 'pending',
      createdAt: at,
      updatedAt: at,
      outbox: [
        outboxEvent(
          {
            topic: ORDER_PLACED,
            payload: event,
            correlationId: id,
            publisher: API_PUBLISHER,
            ...(input.traceparent ? { traceparent: input.traceparent } : {}),
          },
          now,
        ),
      ],
    });
    if (stored === 'duplicate') {
      // The key was used before (a retry), or another copy of this request won the race: answer as it did.
      const raced = await replay(input.userId, input.idempotencyKey, hash);
      if (raced) return raced;
      throw new Error(`order ${id}: the idempotency index refused the insert, yet no order holds the key`);
    }
    deps.onEventWritten?.();
    return { id, status: 'pending', replayed: false };
  };
}
// #endregion place-order
