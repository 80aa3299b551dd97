import { describe, expect, it } from 'vitest';
import { idempotent, InMemoryProcessedStore } from '../../../chapters/06-microservices/idempotent-consumer.js';
import type { DeliveredMessage } from '../../../chapters/06-microservices/messaging.port.js';

const message = (messageId: string): DeliveredMessage => ({
  topic: 'order.placed',
  payload: {},
  messageId,
  correlationId: undefined,
  traceparent: undefined,
  headers: {},
  deliveryCount: 1,
});

describe('idempotent consumer', () => {
  it('handles a message id once and reports later copies as duplicates', async () => {
    const handled: string[] = [];
    const duplicates: string[] = [];
    const handle = idempotent(async (m) => void handled.push(m.messageId), {
      store: new InMemoryProcessedStore(),
      onDuplicate: (m) => duplicates.push(m.messageId),
    });
    await handle(message('a'));
    await handle(message('a'));
    await handle(message('b'));
    expect(handled).toEqual(['a', 'b']);
    expect(duplicates).toEqual(['a']);
  });

  it('runs the handler once when two copies arrive at the same time', async () => {
    let calls = 0;
    let release!: () => void;
    const handle = idempotent(
      async () => {
        calls += 1;
        await new Promise<void>((resolve) => (release = resolve));
      },
      { store: new InMemoryProcessedStore() },
    );
    const first = handle(message('same'));
    const second = handle(message('same'));
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all([first, second]);
    expect(calls).toBe(1);
  });

  it('does not record a message whose handler failed, so the retry runs it again', async () => {
    const store = new InMemoryProcessedStore();
    let calls = 0;
    const handle = idempotent(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('database timeout');
      },
      { store },
    );
    await expect(handle(message('x'))).rejects.toThrow('database timeout');
    await handle(message('x'));
    expect(calls).toBe(2);
    expect(store.size).toBe(1);
  });
});
