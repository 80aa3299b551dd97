/**
 * The worker validates every message it consumes: a malformed `order.placed` or outcome event can never succeed, so
 * it goes to the group's dead-letter queue at once, with the reason and the fields that were wrong. On the in-memory
 * broker always, and on real RabbitMQ when AMQP_URL is set (a unique exchange, its queues deleted afterwards).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedDelayRetry } from '../../../chapters/06-microservices/delivery-policy.js';
import type { EventBus, MessageHandler } from '../../../chapters/06-microservices/messaging.port.js';
import { PRODUCTS_COLLECTION, type ProductDocument } from '../../../capstone/catalog/mongo-product.repository.js';
import { openOrders } from '../../../capstone/orders/mongo-order.store.js';
import { ORDER_PLACED } from '../../../capstone/orders/place-order.use-case.js';
import {
  createFulfilOrderHandler,
  ORDER_CONFIRMED,
  ORDER_REJECTED,
} from '../../../capstone/worker/fulfil-order.handler.js';
import { InlineInvoiceBuilder } from '../../../capstone/orders/invoice-builder.js';
import { OrderClaims } from '../../../capstone/worker/order-claim.js';
import { createNotificationHandler, openNotifications } from '../../../capstone/worker/notification.handler.js';
import { busTargets, type BusTarget } from '../../support/bus-targets.js';
import { useLiveDb } from '../../support/mongo.js';

const live = useLiveDb('order_event_schemas');
let bus: EventBus | undefined;
let cleanUp: (() => Promise<void>) | undefined;
afterEach(async () => {
  await bus?.close();
  await cleanUp?.();
  bus = undefined;
  cleanUp = undefined;
});

/** Subscribes `handler` on a fresh bus of `target` and publishes `messages`; answers the dead letters once all arrived. */
async function deadLettersOf(
  target: BusTarget,
  handler: MessageHandler,
  messages: readonly { topic: string; payload: unknown }[],
): Promise<{ reason: string; error: string }[]> {
  const opened = await target.open();
  bus = opened.bus;
  cleanUp = () => opened.remove(['under-test']);
  const topics = [...new Set(messages.map((message) => message.topic))];
  await bus.subscribe(
    { group: 'under-test', topics, retry: fixedDelayRetry({ delayMs: 1, maxDeliveries: 5 }) },
    handler,
  );
  for (const message of messages) await bus.publish(message);
  const letters: { reason: string; error: string }[] = [];
  await vi.waitFor(
    async () => {
      letters.push(...(await (bus as EventBus).takeDeadLetters('under-test')));
      expect(letters).toHaveLength(messages.length);
    },
    { timeout: 30_000, interval: 20 },
  );
  return letters;
}

describe.each(busTargets)('worker messages are validated with zod ($name)', (target) => {
  if (target.skip) {
    it.skip(`skipped: ${target.skip}`, () => {});
    return;
  }

  it('dead-letters a malformed order.placed as unprocessable, naming the field', async () => {
    const { db } = live();
    const orders = await openOrders(db);
    const handler = createFulfilOrderHandler({
      orders,
      products: db.collection<ProductDocument>(PRODUCTS_COLLECTION),
      claims: new OrderClaims(orders),
      invoices: new InlineInvoiceBuilder(),
      taxRateBasisPoints: 2_000,
      onStockChanged: async () => {},
    });

    const letters = await deadLettersOf(target, handler, [
      { topic: ORDER_PLACED, payload: { orderId: 42, userId: 'u1' } },
      { topic: ORDER_PLACED, payload: null },
    ]);

    expect(letters.map((letter) => letter.reason)).toEqual(['unprocessable', 'unprocessable']);
    expect(letters[0]?.error).toMatch(/order\.placed .* is malformed \(orderId: .*expected string/);
    expect(letters[1]?.error).toMatch(/is malformed \(\(payload\): /);
  });

  it('dead-letters an outcome event without its total or reason, and notifies nobody', async () => {
    const notifications = await openNotifications(live().db);
    const handler = createNotificationHandler(notifications, () => {});

    const letters = await deadLettersOf(target, handler, [
      { topic: ORDER_CONFIRMED, payload: { orderId: 'o1', userId: 'u1', status: 'confirmed' } },
      { topic: ORDER_REJECTED, payload: { orderId: 'o2', userId: 'u1', status: 'shipped' } },
    ]);

    expect(letters.map((letter) => letter.reason)).toEqual(['unprocessable', 'unprocessable']);
    expect(letters.map((letter) => letter.error).join('\n')).toMatch(/totalCents/);
    expect(letters.map((letter) => letter.error).join('\n')).toMatch(/status/);
    expect(await notifications.countDocuments()).toBe(0);
  });
});
