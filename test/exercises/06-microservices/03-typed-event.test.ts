import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InMemoryBroker } from '../../../chapters/06-microservices/in-memory-event-bus.js';
import { childTraceparent, defineEvent, InvalidEventPayloadError } from '#exercise/06-microservices/03-typed-event';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const W3C = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** Bytes that are all `fill`, so ids are predictable. */
const fixed = (fill: number) => (size: number) => Buffer.alloc(size, fill);
/** Bytes that are all `size`: a span id reads 08..., a trace id 10..., whatever order they are asked for. */
const bySize = (size: number) => Buffer.alloc(size, size);

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

  it('takes the span id from 8 bytes and a new trace id from 16', () => {
    expect(childTraceparent(PARENT, bySize)).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${'08'.repeat(8)}-01`);
    expect(childTraceparent(undefined, bySize)).toBe(`00-${'10'.repeat(16)}-${'08'.repeat(8)}-01`);
  });

  it('keeps the flags of a valid parent of any version but ff', () => {
    expect(childTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00', fixed(0xab))).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-abababababababab-00',
    );
  });

  it.each([
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['an all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['upper-case hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['a trace id one digit short', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['a span id one digit long', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b70-01'],
    ['a three-digit version', '000-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['text before it', 'x00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['text after it', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x'],
    ['a non-hex digit', '00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01'],
  ])('starts a new trace for a parent with %s', (_what, parent) => {
    expect(childTraceparent(parent, fixed(0x11))).toBe(`00-${'11'.repeat(16)}-${'11'.repeat(8)}-01`);
  });

  it('continues a trace whose ids have zeros, as long as not all of them are', () => {
    const parent = `00-${'0'.repeat(31)}1-${'0'.repeat(15)}1-01`;
    expect(childTraceparent(parent, fixed(0xab))).toBe(`00-${'0'.repeat(31)}1-abababababababab-01`);
  });

  it('builds a message on its topic, with the correlation id and a child traceparent', () => {
    const orderPlaced = defineOrderPlaced();
    const message = orderPlaced.message(
      { orderId: 'o-1', totalCents: 1200 },
      { correlationId: 'req-9', traceparent: PARENT },
    );
    expect(message).toMatchObject({
      topic: 'order.placed',
      payload: { orderId: 'o-1', totalCents: 1200 },
      correlationId: 'req-9',
    });
    expect(message.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(message.traceparent).not.toBe(PARENT);
  });

  it('leaves out the correlation id when the context has none, and starts a new trace without a parent', () => {
    const orderPlaced = defineOrderPlaced();
    const message = orderPlaced.message({ orderId: 'o-1', totalCents: 1200 });
    expect(message).toStrictEqual({
      topic: 'order.placed',
      payload: { orderId: 'o-1', totalCents: 1200 },
      traceparent: expect.stringMatching(W3C),
    });
    expect(orderPlaced.topic).toBe('order.placed');
  });

  it('publishes and hands over the payload as the schema outputs it', async () => {
    const tagged = defineEvent('tag.added', z.object({ tag: z.string().trim().toLowerCase() }));
    expect(tagged.message({ tag: '  Urgent ' }).payload).toEqual({ tag: 'urgent' });
    const seen: unknown[] = [];
    const handle = tagged.handler(async (payload) => void seen.push(payload));
    await handle({
      messageId: 'm-1',
      correlationId: undefined,
      traceparent: undefined,
      topic: 'tag.added',
      payload: { tag: ' Late' },
      headers: {},
      deliveryCount: 1,
    });
    expect(seen).toEqual([{ tag: 'late' }]);
  });

  it('refuses to build a message whose payload fails the schema, naming the field', () => {
    const orderPlaced = defineOrderPlaced();
    expect(() => orderPlaced.message({ orderId: 'o-1', totalCents: -5 })).toThrow(InvalidEventPayloadError);
    expect(() => orderPlaced.message({ orderId: 'o-1', totalCents: -5 })).toThrow(
      expect.objectContaining({ name: 'InvalidEventPayloadError', code: 'EVENT_PAYLOAD_INVALID' }),
    );
    expect(() => orderPlaced.message({ orderId: '', totalCents: 5 })).toThrow(/orderId/);
  });

  it('hands a consumer the typed payload and the traceparent the producer sent, over the in-memory bus', async () => {
    const orderPlaced = defineOrderPlaced();
    const bus = new InMemoryBroker().connect({ ownsBroker: true });
    const received = new Promise<{ total: number; traceparent: string | undefined }>((resolve) => {
      void bus.subscribe(
        { group: 'billing', topics: [orderPlaced.topic] },
        orderPlaced.handler(async (order, message) =>
          resolve({ total: order.totalCents, traceparent: message.traceparent }),
        ),
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
    expect(dead).toEqual([
      expect.objectContaining({
        reason: 'unprocessable',
        deliveryCount: 1,
        error: expect.stringContaining('totalCents'),
      }),
    ]);
    expect(calls).toBe(0);
    await bus.close();
  });
});
