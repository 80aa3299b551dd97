/**
 * Chapter 6 demo: `npm run demo -- 06`. Uses RabbitMQ when AMQP_URL is set, else the in-memory broker, and the
 * MongoDB the provider chain finds. Orders are written with their events in one document, a relay publishes them with
 * confirms, two instances of one consumer group share the work, and a poison message ends in the dead-letter queue.
 */
import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { MongoClient } from 'mongodb';
import { connectEventBus } from './event-bus-provider.js';
import { InMemoryBroker } from './in-memory-event-bus.js';
import { resolveMongo } from '../../platform/mongo/provider.js';
import { fixedDelayRetry } from './delivery-policy.js';
import { idempotent, InMemoryProcessedStore } from './idempotent-consumer.js';
import { groupQueues } from './messaging-topology.js';
import type { EventBus } from './messaging.port.js';
import { OrderService, type OrderDocument } from './orders.js';
import { OutboxRelay } from './outbox-relay.js';

const exchange = `demo-${randomBytes(3).toString('hex')}`;
const mongo = await resolveMongo();
const client = await MongoClient.connect(mongo.uri);
const db = client.db(`demo_06_${randomBytes(3).toString('hex')}`);
const buses: EventBus[] = [];
// Without AMQP_URL the three clients share one in-process broker, as three processes would share RabbitMQ.
const inMemoryBroker = new InMemoryBroker(exchange);
const open = async (name: string): Promise<EventBus> => {
  const bus = await connectEventBus({
    exchange,
    inMemoryBroker,
    connectionName: name,
    log: (line) => console.log(`  [${name}] ${line}`),
  });
  buses.push(bus);
  return bus;
};

try {
  console.log('\n== Two instances of the "shipping" group share one durable queue');
  const api = await open('orders-api');
  const workers = [await open('shipping-1'), await open('shipping-2')];
  const handledBy = new Map<string, string[]>();
  let expected = 0;
  let handled = 0;
  let allDone!: () => void;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${handled} of ${expected} events were handled within 15 s`)),
      15_000,
    );
    allDone = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const store = new InMemoryProcessedStore(); // shared here; across processes it would live in the database
  for (const [index, bus] of workers.entries()) {
    await bus.subscribe(
      {
        group: 'shipping',
        topics: ['order.*'],
        prefetch: 5,
        retry: fixedDelayRetry({ delayMs: 100, maxDeliveries: 3 }),
      },
      idempotent(
        async (message) => {
          if ((message.payload as { customerId?: string }).customerId === 'poison')
            throw new Error('no address on file');
          const name = `shipping-${index + 1}`;
          handledBy.set(name, [...(handledBy.get(name) ?? []), message.topic]);
          if (++handled === expected) allDone();
        },
        { store },
      ),
    );
  }

  console.log('\n== Orders and their events are one document write; the relay publishes with confirms');
  const orders = db.collection<OrderDocument>('orders');
  const service = new OrderService(orders);
  await service.placeOrder({ customerId: 'poison', totalCents: 1 });
  const ids = [];
  for (let i = 1; i <= 6; i++) ids.push(await service.placeOrder({ customerId: `c-${i}`, totalCents: i * 1_000 }));
  await service.cancelOrder(ids[0] as string, 'customer changed their mind');
  expected = 7;
  console.log(
    `  pending events in MongoDB: ${(await orders.find({ 'outbox.0': { $exists: true } }).toArray()).length} documents`,
  );
  const relay = new OutboxRelay({ collection: orders, bus: api, idleMs: 50 });
  relay.start();
  await done;
  await relay.close();
  for (const [name, topics] of handledBy) console.log(`  ${name} handled ${topics.length}: ${topics.join(', ')}`);

  console.log('\n== The poison message is retried with a delay, then dead-lettered (no hot loop)');
  let dead = await api.takeDeadLetters('shipping');
  for (let i = 0; i < 40 && dead.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    dead = await api.takeDeadLetters('shipping');
  }
  for (const letter of dead)
    console.log(
      `  ${letter.topic} ${letter.messageId}: ${letter.reason} after ${letter.deliveryCount} deliveries (${letter.error})`,
    );
} finally {
  await Promise.all(buses.map((bus) => bus.close()));
  inMemoryBroker.close();
  if (process.env.AMQP_URL) await removeDemoTopology(process.env.AMQP_URL);
  await db.dropDatabase();
  await client.close();
  await mongo.stop();
  console.log('\nClosed every bus, the relay and MongoDB; the process exits by itself.');
}

/** The demo's queues are durable: remove them so repeated runs leave nothing on the broker. */
async function removeDemoTopology(url: string): Promise<void> {
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  for (const queue of Object.values(groupQueues(exchange, 'shipping'))) await channel.deleteQueue(queue);
  await channel.deleteExchange(exchange);
  await connection.close();
}
