/**
 * Two copies of one `order.placed` running at once in two worker processes (a redelivery while the first copy is
 * still in hand), each behind its own idempotent consumer over the shared MongoDB store. Pauses are injected by
 * gating a collection call of one copy, never by timing.
 */
import type { Collection } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { idempotent } from '../../../chapters/06-microservices/idempotent-consumer.js';
import type { DeliveredMessage, MessageHandler } from '../../../chapters/06-microservices/messaging.port.js';
import { PRODUCTS_COLLECTION, type ProductDocument } from '../../../capstone/catalog/mongo-product.repository.js';
import { openOrders, type OrderDocument } from '../../../capstone/orders/mongo-order.store.js';
import { ORDER_PLACED } from '../../../capstone/orders/place-order.use-case.js';
import { createFulfilOrderHandler, type FulfilOrderDeps } from '../../../capstone/worker/fulfil-order.handler.js';
import { InlineInvoiceBuilder } from '../../../capstone/worker/invoice-builder.js';
import { MongoOrderClaimStore, type OrderClaimDocument } from '../../../capstone/worker/mongo-order-claim.store.js';
import { MongoProcessedMessageStore } from '../../../capstone/worker/mongo-processed-message.store.js';
import { useLiveDb } from '../../support/mongo.js';

const live = useLiveDb('fulfil_order');

interface Fixture {
  orders: Collection<OrderDocument>;
  products: Collection<ProductDocument>;
  claims: Collection<OrderClaimDocument>;
  /** One worker process: its own idempotent consumer over the shared processed-message store. */
  worker(overrides?: Partial<FulfilOrderDeps>): Promise<MessageHandler>;
}

let fixture: Fixture;
let group = 0;

beforeEach(async () => {
  const { db } = live();
  const orders = await openOrders(db);
  const products = db.collection<ProductDocument>(PRODUCTS_COLLECTION);
  const claims = await MongoOrderClaimStore.create(db);
  await orders.deleteMany({});
  await products.deleteMany({});
  await claims.collection.deleteMany({});
  const storeGroup = `fulfilment-${(group += 1)}`;
  fixture = {
    orders,
    products,
    claims: claims.collection,
    worker: async (overrides = {}) => {
      const handler = createFulfilOrderHandler({
        orders,
        products,
        claims,
        claimPollMs: 5,
        invoices: new InlineInvoiceBuilder(),
        taxRateBasisPoints: 2_000,
        onStockChanged: async () => {},
        ...overrides,
      });
      return idempotent(handler, { store: await MongoProcessedMessageStore.create(db, storeGroup) });
    },
  };
});

async function placeOrder(orderId: string, lines: readonly { productId: string; quantity: number }[]): Promise<DeliveredMessage> {
  const now = new Date();
  await fixture.orders.insertOne({
    _id: orderId,
    userId: 'user-1',
    idempotencyKey: orderId,
    requestHash: orderId,
    items: lines.map((line) => ({ productId: line.productId, name: line.productId, quantity: line.quantity, unitPriceCents: 100 })),
    status: 'pending',
    createdAt: now,
    updatedAt: now,
  });
  return { topic: ORDER_PLACED, payload: { orderId, userId: 'user-1' }, headers: {}, deliveryCount: 1, messageId: `placed-${orderId}`, correlationId: orderId, traceparent: undefined };
}

/** A promise and the function that settles it: a gate a paused copy waits on. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** The orders collection as one copy sees it: its first `findOne` answers, reports, then waits for the gate. */
function pausedAfterFirstRead(orders: Collection<OrderDocument>, reached: () => void, resume: Promise<void>): Collection<OrderDocument> {
  let paused = false;
  return new Proxy(orders, {
    get(target, property, receiver) {
      if (property !== 'findOne') return Reflect.get(target, property, receiver) as unknown;
      return async (...args: Parameters<Collection<OrderDocument>['findOne']>) => {
        const found = await target.findOne(...args);
        if (!paused) {
          paused = true;
          reached();
          await resume;
        }
        return found;
      };
    },
  });
}

/** Delivers until the copy is acknowledged, as the bus's retry policy would (a copy that finds the order busy retries). */
async function deliverUntilAcked(handler: MessageHandler, message: DeliveredMessage, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await handler({ ...message, deliveryCount: attempt });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

describe('fulfil order: two copies of one order.placed at once', () => {
  it('takes the stock once when copy B reads the order as pending, copy A then confirms and settles, and B goes on', async () => {
    await fixture.products.insertOne({ _id: 'p1', name: 'Lamp', priceCents: 100, stock: 10, createdAt: new Date() });
    const message = await placeOrder('o1', [{ productId: 'p1', quantity: 2 }]);
    const bReadTheOrder = gate();
    const resumeB = gate();
    const aFoundTheOrderBusy = gate();
    const copyA = await fixture.worker({ onClaimBusy: aFoundTheOrderBusy.open });
    const copyB = await fixture.worker({ orders: pausedAfterFirstRead(fixture.orders, bReadTheOrder.open, resumeB.promise) });

    const b = deliverUntilAcked(copyB, message);
    await bReadTheOrder.promise;
    const a = copyA(message).then(
      () => 'acked',
      () => 'failed',
    );
    // A runs as far as it can before B goes on: to the end, or until it finds B holding the order.
    await Promise.race([a, aFoundTheOrderBusy.promise]);
    resumeB.open();
    await b;
    if ((await a) === 'failed') await deliverUntilAcked(copyA, message); // the bus redelivers A's copy

    const product = await fixture.products.findOne({ _id: 'p1' });
    expect(product?.stock).toBe(8);
    expect(product?.reservations ?? []).toEqual([]);
    expect((await fixture.orders.findOne({ _id: 'o1' }))?.status).toBe('confirmed');
    expect(await fixture.claims.countDocuments()).toBe(0);
  });
});
