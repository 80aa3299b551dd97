/**
 * The place-order use case on an in-memory `OrderRepository`: what a new order, a retry and a reused key cost and
 * answer. The HTTP contract (test/capstone/support/orders-contract.ts) covers the same answers through MongoDB.
 */
import { describe, expect, it } from 'vitest';
import type { Product } from '../../../capstone/catalog/mongo-product.repository.js';
import { IdempotencyKeyReusedError, UnknownProductError } from '../../../capstone/orders/order-errors.js';
import type { NewOrder, OrderRepository } from '../../../capstone/orders/order.repository.port.js';
import { createPlaceOrder } from '../../../capstone/orders/place-order.use-case.js';

/** Orders in a map, keyed as the unique index is; counts the key lookups. */
class MemoryOrders implements OrderRepository {
  readonly byKey = new Map<string, NewOrder>();
  lookups = 0;

  async findByIdempotencyKey(userId: string, idempotencyKey: string) {
    this.lookups += 1;
    const found = this.byKey.get(`${userId}\u0000${idempotencyKey}`);
    return found ? { id: found.id, requestHash: found.requestHash } : undefined;
  }

  async insert(order: NewOrder): Promise<'inserted' | 'duplicate'> {
    const key = `${order.userId}\u0000${order.idempotencyKey}`;
    if (this.byKey.has(key)) return 'duplicate';
    this.byKey.set(key, order);
    return 'inserted';
  }

  async findOwned(): Promise<undefined> {
    return undefined;
  }
}

function catalogue(products: Product[]): { findMany(ids: readonly string[]): Promise<Map<string, Product>> } {
  return {
    findMany: async (ids) => new Map(products.filter((p) => ids.includes(p.id)).map((p) => [p.id, p])),
  };
}

const lamp: Product = { id: 'p1', name: 'Lamp', priceCents: 1_500, stock: 5, createdAt: new Date(0) };
const oneLamp = { items: [{ productId: 'p1', quantity: 1 }] };

describe('place order', () => {
  it('inserts a new order without looking its key up first', async () => {
    const orders = new MemoryOrders();
    const placeOrder = createPlaceOrder({ orders, products: catalogue([lamp]), newId: () => 'o1' });

    expect(await placeOrder({ userId: 'u1', idempotencyKey: 'k1', body: oneLamp })).toEqual({
      id: 'o1',
      status: 'pending',
      replayed: false,
    });
    expect(orders.lookups).toBe(0);
    expect(orders.byKey.size).toBe(1);
  });

  it('answers a retry with the first order, and a reused key with another body with an error', async () => {
    const orders = new MemoryOrders();
    let n = 0;
    const placeOrder = createPlaceOrder({ orders, products: catalogue([lamp]), newId: () => `o${(n += 1)}` });
    await placeOrder({ userId: 'u1', idempotencyKey: 'k1', body: oneLamp });

    expect(await placeOrder({ userId: 'u1', idempotencyKey: 'k1', body: oneLamp })).toEqual({
      id: 'o1',
      status: 'pending',
      replayed: true,
    });
    await expect(
      placeOrder({ userId: 'u1', idempotencyKey: 'k1', body: { items: [{ productId: 'p1', quantity: 2 }] } }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(orders.byKey.size).toBe(1);
  });

  it('answers a retry with the first order even after its product left the catalogue', async () => {
    const orders = new MemoryOrders();
    const products = [lamp];
    const placeOrder = createPlaceOrder({ orders, products: catalogue(products), newId: () => 'o1' });
    await placeOrder({ userId: 'u1', idempotencyKey: 'k1', body: oneLamp });
    products.pop();

    expect(await placeOrder({ userId: 'u1', idempotencyKey: 'k1', body: oneLamp })).toMatchObject({
      id: 'o1',
      replayed: true,
    });
    await expect(placeOrder({ userId: 'u1', idempotencyKey: 'k2', body: oneLamp })).rejects.toBeInstanceOf(
      UnknownProductError,
    );
  });
});
