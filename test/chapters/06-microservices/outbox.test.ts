import { MongoClient, type Collection, type Db } from 'mongodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { idempotent, InMemoryProcessedStore } from '../../../chapters/06-microservices/idempotent-consumer.js';
import type { DeliveredMessage, EventBus } from '../../../chapters/06-microservices/messaging.port.js';
import {
  OrderNotCancellableError,
  OrderService,
  type OrderDocument,
} from '../../../chapters/06-microservices/orders.js';
import { OutboxRelay } from '../../../chapters/06-microservices/outbox-relay.js';
import { InMemoryBroker } from '../../../chapters/06-microservices/in-memory-event-bus.js';
import { sharedMongo, uniqueDbName } from '../../support/mongo.js';
import { collector } from './event-bus-contract.js';

/** The same bus with a different publish: a broker that fails, or a process that dies after the confirm. */
function withPublish(bus: EventBus, publish: EventBus['publish']): EventBus {
  return {
    implementation: bus.implementation,
    publish,
    subscribe: (options, handler) => bus.subscribe(options, handler),
    takeDeadLetters: (group, max) => bus.takeDeadLetters(group, max),
    close: () => bus.close(),
  };
}

let client: MongoClient;
let db: Db;
beforeAll(async () => {
  client = await MongoClient.connect(sharedMongo().uri, { serverSelectionTimeoutMS: 5_000 });
  db = client.db(uniqueDbName('outbox'));
});
afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
});

describe(`transactional outbox on MongoDB without multi-document transactions (${sharedMongo().provider})`, () => {
  let orders: Collection<OrderDocument>;
  let broker: InMemoryBroker;
  let bus: EventBus;
  const quiet = (): void => {};

  beforeEach(async () => {
    orders = db.collection<OrderDocument>(`orders_${Math.random().toString(36).slice(2)}`);
    broker = new InMemoryBroker();
    bus = broker.connect({ ownsBroker: true });
  });
  afterEach(async () => {
    await bus.close();
  });

  it('writes the order and its order.placed event in one document', async () => {
    const orderId = await new OrderService(orders).placeOrder({
      customerId: 'c-1',
      totalCents: 4200,
      correlationId: 'req-1',
    });
    const stored = await orders.findOne({ _id: orderId });
    expect(stored).toMatchObject({ status: 'placed', totalCents: 4200 });
    expect(stored?.outbox).toEqual([
      expect.objectContaining({
        topic: 'order.placed',
        correlationId: 'req-1',
        payload: { orderId, customerId: 'c-1', totalCents: 4200 },
      }),
    ]);
  });

  it('publishes pending events with their stored ids and removes each once the broker confirmed it', async () => {
    const received = collector();
    await bus.subscribe({ group: 'billing', topics: ['order.*'] }, async (m) => received.push(m));
    const service = new OrderService(orders);
    const orderId = await service.placeOrder({ customerId: 'c-2', totalCents: 100 });
    await service.cancelOrder(orderId, 'changed mind');
    const pending = (await orders.findOne({ _id: orderId }))?.outbox ?? [];

    const sent = await new OutboxRelay({ collection: orders, bus, log: quiet }).relayOnce();
    await received.until(2);

    expect(sent).toBe(2);
    expect(received.items.map((m) => [m.topic, m.messageId])).toEqual(pending.map((e) => [e.topic, e.messageId]));
    expect((await orders.findOne({ _id: orderId }))?.outbox).toEqual([]);
  });

  it('re-sends an event after a crash between publish and mark, and the idempotent consumer handles it once', async () => {
    const handled = collector<DeliveredMessage>();
    const deliveries = collector<string>();
    await bus.subscribe({ group: 'shipping', topics: ['order.placed'] }, async (m) => {
      deliveries.push(m.messageId);
      await idempotentShip(m);
    });
    const idempotentShip = idempotent(async (m) => handled.push(m), { store: new InMemoryProcessedStore() });
    await new OrderService(orders).placeOrder({ customerId: 'c-3', totalCents: 900 });

    // The process "dies" right after the broker confirmed, before the event is marked sent.
    const crashingBus = withPublish(bus, async (message) => {
      await bus.publish(message);
      throw new Error('process killed after publish');
    });
    await expect(new OutboxRelay({ collection: orders, bus: crashingBus, log: quiet }).relayOnce()).rejects.toThrow(
      'process killed',
    );
    expect(await new OutboxRelay({ collection: orders, bus, log: quiet }).relayOnce()).toBe(1);

    await deliveries.until(2);
    expect(deliveries.items[0]).toBe(deliveries.items[1]);
    expect(handled.items).toHaveLength(1);
  });

  it('keeps the event when the broker refuses it, and the running relay retries on its next pass', async () => {
    const lines: string[] = [];
    let down = true;
    const flakyBus = withPublish(bus, async (message) => {
      if (down) throw new Error('broker unreachable');
      return bus.publish(message);
    });
    const received = collector();
    await bus.subscribe({ group: 'audit', topics: ['order.placed'] }, async (m) => received.push(m));
    const orderId = await new OrderService(orders).placeOrder({ customerId: 'c-4', totalCents: 1 });
    const relay = new OutboxRelay({ collection: orders, bus: flakyBus, idleMs: 20, log: (line) => lines.push(line) });
    relay.start();
    try {
      await expect.poll(() => lines.length).toBeGreaterThan(0);
      expect((await orders.findOne({ _id: orderId }))?.outbox).toHaveLength(1);
      down = false;
      await received.until(1);
    } finally {
      await relay.close();
    }
    expect(lines[0]).toMatch(/outbox relay: pass failed, retrying in 20 ms: Error: broker unreachable/);
  });

  it('refuses to cancel an order twice, and records no second event', async () => {
    const service = new OrderService(orders);
    const orderId = await service.placeOrder({ customerId: 'c-5', totalCents: 5 });
    await service.cancelOrder(orderId, 'first');
    await expect(service.cancelOrder(orderId, 'second')).rejects.toThrow(OrderNotCancellableError);
    expect((await orders.findOne({ _id: orderId }))?.outbox?.map((e) => e.topic)).toEqual([
      'order.placed',
      'order.cancelled',
    ]);
  });
});
