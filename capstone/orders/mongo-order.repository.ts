import { MongoServerError, type Collection } from 'mongodb';
import { DUPLICATE_KEY } from '../../platform/mongo/server-error-codes.js';
import type { StoredOrder } from './mongo-order.store.js';
import type { NewOrder, Order, OrderRepository } from './order.repository.port.js';

/** The stored document as the port's `Order`: `_id` becomes `id`, and the outbox stays behind. */
function toOrder(doc: StoredOrder): Order {
  return {
    id: doc._id,
    userId: doc.userId,
    idempotencyKey: doc.idempotencyKey,
    requestHash: doc.requestHash,
    items: doc.items,
    status: doc.status,
    ...(doc.reason === undefined ? {} : { reason: doc.reason }),
    ...(doc.invoice === undefined ? {} : { invoice: doc.invoice }),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

// #region adapter
/**
 * The `OrderRepository` port on the orders collection (`openOrders` creates its indexes). The unique
 * `(userId, idempotencyKey)` index turns a racing second insert into `duplicate`, which the use case answers as a retry.
 */
export class MongoOrderRepository implements OrderRepository {
  constructor(private readonly orders: Collection<StoredOrder>) {}

  async findByIdempotencyKey(
    userId: string,
    idempotencyKey: string,
  ): Promise<Pick<Order, 'id' | 'requestHash'> | undefined> {
    const found = await this.orders.findOne({ userId, idempotencyKey }, { projection: { requestHash: 1 } });
    return found ? { id: found._id, requestHash: found.requestHash } : undefined;
  }

  async insert(order: NewOrder): Promise<'inserted' | 'duplicate'> {
    const { id, items, outbox, ...rest } = order;
    try {
      await this.orders.insertOne({ ...rest, _id: id, items: [...items], outbox: [...outbox] });
      return 'inserted';
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return 'duplicate';
      throw error;
    }
  }

  async findOwned(id: string, userId: string): Promise<Order | undefined> {
    const found = await this.orders.findOne({ _id: id, userId });
    return found ? toOrder(found) : undefined;
  }
}
// #endregion adapter
