/**
 * RabbitMQ messaging costs (needs AMQP_URL): confirmed publishes through the event bus against plain unconfirmed
 * amqplib publishes, and consumer throughput with prefetch 1 against prefetch 50. Ratios are measured in one run.
 */
import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { connectAmqpEventBus } from '../chapters/06-microservices/amqp-event-bus.js';
import { groupQueues } from '../chapters/06-microservices/messaging-topology.js';

const PUBLISHES = 5_000;
const CONSUMED = 3_000;
const payload = { orderId: 'o-123456', customerId: 'c-42', totalCents: 12_345, items: ['sku-1', 'sku-2'] };

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en')} msg/s`;
}

export default async function run(): Promise<void> {
  const url = process.env.AMQP_URL;
  if (!url) {
    console.log('amqp-messaging: skipped (AMQP_URL is unset; start RabbitMQ and set it to measure).');
    return;
  }
  const exchange = `bench-${randomBytes(3).toString('hex')}`;
  const raw = await amqp.connect(url);
  const admin = await raw.createChannel();
  const bus = await connectAmqpEventBus({ url, exchange, connectionName: 'bench', log: () => {} });
  const groups = ['sink', 'p1', 'p50'];
  try {
    // Every publish must land in a queue, so the broker does the same work in each case.
    // Declared through the bus, then left without a consumer: messages only pile up there.
    await (await bus.subscribe({ group: 'sink', topics: ['bench.unused'] }, async () => {})).cancel();
    const sink = groupQueues(exchange, 'sink').main;
    await admin.bindQueue(sink, exchange, 'bench.#');

    // 1. Plain amqplib, no confirms: the guide's way. Timed until the broker holds every message.
    const body = Buffer.from(JSON.stringify(payload));
    let started = performance.now();
    for (let i = 0; i < PUBLISHES; i++) {
      if (!admin.publish(exchange, 'bench.raw', body, { persistent: true }))
        await new Promise((resolve) => admin.once('drain', resolve));
    }
    while ((await admin.checkQueue(sink)).messageCount < PUBLISHES)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const unconfirmedMs = performance.now() - started;
    await admin.purgeQueue(sink);

    // 2. amqplib's confirm channel by hand, 100 in flight: what confirms cost before any bus code runs.
    const confirming = await raw.createConfirmChannel();
    started = performance.now();
    for (let i = 0; i < PUBLISHES; i += 100) {
      await Promise.all(
        Array.from(
          { length: 100 },
          () =>
            new Promise<void>((resolve, reject) =>
              confirming.publish(exchange, 'bench.raw', body, { persistent: true }, (error: unknown) =>
                error ? reject(error as Error) : resolve(),
              ),
            ),
        ),
      );
    }
    const rawConfirmedMs = performance.now() - started;
    await confirming.close();
    await admin.purgeQueue(sink);

    // 3. The bus, one publish at a time (each waits for its own confirm).
    const sequentialCount = PUBLISHES / 5;
    started = performance.now();
    for (let i = 0; i < sequentialCount; i++) await bus.publish({ topic: 'bench.confirmed', payload });
    const sequentialMs = performance.now() - started;
    await admin.purgeQueue(sink);

    // 4. The bus with 100 publishes in flight: RabbitMQ acks them in batches (`multiple`).
    started = performance.now();
    for (let i = 0; i < PUBLISHES; i += 100) {
      await Promise.all(Array.from({ length: 100 }, () => bus.publish({ topic: 'bench.confirmed', payload })));
    }
    const concurrentMs = performance.now() - started;
    await admin.purgeQueue(sink);

    console.log(`publish, ${PUBLISHES} persistent messages (baseline: unconfirmed amqplib publish)`);
    console.log(`  unconfirmed amqplib            ${rate(PUBLISHES, unconfirmedMs)}  1.00`);
    console.log(
      `  amqplib confirm channel, 100 in flight ${rate(PUBLISHES, rawConfirmedMs)}  ${(unconfirmedMs / rawConfirmedMs).toFixed(2)}`,
    );
    console.log(
      `  bus, 100 in flight (confirmed) ${rate(PUBLISHES, concurrentMs)}  ${(unconfirmedMs / concurrentMs).toFixed(2)}`,
    );
    console.log(
      `  bus, one at a time (confirmed) ${rate(sequentialCount, sequentialMs)}  ${(unconfirmedMs / PUBLISHES / (sequentialMs / sequentialCount)).toFixed(2)}`,
    );

    // 5. Consumers: the same backlog drained with prefetch 1 and prefetch 50.
    const drain = async (group: string, prefetch: number): Promise<number> => {
      const declare = await bus.subscribe({ group, topics: [`bench.${group}`], prefetch }, async () => {});
      await declare.cancel(); // declared and bound; now fill it while nobody consumes
      for (let i = 0; i < CONSUMED; i += 100) {
        await Promise.all(Array.from({ length: 100 }, () => bus.publish({ topic: `bench.${group}`, payload })));
      }
      let handled = 0;
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      const begin = performance.now();
      const subscription = await bus.subscribe({ group, topics: [`bench.${group}`], prefetch }, async () => {
        if (++handled === CONSUMED) done();
      });
      await finished;
      const ms = performance.now() - begin;
      await subscription.cancel();
      return ms;
    };
    const p1 = await drain('p1', 1);
    const p50 = await drain('p50', 50);
    console.log(`consume, ${CONSUMED} messages, trivial handler (baseline: prefetch 1)`);
    console.log(`  prefetch 1   ${rate(CONSUMED, p1)}  1.00`);
    console.log(`  prefetch 50  ${rate(CONSUMED, p50)}  ${(p1 / p50).toFixed(2)}`);
  } finally {
    await bus.close();
    for (const group of groups)
      for (const queue of Object.values(groupQueues(exchange, group))) await admin.deleteQueue(queue);
    await admin.deleteExchange(exchange);
    await raw.close();
  }
}
