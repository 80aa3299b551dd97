/**
 * Each event goes from the service that wrote it straight to its consumer: with no api running at all, the worker
 * decides an order, its own relay publishes `order.confirmed`, and its notification consumer records the mail.
 */
import { afterEach, expect, it } from 'vitest';
import { PRODUCTS_COLLECTION, type ProductDocument } from '../../../capstone/catalog/mongo-product.repository.js';
import { loadConfig } from '../../../capstone/config.js';
import { openOrders } from '../../../capstone/orders/mongo-order.store.js';
import { ORDER_PLACED } from '../../../capstone/orders/place-order.use-case.js';
import { createWorkerRoot } from '../../../capstone/worker/composition-root.js';
import { ORDER_CONFIRMED, WORKER_PUBLISHER } from '../../../capstone/worker/fulfil-order.handler.js';
import { InMemoryRegistry } from '../../../chapters/06-microservices/discovery/in-memory-registry.js';
import { InMemoryBroker } from '../../../chapters/06-microservices/in-memory-event-bus.js';
import type { DeliveredMessage } from '../../../chapters/06-microservices/messaging.port.js';
import { createLogger } from '../../../chapters/08-production/logging.js';
import { createMetrics } from '../../../chapters/08-production/metrics.js';
import { busStandIn, redisStandIn, registryStandIn } from '../../../workbook/start.js';
import { collector } from '../../chapters/06-microservices/event-bus-contract.js';
import { sharedMongo } from '../../support/mongo.js';
import { testEnv } from '../support/capstone-harness.js';
import { useLiveDb } from '../../support/mongo.js';

const live = useLiveDb('worker_relay');
const closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

it("publishes the worker's order.confirmed through the worker's own relay, with no api running", async () => {
  const { db } = live();
  const config = loadConfig({
    ...testEnv('worker_relay'),
    MONGODB_DB: db.databaseName,
    REDIS_URL: '',
    AMQP_URL: '',
    MONGODB_URI: '',
  });
  const broker = new InMemoryBroker(config.SERVICE_NAMESPACE);
  const registry = new InMemoryRegistry();
  const metrics = createMetrics({ defaultMetrics: false });
  const worker = createWorkerRoot({
    config,
    providers: {
      mongo: { ...sharedMongo(), dbName: db.databaseName },
      redis: redisStandIn(),
      bus: busStandIn(broker),
      registry: registryStandIn(registry),
    },
    metrics,
    logger: createLogger({ level: 'silent' }),
    providerLog: () => undefined,
    retryDelayMs: 50,
  });
  closing.push(
    async () => broker.close(),
    () => registry.close(),
    async () => metrics.close(),
  );
  await worker.start();
  closing.push(() => worker.stop());
  const observer = broker.connect();
  closing.push(() => observer.close());
  const outcomes = collector<DeliveredMessage>();
  await observer.subscribe({ group: 'observer', topics: ['order.confirmed', 'order.rejected'] }, async (m) =>
    outcomes.push(m),
  );

  const now = new Date();
  await db
    .collection<ProductDocument>(PRODUCTS_COLLECTION)
    .insertOne({ _id: 'p1', name: 'Lamp', priceCents: 250, stock: 3, createdAt: now });
  await (
    await openOrders(db)
  ).insertOne({
    _id: 'o1',
    userId: 'u1',
    idempotencyKey: 'k1',
    requestHash: 'h1',
    items: [{ productId: 'p1', name: 'Lamp', quantity: 1, unitPriceCents: 250 }],
    status: 'pending',
    createdAt: now,
    updatedAt: now,
  });
  await observer.publish({ topic: ORDER_PLACED, payload: { orderId: 'o1', userId: 'u1' }, messageId: 'placed-o1' });

  const [confirmed] = await outcomes.until(1, 30_000);
  expect(confirmed?.topic).toBe(ORDER_CONFIRMED);
  expect(confirmed?.payload).toMatchObject({ orderId: 'o1', status: 'confirmed' });
  await expect
    .poll(() => db.collection('notifications').countDocuments({ orderId: 'o1' }), { timeout: 30_000 })
    .toBe(1);
  // Removed by the relay's bulk write once the confirm came back, which may land after the consumer ran.
  const orders = await openOrders(db);
  await expect.poll(async () => (await orders.findOne({ _id: 'o1' }))?.outbox ?? [], { timeout: 30_000 }).toEqual([]);
  expect(
    await db.collection('leases').findOne({ _id: `outbox-relay:orders:${WORKER_PUBLISHER}` as never }),
  ).toBeTruthy();
});
