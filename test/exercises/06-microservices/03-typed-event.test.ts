import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InMemoryBroker } from '../../../platform/amqp/in-memory-event-bus.js';
import { childTraceparent, defineEvent, InvalidEventPayloadError } from '#exercise/06-microservices/03-typed-event';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const W3C = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** Bytes that are all `fill`, so ids are predictable. */
const fixed = (fill: number) => (size: number) => Buffer.alloc(size, fill);

const orderSchema = z.object({ orderId: z.string().min(1), totalCents: z.number().int().positive() });
/** Defined inside each test, so an unsolved stub fails the tests rather than the file's import. */
const defineOrderPlaced = () => defineEvent('order.placed', orderSchema);

describe('06.3 typed events with schema validation and trace context', () => {
  it('continues the parent trace with a new span id and the same flags', () => {
    expect(childTraceparent(PARENT, fixed(0xab))).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-abababababababab-01');
  });

  it('starts a new sampled trace when there is no valid parent', () => {
    for (const parent of [undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      expect(childTraceparent(parent, fixed(0x11))).toBe(`00-${'11'.repeat(16)}-${'11'.repeat(8)}-01`);
    }
    expect(childTraceparent()).toMatch(W3C);
  });

  it('builds a message on its topic, with the correlation id and a child traceparent', () => {
    const orderPlaced = defineOrderPlaced();
    const message = orderPlaced.message({ orderId: 'o-1', totalCents: 1200 }, { correlationId: 'req-9', traceparent: PARENT });
    expect(message).toMatchObject({ topic: 'order.placed', payload: { orderId: 'o-1', totalCents: 1200 }, correlationId: 'req-9' });
    expect(message.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(message.traceparent).not.toBe(PARENT);
  });

  it('refuses to build a message whose payload fails the schema, naming the field', () => {
    const orderPlaced = defineOrderPlaced();
    expect(() => orderPlaced.message({ orderId: 'o-1', totalCents: -5 })).toThrow(InvalidEventPayloadError);
    expect(() => orderPlaced.message({ orderId: '', totalCents: 5 })).toThrow(/orderId/);
  });

  it('hands a consumer the typed payload and the traceparent the producer sent, over the in-memory bus', async () => {
    const orderPlaced = defineOrderPlaced();
    const bus = new InMemoryBroker().connect({ ownsBroker: true });
    const received = new Promise<{ total: number; traceparent: string | undefined }>((resolve) => {
      void bus.subscribe(
        { group: 'billing', topics: [orderPlaced.topic] },
        orderPlaced.handler(async (order, message) => resolve({ total: order.totalCents, traceparent: message.traceparent })),
      );
    });
    const message = orderPlaced.message({ orderId: 'o-2', totalCents: 700 }, { traceparent: PARENT });
    await bus.publish(message);
    await expect(received).resolves.toEqual({ total: 700, traceparent: message.traceparent });
    await bus.close();
  });

  it('dead-letters at once a message from a producer that skipped validation', async () => {
    const orderPlaced = defineOrderPlaced();
    const bus = new InMemoryBroker().connect({ ownsBroker: true });
    let calls = 0;
    await bus.subscribe(
      { group: 'billing', topics: [orderPlaced.topic] },
      orderPlaced.handler(async () => void (calls += 1)),
    );
    await bus.publish({ topic: 'order.placed', payload: { orderId: 'o-3', totalCents: 'ten' } });
    let dead: Awaited<ReturnType<typeof bus.takeDeadLetters>> = [];
    for (let i = 0; i < 50 && dead.length === 0; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      dead = await bus.takeDeadLetters('billing');
    }
    expect(dead).toEqual([expect.objectContaining({ reason: 'unprocessable', deliveryCount: 1, error: expect.stringContaining('totalCents') })]);
    expect(calls).toBe(0);
    await bus.close();
  });
});
