import type { Collection, Document, FindCursor } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { analyseExplain } from '../../../chapters/07-database/explain-analyser.js';
import { useLiveDb } from '../../support/mongo.js';
import { createOrderIndexes, type Order } from '#exercise/07-database/09-indexes-for-explain';

const live = useLiveDb('ex07_9');

const STATUSES = ['open', 'paid', 'shipped', 'open'] as const;
const start = Date.UTC(2026, 0, 1);
const cutoff = new Date(start + 400 * 60_000);

/** 800 orders of 16 customers; half of them open; totals repeat, so the biggest ones tie. */
function seedOrders(): Order[] {
  return Array.from({ length: 800 }, (_, i) => ({
    _id: i,
    customerId: `c${i % 16}`,
    status: STATUSES[Math.floor(i / 3) % STATUSES.length] as Order['status'],
    total: ((i * 37) % 25) * 10,
    createdAt: new Date(start + i * 60_000),
  }));
}

const seeded = seedOrders();
const count = (matches: (order: Order) => boolean): number => seeded.filter(matches).length;

let seededOnce: Promise<Collection<Order>> | undefined;
/** The seeded collection (seeded by the first test), after a call of the learner's function (every test makes one). */
async function indexedOrders(): Promise<Collection<Order>> {
  seededOnce ??= (async () => {
    const orders = live().db.collection<Order>('orders');
    await orders.insertMany(seeded);
    return orders;
  })();
  const orders = await seededOnce;
  await createOrderIndexes(orders);
  return orders;
}

/** Runs the explain of a query and checks it read exactly what it returned, from an index, with no sort in memory. */
async function expectExactIndexScan(cursor: FindCursor<Order>, expectedReturned: number): Promise<void> {
  const report = analyseExplain((await cursor.explain('executionStats')) as Document);
  expect(report.stages, 'an index scan, no collection scan, no sort in memory').toContain('IXSCAN');
  expect(report.stages).not.toContain('COLLSCAN');
  expect(report.stages).not.toContain('SORT');
  expect(report.nReturned).toBe(expectedReturned);
  expect(report.keysExamined, 'index keys examined = documents returned').toBe(report.nReturned);
  expect(report.docsExamined, 'documents fetched = documents returned').toBe(report.nReturned);
}

describe('07.9 indexes that make explain read only what the query returns', () => {
  it("query 1: a customer's open orders, newest first", async () => {
    const orders = await indexedOrders();
    await expectExactIndexScan(
      orders.find({ customerId: 'c3', status: 'open' }).sort({ createdAt: -1 }),
      count((order) => order.customerId === 'c3' && order.status === 'open'),
    );
  });

  it("query 2: a customer's 20 latest orders", async () => {
    const orders = await indexedOrders();
    await expectExactIndexScan(orders.find({ customerId: 'c5' }).sort({ createdAt: -1 }).limit(20), 20);
  });

  it('query 3: the open orders placed before a cut-off, oldest first', async () => {
    const orders = await indexedOrders();
    await expectExactIndexScan(
      orders.find({ status: 'open', createdAt: { $lt: cutoff } }).sort({ createdAt: 1 }),
      count((order) => order.status === 'open' && order.createdAt < cutoff),
    );
  });

  it('query 4: the ten biggest open orders, oldest first among equal totals', async () => {
    const orders = await indexedOrders();
    await expectExactIndexScan(orders.find({ status: 'open' }).sort({ total: -1, createdAt: 1 }).limit(10), 10);
  });

  it('query 5: the 50 oldest open orders', async () => {
    const orders = await indexedOrders();
    await expectExactIndexScan(orders.find({ status: 'open' }).sort({ createdAt: 1 }).limit(50), 50);
  });

  it('creates at most four indexes besides _id', async () => {
    const orders = await indexedOrders();
    const names = (await orders.listIndexes().toArray())
      .map((index) => String(index.name))
      .filter((name) => name !== '_id_');
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThanOrEqual(4);
  });

  it('can run again on a collection that has its indexes, changing nothing', async () => {
    const orders = await indexedOrders();
    const before = await orders.listIndexes().toArray();
    await createOrderIndexes(orders);
    expect(await orders.listIndexes().toArray()).toEqual(before);
  });
});
