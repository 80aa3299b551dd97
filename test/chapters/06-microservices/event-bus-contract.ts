/**
 * The messaging port's contract, run against every implementation (the in-memory broker always, RabbitMQ when
 * AMQP_URL is set), so the stand-in the unit tests use cannot drift from the real thing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixedDelayRetry } from '../../../chapters/06-microservices/delivery-policy.js';
import {
  BusClosedError,
  InvalidMessagingOptionError,
  UnprocessableMessageError,
} from '../../../chapters/06-microservices/messaging-error.js';
import type { DeliveredMessage, EventBus } from '../../../chapters/06-microservices/messaging.port.js';

export interface BusFixture {
  /** A new client of the same broker and exchange: one service instance. */
  connect(name: string): Promise<EventBus>;
  /** Puts raw bytes on the exchange, bypassing the bus's encoder (a message from a broken producer). */
  publishRaw(topic: string, body: Buffer, messageId?: string): Promise<void>;
  /** Closes every client and removes what the test declared. */
  teardown(): Promise<void>;
}

export interface BusTarget {
  /** Appears in every test name, e.g. "(real RabbitMQ)". */
  readonly name: string;
  readonly skip: string | false;
  setup(): Promise<BusFixture>;
}

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** Collects handled messages; `until(n)` resolves when n have arrived (no polling sleeps). */
export function collector<T = DeliveredMessage>(): {
  items: T[];
  push(item: T): void;
  until(count: number, timeoutMs?: number): Promise<T[]>;
} {
  const items: T[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    items,
    push(item) {
      items.push(item);
      for (const waiter of [...waiters]) if (items.length >= waiter.count) waiter.resolve();
    },
    until(count, timeoutMs = 10_000) {
      if (items.length >= count) return Promise.resolve(items);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} items within ${timeoutMs} ms, got ${items.length}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(items);
          },
        });
      });
    },
  };
}

/** Resolves once `read()` returns at least `count` entries, checking whenever `tick` fires (for dead-letter queues). */
async function eventually<T>(read: () => Promise<T[]>, count: number, timeoutMs = 10_000): Promise<T[]> {
  const found: T[] = [];
  const started = Date.now();
  while (found.length < count) {
    found.push(...(await read()));
    if (found.length >= count) break;
    if (Date.now() - started > timeoutMs)
      throw new Error(`expected ${count} dead letters within ${timeoutMs} ms, got ${found.length}`);
    await new Promise((resolve) => setTimeout(resolve, 25)); // a queue has no "message arrived" event to wait on
  }
  return found;
}

