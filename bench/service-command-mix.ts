/**
 * The order intake's second reference: the MongoDB commands the service sends for one order (as the bench counts
 * them: about 7.5), replayed by a bare driver script with none of the service's code, on the same engine and at the
 * same concurrency. Its ratio to the three-write baseline is the most any service sending these commands can reach
 * here; the service's own ratio below it is what its HTTP, auth, broker, worker and invoice code cost.
 * Keep it in step with the per-command breakdown the bench prints.
 */
import { randomUUID } from 'node:crypto';
import { runDriverScript, type DriverScriptJob } from './driver-script.js';

interface Order {
  _id: string;
  userId: string;
  idempotencyKey: string;
  status: string;
  items: { productId: string; name: string; quantity: number; unitPriceCents: number }[];
  outbox: { messageId: string; publisher: string; type: string; payload: unknown; createdAt: Date }[];
  claim?: { messageId: string; token: string; expiresAt: Date };
  invoice?: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/** Orders a second the replay completes: `orders` orders, `concurrency` lanes. */
export function serviceCommandMix(job: DriverScriptJob): Promise<number> {
  return runDriverScript(job, async (db) => {
    const products = db.collection<{ _id: string; name: string; stock: number; reservations: string[] }>('products');
    const orderDocs = db.collection<Order>('orders');
    const revoked = db.collection<{ _id: string }>('revoked_token_families');
    const notifications = db.collection<{ _id: string; orderId: string; text: string }>('notifications');
    // The service's indexes, so each write maintains what the service's writes maintain.
    await orderDocs.createIndex({ userId: 1, idempotencyKey: 1 }, { unique: true });
    await orderDocs.createIndex({ 'outbox.0.messageId': 1 }, { sparse: true });
    await orderDocs.createIndex({ 'outbox.publisher': 1 }, { sparse: true });
    await products.createIndex({ name: 1 }, { unique: true });
    await products.insertOne({ _id: 'p', name: 'Async Mug', stock: 1_000_000_000, reservations: [] });
    const userId = randomUUID();
    const item = { productId: 'p', name: 'Async Mug', quantity: 1, unitPriceCents: 1250 };
    return async (sequence) => {
      const orderId = randomUUID();
      // api: the token's session is not revoked; the products priced; the order inserted with its event.
      await revoked.findOne({ _id: randomUUID() });
      await products.find({ _id: { $in: ['p'] } }).toArray();
      const placedAt = new Date();
      await orderDocs.insertOne({
        _id: orderId,
        userId,
        idempotencyKey: randomUUID(),
        status: 'pending',
        items: [item],
        outbox: [
          {
            messageId: randomUUID(),
            publisher: 'api',
            type: 'order.placed',
            payload: { orderId },
            createdAt: placedAt,
          },
        ],
        createdAt: placedAt,
        updatedAt: placedAt,
      });
      // worker: claim and read, reserve, decide (with the next event), notify.
      const token = randomUUID();
      const now = new Date();
      await orderDocs.findOneAndUpdate(
        {
          _id: orderId,
          status: 'pending',
          $or: [{ claim: { $exists: false } }, { 'claim.expiresAt': { $lte: now } }],
        },
        { $set: { claim: { messageId: randomUUID(), token, expiresAt: new Date(now.getTime() + 60_000) } } },
        { returnDocument: 'after' },
      );
      await products.updateOne(
        { _id: 'p', stock: { $gte: 1 } },
        { $inc: { stock: -1 }, $push: { reservations: orderId } },
      );
      await orderDocs.updateOne(
        { _id: orderId, 'claim.token': token },
        {
          $set: {
            status: 'confirmed',
            updatedAt: new Date(),
            invoice: { number: 'INV-1', lines: [{ ...item, lineTotalCents: 1250 }], totalCents: 1500 },
            outbox: [
              {
                messageId: randomUUID(),
                publisher: 'worker',
                type: 'order.confirmed',
                payload: { orderId },
                createdAt: now,
              },
            ],
          },
          $unset: { claim: '' },
        },
      );
      await notifications.updateOne(
        { _id: randomUUID() },
        { $setOnInsert: { orderId, text: `Your order ${orderId} is confirmed` } },
        { upsert: true },
      );
      // Batched work, about one in five orders: the relays' read and removal, the settler's mark removal.
      if (sequence % 5 === 0) {
        await orderDocs.find({ 'outbox.publisher': 'api' }).limit(64).toArray();
        await orderDocs.updateMany({ _id: { $in: [orderId] } }, { $set: { outbox: [] } });
        await products.updateMany({ _id: 'p' }, { $pull: { reservations: { $in: [orderId] } } });
      }
    };
  });
}
