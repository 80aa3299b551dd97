import { describe, expect, it, vi } from 'vitest';
import { encodeMessage } from '../../../chapters/06-microservices/message-codec.js';
import { InMemoryBroker } from '../../../chapters/06-microservices/in-memory-event-bus.js';
import { describeEventBusContract } from './event-bus-contract.js';
import { fixedDelayRetry } from '../../../chapters/06-microservices/delivery-policy.js';

describeEventBusContract({
  name: 'in-memory broker',
  skip: false,
  setup: async () => {
    const broker = new InMemoryBroker(`contract-${Math.random().toString(36).slice(2)}`);
    const buses: { close(): Promise<void> }[] = [];
    return {
      connect: async () => {
        const bus = broker.connect();
        buses.push(bus);
        return bus;
      },
      publishRaw: async (topic, body, messageId) => {
        const wire = encodeMessage({ topic, payload: null, ...(messageId ? { messageId } : {}) });
        broker.publishRaw({ ...wire, body });
      },
      teardown: async () => {
        await Promise.all(buses.map((bus) => bus.close()));
        broker.close();
      },
    };
  },
});

describe('in-memory broker specifics', () => {
  it('waits the retry delay on the clock before redelivering', async () => {
    vi.useFakeTimers();
    try {
      const broker = new InMemoryBroker();
      const bus = broker.connect({ ownsBroker: true });
      const seen: number[] = [];
      await bus.subscribe(
        { group: 'clocked', topics: ['tick'], retry: fixedDelayRetry({ delayMs: 1_000, maxDeliveries: 2 }) },
        async (m) => {
          seen.push(m.deliveryCount);
          throw new Error('not yet');
        },
      );
      await bus.publish({ topic: 'tick', payload: {} });
      await vi.advanceTimersByTimeAsync(999);
      expect(seen).toEqual([1]);
      await vi.advanceTimersByTimeAsync(1);
      expect(seen).toEqual([1, 2]);
      expect(await bus.takeDeadLetters('clocked')).toHaveLength(1);
      await bus.close();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not deliver a message published before any group was bound to its topic', async () => {
    const broker = new InMemoryBroker();
    const bus = broker.connect({ ownsBroker: true });
    await bus.publish({ topic: 'order.placed', payload: 'early' });
    const seen: unknown[] = [];
    await bus.subscribe({ group: 'late', topics: ['order.placed'] }, async (m) => void seen.push(m.payload));
    await bus.publish({ topic: 'order.placed', payload: 'after' });
    await vi.waitFor(() => expect(seen).toEqual(['after']));
    await bus.close();
  });

  it('drops pending retry timers when the owning client closes', async () => {
    const broker = new InMemoryBroker();
    const bus = broker.connect({ ownsBroker: true });
    await bus.subscribe({ group: 'g', topics: ['t'], retry: fixedDelayRetry({ delayMs: 60_000 }) }, async () => {
      throw new Error('fail');
    });
    await bus.publish({ topic: 't', payload: 1 });
    await vi.waitFor(() => expect(broker.depth('events.g')).toBe(0));
    await bus.close();
    expect(broker.closed).toBe(true);
  });
});