export function describeEventBusContract(target: BusTarget): void {
  const title = target.skip
    ? `event bus contract on ${target.name} (skipped: ${target.skip})`
    : `event bus contract on ${target.name}`;
  describe.skipIf(target.skip !== false)(title, () => {
    let fixture: BusFixture | undefined;
    const setup = async (): Promise<BusFixture> => (fixture = await target.setup());
    afterEach(async () => {
      await fixture?.teardown();
      fixture = undefined;
    });

    it(`delivers a message with its id, correlation id, traceparent and headers to matching topic patterns (${target.name})`, async () => {
      const { connect } = await setup();
      const bus = await connect('routing');
      const star = collector();
      const hash = collector();
      const other = collector();
      await bus.subscribe({ group: 'star', topics: ['order.*'] }, async (m) => star.push(m));
      await bus.subscribe({ group: 'hash', topics: ['order.#'] }, async (m) => hash.push(m));
      await bus.subscribe({ group: 'other', topics: ['payment.*'] }, async (m) => other.push(m));

      const { messageId } = await bus.publish({
        topic: 'order.placed',
        payload: { orderId: 'o-1', totalCents: 1250 },
        correlationId: 'req-7',
        traceparent: TRACEPARENT,
        headers: { tenant: 'acme' },
      });
      await bus.publish({ topic: 'order.placed.eu', payload: { orderId: 'o-2' } });
      await hash.until(2);
      const [first] = await star.until(1);

      expect(first).toMatchObject({
        topic: 'order.placed',
        messageId,
        correlationId: 'req-7',
        traceparent: TRACEPARENT,
        headers: { tenant: 'acme' },
        payload: { orderId: 'o-1', totalCents: 1250 },
        deliveryCount: 1,
      });
      expect(hash.items.map((m) => m.topic)).toEqual(['order.placed', 'order.placed.eu']);
      expect(star.items).toHaveLength(1);
      expect(other.items).toHaveLength(0);
    });

    it(`rejects a publish on a wildcard topic and a reserved header, naming what is allowed (${target.name})`, async () => {
      const bus = await (await setup()).connect('invalid');
      await expect(bus.publish({ topic: 'order.*', payload: {} })).rejects.toThrow(InvalidMessagingOptionError);
      await expect(bus.publish({ topic: 'order.placed', payload: {}, headers: { 'x-attempt': '9' } })).rejects.toThrow(
        /reserved/,
      );
    });

    it(`gives every message of a group to exactly one of its instances (${target.name})`, async () => {
      const { connect } = await setup();
      const [a, b, producer] = await Promise.all([connect('instance-a'), connect('instance-b'), connect('producer')]);
      const handled = collector<{ instance: string; id: string }>();
      const slow = (instance: string) => async (m: DeliveredMessage) => {
        await new Promise((resolve) => setTimeout(resolve, 5)); // keeps each instance busy so the other gets work
        handled.push({ instance, id: m.messageId });
      };
      await a.subscribe({ group: 'shipping', topics: ['order.placed'], prefetch: 1 }, slow('a'));
      await b.subscribe({ group: 'shipping', topics: ['order.placed'], prefetch: 1 }, slow('b'));

      const ids = await Promise.all(
        Array.from({ length: 20 }, (_, i) => producer.publish({ topic: 'order.placed', payload: { i } })),
      );
      await handled.until(20);

      expect(new Set(handled.items.map((h) => h.id))).toEqual(new Set(ids.map((r) => r.messageId)));
      expect(handled.items).toHaveLength(20);
      expect(handled.items.some((h) => h.instance === 'a')).toBe(true);
      expect(handled.items.some((h) => h.instance === 'b')).toBe(true);
    });

    it(`gives every message to each group (${target.name})`, async () => {
      const bus = await (await setup()).connect('groups');
      const billing = collector();
      const email = collector();
      await bus.subscribe({ group: 'billing', topics: ['order.placed'] }, async (m) => billing.push(m));
      await bus.subscribe({ group: 'email', topics: ['order.placed'] }, async (m) => email.push(m));
      await bus.publish({ topic: 'order.placed', payload: 1 });
      await bus.publish({ topic: 'order.placed', payload: 2 });
      await billing.until(2);
      await email.until(2);
      expect(billing.items.map((m) => m.payload)).toEqual([1, 2]);
      expect(email.items.map((m) => m.payload)).toEqual([1, 2]);
    });

    it(`retries a failed message after a delay and acks it once the handler succeeds (${target.name})`, async () => {
      const bus = await (await setup()).connect('retry');
      const attempts = collector<number>();
      await bus.subscribe(
        { group: 'flaky', topics: ['order.placed'], retry: fixedDelayRetry({ delayMs: 50, maxDeliveries: 3 }) },
        async (m) => {
          attempts.push(m.deliveryCount);
          if (m.deliveryCount < 2) throw new Error('inventory service timed out');
        },
      );
      await bus.publish({ topic: 'order.placed', payload: {} });
      await attempts.until(2);
      expect(attempts.items).toEqual([1, 2]);
      expect(await bus.takeDeadLetters('flaky')).toEqual([]);
    });

    it(`dead-letters a poison message after the delivery limit, with a small redelivery count (${target.name})`, async () => {
      const bus = await (await setup()).connect('poison');
      const attempts = collector<number>();
      await bus.subscribe(
        { group: 'poison', topics: ['order.placed'], retry: fixedDelayRetry({ delayMs: 20, maxDeliveries: 3 }) },
        async (m) => {
          attempts.push(m.deliveryCount);
          throw new Error('handler bug');
        },
      );
      const { messageId } = await bus.publish({ topic: 'order.placed', payload: { orderId: 'o-9' } });
      const [dead] = await eventually(() => bus.takeDeadLetters('poison'), 1);

      expect(dead).toMatchObject({
        messageId,
        topic: 'order.placed',
        reason: 'delivery-limit',
        deliveryCount: 3,
        error: 'Error: handler bug',
      });
      expect(JSON.parse(dead?.body ?? '')).toEqual({ orderId: 'o-9' });
      expect(attempts.items).toEqual([1, 2, 3]);
    });

    it(`dead-letters an unparsable message at once, without calling the handler (${target.name})`, async () => {
      const { connect, publishRaw } = await setup();
      const bus = await connect('unparsable');
      const calls = collector();
      await bus.subscribe({ group: 'strict', topics: ['order.placed'] }, async (m) => calls.push(m));
      await publishRaw('order.placed', Buffer.from('{"orderId": "o-1"'), 'broken-1');
      const [dead] = await eventually(() => bus.takeDeadLetters('strict'), 1);

      expect(dead).toMatchObject({
        messageId: 'broken-1',
        reason: 'unparsable',
        deliveryCount: 1,
        body: '{"orderId": "o-1"',
      });
      expect(calls.items).toEqual([]);
    });

    it(`dead-letters at once when the handler throws UnprocessableMessageError (${target.name})`, async () => {
      const bus = await (await setup()).connect('unprocessable');
      const calls = collector<number>();
      await bus.subscribe({ group: 'validating', topics: ['order.placed'] }, async (m) => {
        calls.push(m.deliveryCount);
        throw new UnprocessableMessageError('totalCents must be a positive integer');
      });
      await bus.publish({ topic: 'order.placed', payload: { totalCents: -1 } });
      const [dead] = await eventually(() => bus.takeDeadLetters('validating'), 1);
      expect(dead).toMatchObject({ reason: 'unprocessable', deliveryCount: 1 });
      expect(calls.items).toEqual([1]);
    });

    it(`runs at most prefetch handlers at once per consumer (${target.name})`, async () => {
      const bus = await (await setup()).connect('prefetch');
      let running = 0;
      let peak = 0;
      const release: (() => void)[] = [];
      const done = collector<number>();
      await bus.subscribe({ group: 'bounded', topics: ['job.run'], prefetch: 2 }, async (m) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running -= 1;
        done.push(m.payload as number);
      });
      for (let i = 0; i < 6; i++) await bus.publish({ topic: 'job.run', payload: i });
      // Release handlers as they start; never more than two are waiting.
      const started = Date.now();
      while (done.items.length < 6 && Date.now() - started < 10_000) {
        const next = release.shift();
        if (next) next();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await done.until(6);
      expect(peak).toBe(2);
    });

    it(`lets in-flight handlers finish on close, then refuses to publish (${target.name})`, async () => {
      const bus = await (await setup()).connect('closing');
      const started = collector();
      let finish!: () => void;
      let finished = false;
      await bus.subscribe({ group: 'slow', topics: ['order.placed'] }, async (m) => {
        started.push(m);
        await new Promise<void>((resolve) => (finish = resolve));
        finished = true;
      });
      await bus.publish({ topic: 'order.placed', payload: {} });
      await started.until(1);
      const closing = bus.close();
      finish();
      await closing;
      expect(finished).toBe(true);
      await expect(bus.publish({ topic: 'order.placed', payload: {} })).rejects.toThrow(BusClosedError);
    });
  });
}
