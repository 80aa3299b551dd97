/**
 * The order intake's baseline: a bare driver script doing the three writes an order cannot do without (insert it,
 * reserve the stock with a guarded `$inc`, mark it confirmed), with the same concurrency as the service's callers
 * and against the same MongoDB engine. Everything the service does beyond these is its overhead.
 */
import { randomUUID } from 'node:crypto';
import { runDriverScript, type DriverScriptJob } from './driver-script.js';

/** Orders a second the bare script confirms: `orders` orders, `concurrency` lanes, one product with ample stock. */
export function bareOrderWrites(job: DriverScriptJob): Promise<number> {
  return runDriverScript(job, async (db) => {
    const products = db.collection<{ _id: string; stock: number }>('products');
    const orderDocs = db.collection<{ _id: string; productId: string; quantity: number; status: string }>('orders');
    await products.insertOne({ _id: 'p', stock: 1_000_000_000 });
    return async () => {
      const id = randomUUID();
      await orderDocs.insertOne({ _id: id, productId: 'p', quantity: 1, status: 'pending' });
      const reserved = await products.updateOne({ _id: 'p', stock: { $gte: 1 } }, { $inc: { stock: -1 } });
      await orderDocs.updateOne(
        { _id: id },
        { $set: { status: reserved.modifiedCount === 1 ? 'confirmed' : 'rejected' } },
      );
    };
  });
}
