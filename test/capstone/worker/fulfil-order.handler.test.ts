/**
 * Two copies of one `order.placed` running at once in two worker processes (a redelivery while the first copy is
 * still in hand), each behind its own idempotent consumer over the shared MongoDB store. Pauses are injected by
 * gating a collection call of one copy, never by timing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedDelayRetry } from '../../../chapters/06-microservices/delivery-policy.js';
import { idempotent } from '../../../chapters/06-microservices/idempotent-consumer.js';
import type { DeliveredMessage, MessageHandler } from '../../../chapters/06-microservices/messaging.port.js';
import { PRODUCTS_COLLECTION, type ProductDocument } from '../../../capstone/catalog/mongo-product.repository.js';
import { openOrders, type StoredOrder } from '../../../capstone/orders/mongo-order.store.js';
import { ORDER_PLACED } from '../../../capstone/orders/place-order.use-case.js';
import { createFulfilOrderHandler, type FulfilOrderDeps } from '../../../capstone/worker/fulfil-order.handler.js';
import { InlineInvoiceBuilder } from '../../../capstone/orders/invoice-builder.js';
import { OrderClaims } from '../../../capstone/worker/order-claim.js';
import { ReservationSettler } from '../../../capstone/worker/reservation-settler.js';
import { MongoProcessedMessageStore } from '../../../capstone/worker/mongo-processed-message.store.js';
import { busTargets } from '../../support/bus-targets.js';
import { useLiveDb } from '../../support/mongo.js';
import { slowDeadline, slowTimeout } from '../../support/slow-tests.js';

const live = useLiveDb('fulfil_order');

interface Fixture {
  orders: Collection<StoredOrder>;
  products: Collection<ProductDocument>;
  /** Orders a worker still holds a claim on: none once every copy is done. */
  claimed(): Promise<number>;
  /** One worker process: its own idempotent consumer over the shared processed-message store. */
  worker(overrides?: Partial<FulfilOrderDeps>): Promise<MessageHandler>;
}

let fixture: Fixture;
let group = 0;

