/** Batched removal of reservation marks, on the live MongoDB of the run (the embedded engine when none is set). */
import type { Collection } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { PRODUCTS_COLLECTION, type ProductDocument } from '../../../capstone/catalog/mongo-product.repository.js';
import { openOrders, type StoredOrder } from '../../../capstone/orders/mongo-order.store.js';
import { ReservationSettler } from '../../../capstone/worker/reservation-settler.js';
import { useLiveDb } from '../../support/mongo.js';

const live = useLiveDb('reservation_settler');
let products: Collection<ProductDocument>;
let orders: Collection<StoredOrder>;

/** The products collection, counting `updateMany` calls. */
function counting(collection: Collection<ProductDocument>): {
  collection: Collection<ProductDocument>;
  writes(): number;
} {
  let writes = 0;
  const proxy = new Proxy(collection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property !== 'updateMany' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        writes += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { collection: proxy, writes: () => writes };
}

async function marks(): Promise<[string, string[]][]> {
  const all = await products.find({}, { sort: { _id: 1 } }).toArray();
  return all.map((product) => [product._id, product.reservations ?? []]);
}

function order(id: string, status: StoredOrder['status']): StoredOrder {
  const at = new Date();
  return { _id: id, userId: 'u', idempotencyKey: id, requestHash: id, items: [], status, createdAt: at, updatedAt: at };
}

beforeEach(async () => {
  const { db } = live();
  products = db.collection<ProductDocument>(PRODUCTS_COLLECTION);
  orders = await openOrders(db);
  await products.deleteMany({});
  await orders.deleteMany({});
  const at = new Date();
  await products.insertMany([
    { _id: 'p1', name: 'Lamp', priceCents: 1, stock: 1, createdAt: at, reservations: ['o1', 'o2', 'o3'] },
    { _id: 'p2', name: 'Desk', priceCents: 1, stock: 1, createdAt: at, reservations: ['o2', 'o4'] },
  ]);
});

describe('reservation settler', () => {
  it('removes the marks of every order settled together in one write, and leaves the others', async () => {
    const { collection, writes } = counting(products);
    const settler = new ReservationSettler(collection, { delayMs: 60_000 });
    settler.settle('o1', ['p1']);
    settler.settle('o2', ['p1', 'p2']);
    expect(await marks()).toEqual([
      ['p1', ['o1', 'o2', 'o3']],
      ['p2', ['o2', 'o4']],
    ]); // nothing yet: the batch waits
    await settler.close();

    expect(await marks()).toEqual([
      ['p1', ['o3']],
      ['p2', ['o4']],
    ]);
    expect(writes()).toBe(1);
  });

  it('flushes on its own once the batch is full', async () => {
    const settler = new ReservationSettler(products, { maxOrders: 2, delayMs: 60_000 });
    settler.settle('o1', ['p1']);
    settler.settle('o3', ['p1']);
    await settler.flush(); // resolves once the write the full batch started is done; queues nothing new
    expect(await marks()).toEqual([
      ['p1', ['o2']],
      ['p2', ['o2', 'o4']],
    ]);
  });

  it('sweeps the marks of decided orders a crashed worker left, and keeps those of pending ones', async () => {
    await orders.insertMany([order('o1', 'confirmed'), order('o2', 'pending'), order('o3', 'rejected')]);
    const settler = new ReservationSettler(products);

    expect(await settler.sweep(orders)).toBe(2);
    expect(await marks()).toEqual([
      ['p1', ['o2']],
      ['p2', ['o2', 'o4']],
    ]);
  });
});
