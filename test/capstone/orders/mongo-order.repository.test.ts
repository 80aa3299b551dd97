import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { MongoOrderRepository } from '../../../capstone/orders/mongo-order.repository.js';
import { openOrders } from '../../../capstone/orders/mongo-order.store.js';
import type { NewOrder } from '../../../capstone/orders/order.repository.port.js';
import { useLiveDb } from '../../support/mongo.js';

const live = useLiveDb('order_repository');
let repository: MongoOrderRepository;

beforeAll(async () => {
  repository = new MongoOrderRepository(await openOrders(live().db));
});

function newOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  const at = new Date('2030-01-01T00:00:00.000Z');
  return {
    id: randomUUID(),
    userId: 'user-1',
    idempotencyKey: randomUUID(),
    requestHash: 'hash-1',
    items: [{ productId: 'p1', name: 'Mug', quantity: 2, unitPriceCents: 1250 }],
    status: 'pending',
    createdAt: at,
    updatedAt: at,
    outbox: [],
    ...overrides,
  };
}

describe('MongoOrderRepository (the OrderRepository port on MongoDB)', () => {
  it('finds a stored order by its owner and id, without storage fields', async () => {
    const order = newOrder();
    expect(await repository.insert(order)).toBe('inserted');
    const { outbox: _events, ...expected } = order;
    expect(await repository.findOwned(order.id, order.userId)).toEqual(expected);
  });

  it("answers someone else's order as absent", async () => {
    const order = newOrder();
    await repository.insert(order);
    expect(await repository.findOwned(order.id, 'user-2')).toBeUndefined();
  });

  it('answers duplicate, not an error, for a second order under the same user and key', async () => {
    const first = newOrder();
    await repository.insert(first);
    expect(
      await repository.insert(
        newOrder({ userId: first.userId, idempotencyKey: first.idempotencyKey, requestHash: 'hash-2' }),
      ),
    ).toBe('duplicate');
    expect(await repository.findByIdempotencyKey(first.userId, first.idempotencyKey)).toEqual({
      id: first.id,
      requestHash: 'hash-1',
    });
  });

  it('finds nothing under a key the user never used', async () => {
    expect(await repository.findByIdempotencyKey('user-1', randomUUID())).toBeUndefined();
  });
});
