import { describe, expect, it } from 'vitest';
import { idempotent } from '../../../chapters/06-microservices/idempotent-consumer.js';
import { InvalidMessagingOptionError } from '../../../chapters/06-microservices/messaging-error.js';
import { InMemoryBroker } from '../../../chapters/06-microservices/in-memory-event-bus.js';
import { BoundedProcessedStore } from '#exercise/06-microservices/01-bounded-dedup-store';

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

describe('06.1 a bounded, expiring processed-message store', () => {
  it('remembers an added id and not others', async () => {
    const store = new BoundedProcessedStore({ maxEntries: 10, ttlMs: 60_000 });
    await store.add('m-1');
    expect(await store.has('m-1')).toBe(true);
    expect(await store.has('m-2')).toBe(false);
  });

  it('forgets an id once ttlMs has passed since it was added', async () => {
    const clock = fakeClock();
    const store = new BoundedProcessedStore({ maxEntries: 10, ttlMs: 1_000, now: clock.now });
    await store.add('m-1');
    clock.advance(999);
    expect(await store.has('m-1')).toBe(true);
    clock.advance(1);
    expect(await store.has('m-1')).toBe(false);
    expect(store.size).toBe(0);
  });

  it('evicts the oldest id when maxEntries is exceeded', async () => {
    const store = new BoundedProcessedStore({ maxEntries: 2, ttlMs: 60_000 });
    await store.add('a');
    await store.add('b');
    await store.add('c');
    expect([await store.has('a'), await store.has('b'), await store.has('c')]).toEqual([false, true, true]);
    expect(store.size).toBe(2);
  });

  it('treats re-adding an id as fresh, for both the TTL and the eviction order', async () => {
    const clock = fakeClock();
    const store = new BoundedProcessedStore({ maxEntries: 2, ttlMs: 1_000, now: clock.now });
    await store.add('a');
    await store.add('b');
    clock.advance(600);
    await store.add('a'); // a is now the youngest
    await store.add('c'); // so b goes
    expect([await store.has('a'), await store.has('b'), await store.has('c')]).toEqual([true, false, true]);
    clock.advance(600);
    expect(await store.has('a')).toBe(true); // 600 ms after its refresh
  });

  it('keeps a single id when maxEntries is 1', async () => {
    const store = new BoundedProcessedStore({ maxEntries: 1, ttlMs: 60_000 });
    await store.add('a');
    expect([await store.has('a'), store.size]).toEqual([true, 1]);
    await store.add('b');
    expect([await store.has('a'), await store.has('b'), store.size]).toEqual([false, true, 1]);
  });

  it('rejects options outside their range with InvalidMessagingOptionError', () => {
    expect(() => new BoundedProcessedStore({ maxEntries: 0, ttlMs: 1_000 })).toThrow(InvalidMessagingOptionError);
    expect(() => new BoundedProcessedStore({ maxEntries: 1.5, ttlMs: 1_000 })).toThrow(/maxEntries/);
    expect(() => new BoundedProcessedStore({ maxEntries: 5, ttlMs: 0 })).toThrow(/ttlMs/);
  });

  it('lets the idempotent consumer drop a redelivered copy on the in-memory bus', async () => {
    const broker = new InMemoryBroker();
    const bus = broker.connect({ ownsBroker: true });
    const handled: unknown[] = [];
    const duplicates: string[] = [];
    const done = new Promise<void>((resolve) => {
      void bus.subscribe(
        { group: 'ledger', topics: ['payment.captured'] },
        idempotent(
          async (m) => {
            handled.push(m.payload);
            if (handled.length === 2) resolve();
          },
          {
            store: new BoundedProcessedStore({ maxEntries: 100, ttlMs: 60_000 }),
            onDuplicate: (m) => duplicates.push(m.messageId),
          },
        ),
      );
    });
    await bus.publish({ topic: 'payment.captured', payload: 1, messageId: 'pay-1' });
    await bus.publish({ topic: 'payment.captured', payload: 1, messageId: 'pay-1' }); // an outbox re-send
    await bus.publish({ topic: 'payment.captured', payload: 2, messageId: 'pay-2' });
    await done;
    await bus.close();
    expect(handled).toEqual([1, 2]);
    expect(duplicates).toEqual(['pay-1']);
  });
});
