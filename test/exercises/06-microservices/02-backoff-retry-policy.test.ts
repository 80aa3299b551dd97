import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  InvalidMessagingOptionError,
  UnprocessableMessageError,
} from '../../../chapters/06-microservices/messaging-error.js';
import { InMemoryBroker } from '../../../chapters/06-microservices/in-memory-event-bus.js';
import { backoffRetry } from '#exercise/06-microservices/02-backoff-retry-policy';

const failure = (deliveryCount: number, error: unknown = new Error('timeout')) => ({ deliveryCount, error });

describe('06.2 a retry policy with exponential backoff and jitter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('doubles the ceiling with each failure, up to maxDelayMs', () => {
    const policy = backoffRetry({ baseDelayMs: 100, maxDelayMs: 1_000, maxDeliveries: 10, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map((n) => policy(failure(n)))).toEqual(
      [100, 200, 400, 800, 1_000, 1_000].map((delayMs) => ({ action: 'retry', delayMs })),
    );
  });

  it('spreads the delay between baseDelayMs and the ceiling with the random source', () => {
    const at = (random: number): unknown =>
      backoffRetry({ baseDelayMs: 100, maxDelayMs: 10_000, maxDeliveries: 10, random: () => random })(failure(4));
    expect(at(0)).toEqual({ action: 'retry', delayMs: 100 });
    expect(at(0.5)).toEqual({ action: 'retry', delayMs: 450 }); // halfway from 100 to 800
  });

  it('dead-letters once maxDeliveries deliveries have failed', () => {
    const policy = backoffRetry({ baseDelayMs: 10, maxDelayMs: 100, maxDeliveries: 3, random: () => 0 });
    expect(policy(failure(2))).toEqual({ action: 'retry', delayMs: 10 });
    expect(policy(failure(3))).toEqual({ action: 'dead-letter', reason: 'delivery-limit' });
  });

  it('dead-letters a permanent error at once, naming it in the reason', () => {
    const policy = backoffRetry({
      baseDelayMs: 10,
      maxDelayMs: 100,
      maxDeliveries: 5,
      isPermanent: (error) => error instanceof RangeError,
    });
    expect(policy(failure(1, new RangeError('quantity must be positive')))).toEqual({
      action: 'dead-letter',
      reason: 'permanent: RangeError: quantity must be positive',
    });
  });

  it('rejects options outside their range with InvalidMessagingOptionError', () => {
    expect(() => backoffRetry({ baseDelayMs: 0, maxDelayMs: 100, maxDeliveries: 3 })).toThrow(
      InvalidMessagingOptionError,
    );
    expect(() => backoffRetry({ baseDelayMs: 200, maxDelayMs: 100, maxDeliveries: 3 })).toThrow(/maxDelayMs/);
    expect(() => backoffRetry({ baseDelayMs: 10, maxDelayMs: 100, maxDeliveries: 0 })).toThrow(/maxDeliveries/);
    expect(() => backoffRetry({ baseDelayMs: 0, maxDelayMs: 100, maxDeliveries: 3 })).toThrow(/baseDelayMs/);
    expect(() => backoffRetry({ baseDelayMs: 10, maxDelayMs: 100, maxDeliveries: 1.5 })).toThrow(/maxDeliveries/);
  });

  it('accepts the smallest allowed options: maxDelayMs equal to baseDelayMs, one delivery', () => {
    const policy = backoffRetry({ baseDelayMs: 50, maxDelayMs: 50, maxDeliveries: 1, random: () => 0.999999 });
    expect(policy(failure(1))).toEqual({ action: 'dead-letter', reason: 'delivery-limit' });
    expect(
      backoffRetry({ baseDelayMs: 50, maxDelayMs: 50, maxDeliveries: 3, random: () => 0.999999 })(failure(2)),
    ).toEqual({ action: 'retry', delayMs: 50 });
  });

  it('names a permanent error even at the delivery limit, and treats nothing as permanent by default', () => {
    const permanent = backoffRetry({ baseDelayMs: 10, maxDelayMs: 100, maxDeliveries: 3, isPermanent: () => true });
    expect(permanent(failure(3, new TypeError('bad payload')))).toEqual({
      action: 'dead-letter',
      reason: 'permanent: TypeError: bad payload',
    });
    const defaults = backoffRetry({ baseDelayMs: 10, maxDelayMs: 100, maxDeliveries: 3, random: () => 0 });
    expect(defaults(failure(1, new RangeError('quantity must be positive')))).toEqual({ action: 'retry', delayMs: 10 });
  });

  it('drives the in-memory bus: redeliveries wait the computed delays on the clock, then the message is dead-lettered', async () => {
    vi.useFakeTimers();
    const bus = new InMemoryBroker().connect({ ownsBroker: true });
    const seenAt: number[] = [];
    const start = Date.now();
    await bus.subscribe(
      {
        group: 'payments',
        topics: ['payment.requested'],
        retry: backoffRetry({ baseDelayMs: 100, maxDelayMs: 1_000, maxDeliveries: 3, random: () => 0.999999 }),
      },
      async () => {
        seenAt.push(Date.now() - start);
        throw new Error('card processor unavailable');
      },
    );
    await bus.publish({ topic: 'payment.requested', payload: { amount: 5 } });
    await vi.advanceTimersByTimeAsync(99);
    expect(seenAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1 + 200);
    expect(seenAt).toEqual([0, 100, 300]);
    expect(await bus.takeDeadLetters('payments')).toEqual([
      expect.objectContaining({ reason: 'delivery-limit', deliveryCount: 3 }),
    ]);
    await bus.close();
  });

  it('never overrides the bus: an UnprocessableMessageError is dead-lettered without consulting the delays', async () => {
    const bus = new InMemoryBroker().connect({ ownsBroker: true });
    let calls = 0;
    await bus.subscribe(
      {
        group: 'strict',
        topics: ['order.placed'],
        retry: backoffRetry({ baseDelayMs: 60_000, maxDelayMs: 60_000, maxDeliveries: 5 }),
      },
      async () => {
        calls += 1;
        throw new UnprocessableMessageError('unknown schema version 7');
      },
    );
    await bus.publish({ topic: 'order.placed', payload: {} });
    await vi.waitFor(async () => expect(await bus.takeDeadLetters('strict')).toHaveLength(1));
    expect(calls).toBe(1);
    await bus.close();
  });
});
