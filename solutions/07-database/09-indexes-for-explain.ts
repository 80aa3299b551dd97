/**
 * Exercise 07.9: the indexes an orders screen needs, judged by MongoDB's own explain of each of its queries.
 */
import type { Collection } from 'mongodb';

export interface Order {
  readonly _id: number;
  readonly customerId: string;
  readonly status: 'open' | 'paid' | 'shipped';
  readonly total: number;
  readonly createdAt: Date;
}

/**
 * Creates the indexes on `orders` that let MongoDB answer each of the orders screen's five queries with an index scan
 * that examines exactly as many keys, and fetches exactly as many documents, as it returns, with no sort in memory.
 */
export async function createOrderIndexes(orders: Collection<Order>): Promise<void> {
  await orders.createIndexes([
    // 1: both equalities, then the sort field (read backwards for newest first).
    { key: { customerId: 1, status: 1, createdAt: 1 } },
    // 2: the equality, then the sort field; status must not sit between them.
    { key: { customerId: 1, createdAt: 1 } },
    // 3 and 5: the equality, then createdAt, which is both the range and the sort.
    { key: { status: 1, createdAt: 1 } },
    // 4: a mixed-direction sort needs the same mix (or its exact opposite) in the index.
    { key: { status: 1, total: -1, createdAt: 1 } },
  ]);
}