beforeEach(async () => {
  const { db } = live();
  const orders = await openOrders(db);
  const products = db.collection<ProductDocument>(PRODUCTS_COLLECTION);
  await orders.deleteMany({});
  await products.deleteMany({});
  const storeGroup = `fulfilment-${(group += 1)}`;
  fixture = {
    orders,
    products,
    claimed: () => orders.countDocuments({ claim: { $exists: true } }),
    worker: async (overrides = {}) => {
      const handler = createFulfilOrderHandler({
        orders,
        products,
        claims: new OrderClaims(overrides.orders ?? orders),
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

async function placeOrder(
  orderId: string,
  lines: readonly { productId: string; quantity: number }[],
): Promise<DeliveredMessage> {
  const now = new Date();
  await fixture.orders.insertOne({
    _id: orderId,
    userId: 'user-1',
    idempotencyKey: orderId,
    requestHash: orderId,
    items: lines.map((line) => ({
      productId: line.productId,
      name: line.productId,
      quantity: line.quantity,
      unitPriceCents: 100,
    })),
    status: 'pending',
    createdAt: now,
    updatedAt: now,
  });
  return {
    topic: ORDER_PLACED,
    payload: { orderId, userId: 'user-1' },
    headers: {},
    deliveryCount: 1,
    messageId: `placed-${orderId}`,
    correlationId: orderId,
    traceparent: undefined,
  };
}

/** A promise and the function that settles it: a gate a paused copy waits on. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** The orders collection as one copy sees it: its first read (the claim's `findOneAndUpdate`) answers, reports, then waits. */
function pausedAfterFirstRead(
  orders: Collection<StoredOrder>,
  reached: () => void,
  resume: Promise<void>,
): Collection<StoredOrder> {
  let paused = false;
  return new Proxy(orders, {
    get(target, property, receiver) {
      if (property !== 'findOneAndUpdate') return Reflect.get(target, property, receiver) as unknown;
      return async (...args: Parameters<Collection<StoredOrder>['findOneAndUpdate']>) => {
        const found = await target.findOneAndUpdate(...args);
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
    const copyB = await fixture.worker({
      orders: pausedAfterFirstRead(fixture.orders, bReadTheOrder.open, resumeB.promise),
    });

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
    expect(await fixture.claimed()).toBe(0);
  });
});

describe('fulfil order: the caches learn of the stock change before the order is decided', () => {
  it('drops the cached stock while the order is still pending, so whoever sees it confirmed reads the new stock', async () => {
    await fixture.products.insertOne({ _id: 'p1', name: 'Lamp', priceCents: 100, stock: 10, createdAt: new Date() });
    const message = await placeOrder('o3', [{ productId: 'p1', quantity: 2 }]);
    const seen: [readonly string[], string | undefined, number | undefined][] = [];
    const worker = await fixture.worker({
      onStockChanged: async (productIds) => {
        const order = await fixture.orders.findOne({ _id: 'o3' });
        const product = await fixture.products.findOne({ _id: 'p1' });
        seen.push([productIds, order?.status, product?.stock]);
      },
    });

    await worker(message);

    expect(seen).toEqual([[['p1'], 'pending', 8]]);
    expect((await fixture.orders.findOne({ _id: 'o3' }))?.status).toBe('confirmed');
  });

  it('tells the caches again when a failed invoice gives the stock back', async () => {
    await fixture.products.insertOne({ _id: 'p1', name: 'Lamp', priceCents: 100, stock: 10, createdAt: new Date() });
    const message = await placeOrder('o4', [{ productId: 'p1', quantity: 2 }]);
    const stocks: (number | undefined)[] = [];
    const worker = await fixture.worker({
      invoices: {
        kind: 'failing',
        build: () => Promise.reject(new Error('the invoice pool is gone')),
        close: async () => {},
      },
      onStockChanged: async () => {
        stocks.push((await fixture.products.findOne({ _id: 'p1' }))?.stock);
      },
    });

    await expect(worker(message)).rejects.toThrow('the invoice pool is gone');

    // Once when the stock was taken, once after it was given back (the first may read either: it runs with the invoice).
    expect(stocks).toHaveLength(2);
    expect(stocks[1]).toBe(10);
  });
});

/** The products collection of a process that dies after its first stock write: the write lands, nothing follows. */
function dyingAfterFirstStockWrite(
  products: Collection<ProductDocument>,
  died: () => void,
): Collection<ProductDocument> {
  let writes = 0;
  return new Proxy(products, {
    get(target, property, receiver) {
      if (property !== 'updateOne') return Reflect.get(target, property, receiver) as unknown;
      return async (...args: Parameters<Collection<ProductDocument>['updateOne']>) => {
        const result = await target.updateOne(...args);
        if ((writes += 1) === 1) {
          died();
          await new Promise<never>(() => {}); // the process is gone: no release, no ack, no finally
        }
        return result;
      };
    },
  });
}

describe('fulfil order: a worker that dies holding the claim', () => {
  it('leaves the order to the redelivery, which waits for the claim to expire and then completes it once', async () => {
    await fixture.products.insertMany([
      { _id: 'p1', name: 'Lamp', priceCents: 100, stock: 10, createdAt: new Date() },
      { _id: 'p2', name: 'Desk', priceCents: 100, stock: 5, createdAt: new Date() },
    ]);
    const message = await placeOrder('o2', [
      { productId: 'p1', quantity: 2 },
      { productId: 'p2', quantity: 1 },
    ]);
    let clock = new Date('2026-12-05T12:00:00Z');
    const now = (): Date => clock;
    const died = gate();
    const dying = await fixture.worker({ now, products: dyingAfterFirstStockWrite(fixture.products, died.open) });
    void dying(message);
    await died.promise;

    const waiting = gate();
    const redelivered = (await fixture.worker({ now, onClaimBusy: waiting.open }))({ ...message, deliveryCount: 2 });
    await waiting.promise; // the dead copy's claim has not expired yet: the redelivery waits instead of reserving
    expect((await fixture.orders.findOne({ _id: 'o2' }))?.status).toBe('pending');
    clock = new Date(clock.getTime() + 60_001);
    await redelivered;

    expect((await fixture.orders.findOne({ _id: 'o2' }))?.status).toBe('confirmed');
    const products = await fixture.products.find({}, { sort: { _id: 1 } }).toArray();
    expect(products.map((product) => [product._id, product.stock, product.reservations ?? []])).toEqual([
      ['p1', 8, []],
      ['p2', 4, []],
    ]);
    expect(await fixture.claimed()).toBe(0);
  });
});

/** mulberry32: a small seeded generator, so a failing interleaving can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DELAYED_METHODS = new Set(['findOne', 'findOneAndUpdate', 'updateOne', 'updateMany', 'countDocuments']);

/** A collection whose calls each start after a random pause (0-3 ms, or none), drawn from `random`. */
function withRandomDelays<T extends object>(collection: T, random: () => number): T {
  return new Proxy(collection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !DELAYED_METHODS.has(property) || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const pause = Math.floor(random() * 5) - 1;
        if (pause >= 0) await sleep(pause);
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

/** Runs `handler` over `messages` with `concurrency` in flight, as a consumer with that prefetch would. */
async function consumeAll(
  handler: MessageHandler,
  messages: readonly DeliveredMessage[],
  concurrency: number,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < messages.length) {
      const message = messages[next++];
      if (message) await deliverUntilAcked(handler, message);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * The invariant of any interleaving: no order left pending or claimed, some confirmed and some rejected, every
 * product's stock exactly its initial stock minus the quantities of confirmed orders, and no reservation mark left.
 */
async function expectStockExact(productIds: readonly string[], initialStock: number, seed: number): Promise<void> {
  const orders = await fixture.orders.find({}).toArray();
  expect(
    orders.filter((order) => order.status === 'pending').map((order) => order._id),
    `seed ${seed}`,
  ).toEqual([]);
  const confirmed = orders.filter((order) => order.status === 'confirmed');
  expect(confirmed.length, 'some orders confirmed').toBeGreaterThan(0);
  expect(confirmed.length, 'some orders rejected for lack of stock').toBeLessThan(orders.length);
  const expected = productIds.map((id) => {
    const taken = confirmed
      .flatMap((order) => order.items)
      .filter((line) => line.productId === id)
      .reduce((sum, line) => sum + line.quantity, 0);
    return [id, initialStock - taken, []];
  });
  const products = await fixture.products.find({}, { sort: { _id: 1 } }).toArray();
  expect(
    products.map((product) => [product._id, product.stock, product.reservations ?? []]),
    `seed ${seed}`,
  ).toEqual(expected);
}

/** `count` orders of one to two random products, one to three units a line; answers their `order.placed` messages. */
async function randomOrders(
  count: number,
  productIds: readonly string[],
  random: () => number,
): Promise<DeliveredMessage[]> {
  const messages: DeliveredMessage[] = [];
  for (let n = 0; n < count; n += 1) {
    const picked = shuffled(productIds, random).slice(0, 1 + Math.floor(random() * 2));
    messages.push(
      await placeOrder(
        `r${n}`,
        picked.map((productId) => ({ productId, quantity: 1 + Math.floor(random() * 3) })),
      ),
    );
  }
  return messages;
}

describe('fulfil order: two workers over the same 200 messages', () => {
  it(
    'takes exactly the confirmed quantities from stock and leaves no reservation, whatever the interleaving',
    { timeout: 180_000 },
    async () => {
      const seed = Number(process.env.FULFIL_SEED ?? 23);
      const random = seededRandom(seed);
      const productIds = ['p1', 'p2', 'p3', 'p4'];
      const initialStock = 100;
      await fixture.products.insertMany(
        productIds.map((id) => ({ _id: id, name: id, priceCents: 100, stock: initialStock, createdAt: new Date() })),
      );
      const messages = await randomOrders(200, productIds, random);
      // Each worker removes its decided orders' marks in batches, as the service does.
      const settlers = [new ReservationSettler(fixture.products), new ReservationSettler(fixture.products)];
      const worker = async (settler: ReservationSettler): Promise<MessageHandler> =>
        fixture.worker({
          orders: withRandomDelays(fixture.orders, random),
          products: withRandomDelays(fixture.products, random),
          settle: (orderId, productIds) => settler.settle(orderId, productIds),
        });
      const [first, second] = [
        await worker(settlers[0] as ReservationSettler),
        await worker(settlers[1] as ReservationSettler),
      ];

      await Promise.all([
        consumeAll(first, shuffled(messages, random), 8),
        consumeAll(second, shuffled(messages, random), 8),
      ]);
      await Promise.all(settlers.map((settler) => settler.close()));

      await expectStockExact(productIds, initialStock, seed);
      expect(await fixture.claimed()).toBe(0);
    },
  );
});

describe.each(busTargets)(
  'fulfil order: two workers on one queue, each order.placed published twice ($name)',
  (target) => {
    if (target.skip) {
      it.skip(`skipped: ${target.skip}`, () => {});
      return;
    }

    it(
      'takes exactly the confirmed quantities from stock and leaves no reservation',
      { timeout: slowTimeout(40_000) },
      async () => {
        const seed = Number(process.env.FULFIL_SEED ?? 27);
        const random = seededRandom(seed);
        const productIds = ['p1', 'p2', 'p3'];
        const initialStock = 60;
        await fixture.products.insertMany(
          productIds.map((id) => ({ _id: id, name: id, priceCents: 100, stock: initialStock, createdAt: new Date() })),
        );
        const messages = await randomOrders(100, productIds, random);
        const opened = await target.open();
        const settlers = [new ReservationSettler(fixture.products), new ReservationSettler(fixture.products)];
        let acked = 0;
        try {
          // Two workers: competing consumers of the group's one queue, each with its own processed-message store.
          for (const settler of settlers) {
            const handler = await fixture.worker({
              orders: withRandomDelays(fixture.orders, random),
              products: withRandomDelays(fixture.products, random),
              settle: (orderId, productIds) => settler.settle(orderId, productIds),
            });
            await opened.bus.subscribe(
              {
                group: 'fulfilment',
                topics: [ORDER_PLACED],
                prefetch: 8,
                retry: fixedDelayRetry({ delayMs: 5, maxDeliveries: 20 }),
              },
              async (message) => {
                await handler(message);
                acked += 1;
              },
            );
          }
          // Every event twice with one message id, as a relay that died between the confirm and the removal sends it.
          for (const message of messages) {
            for (let copy = 0; copy < 2; copy += 1) {
              await opened.bus.publish({ topic: ORDER_PLACED, payload: message.payload, messageId: message.messageId });
            }
          }
          await vi.waitFor(() => expect(acked).toBe(2 * messages.length), {
            timeout: slowDeadline(30_000),
            interval: 20,
          });
          expect(await opened.bus.takeDeadLetters('fulfilment')).toEqual([]);
          await Promise.all(settlers.map((settler) => settler.close()));
        } finally {
          await opened.bus.close();
          await opened.remove(['fulfilment']);
        }

        await expectStockExact(productIds, initialStock, seed);
        expect(await fixture.claimed()).toBe(0);
      },
    );
  },
);
