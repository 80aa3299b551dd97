import { MongoBulkWriteError, type CommandStartedEvent, type Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  applyPriceChanges,
  ordersWithCustomersBatched,
  ordersWithCustomersLookup,
  ordersWithCustomersOneByOne,
  streamFields,
  type Customer,
  type Order,
} from '../../../chapters/07-database/reads-and-writes.js';
import { useLiveDb } from '../../support/mongo.js';

const live = useLiveDb('ch07_rw', { monitorCommands: true });

/** Names of the commands the client sends while `run` runs. */
async function commandsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const { client } = live();
  const names: string[] = [];
  const listener = (e: CommandStartedEvent): void => void names.push(e.commandName);
  client.on('commandStarted', listener);
  try {
    await run();
  } finally {
    client.off('commandStarted', listener);
  }
  return names;
}

describe('projections and streams', () => {
  it('streams only the chosen fields, one batch per round trip', async () => {
    const users = live().db.collection<{ _id: number; email: string; bio: string }>('users');
    await users.insertMany(
      Array.from({ length: 250 }, (_, i) => ({ _id: i, email: `u${i}@x.test`, bio: 'long text '.repeat(50) })),
    );
    const rows: Document[] = [];
    const commands = await commandsDuring(async () => {
      for await (const row of streamFields(users, {}, ['email'], 100)) rows.push(row);
    });
    expect(rows).toHaveLength(250);
    expect(rows[0]).toEqual({ email: 'u0@x.test' });
    expect(commands.filter((c) => c === 'find' || c === 'getMore')).toEqual(['find', 'getMore', 'getMore']);
  });

  it('closes the server cursor when the loop stops early', async () => {
    const users = live().db.collection<{ _id: number; email: string }>('users_early');
    await users.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: i, email: `u${i}@x.test` })));
    const commands = await commandsDuring(async () => {
      for await (const row of streamFields(users, {}, ['email'], 10)) if (row.email === 'u3@x.test') break;
    });
    expect(commands).toContain('killCursors');
  });
});

describe('bulk writes', () => {
  const rows = (skus: string[]) => skus.map((sku, i) => ({ sku, priceCents: 100 + i }));

  it('unordered: writes every row it can, continues past a duplicate key and reports it', async () => {
    const products = live().db.collection<{ sku: string; priceCents: number }>('products_unordered');
    await products.createIndex({ sku: 1 }, { unique: true });
    await products.insertOne({ sku: 'b', priceCents: 1 });
    const error = await products.insertMany(rows(['a', 'b', 'c', 'd']), { ordered: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    const bulk = error as MongoBulkWriteError;
    expect(bulk.writeErrors).toEqual([expect.objectContaining({ index: 1, code: 11000 })]);
    expect(bulk.result.insertedCount).toBe(3);
    expect(
      (
        await products
          .find({}, { projection: { _id: 0, sku: 1 } })
          .sort({ sku: 1 })
          .toArray()
      ).map((p) => p.sku),
    ).toEqual(['a', 'b', 'c', 'd']);
  });

  it('ordered: stops at the first error and leaves the rows after it unwritten', async () => {
    const products = live().db.collection<{ sku: string; priceCents: number }>('products_ordered');
    await products.createIndex({ sku: 1 }, { unique: true });
    await products.insertOne({ sku: 'b', priceCents: 1 });
    const error = (await products
      .insertMany(rows(['a', 'b', 'c', 'd']), { ordered: true })
      .catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(error.writeErrors).toEqual([expect.objectContaining({ index: 1, code: 11000 })]);
    expect(error.result.insertedCount).toBe(1);
    expect(await products.countDocuments({ sku: { $in: ['c', 'd'] } })).toBe(0);
  });

  it('applies many upserts in one bulkWrite command', async () => {
    const products = live().db.collection<{ sku: string; priceCents: number }>('products_upsert');
    await products.insertOne({ sku: 'a', priceCents: 1 });
    const commands = await commandsDuring(() => applyPriceChanges(products, rows(['a', 'b', 'c']), false));
    expect(commands).toEqual(['update']);
    expect(await products.findOne({ sku: 'a' }, { projection: { _id: 0 } })).toEqual({ sku: 'a', priceCents: 100 });
    expect(await products.countDocuments()).toBe(3);
  });
});

describe('N+1 queries', () => {
  async function seed(prefix: string) {
    const { db } = live();
    const customers = db.collection<Customer>(`${prefix}_customers`);
    const orders = db.collection<Order>(`${prefix}_orders`);
    await customers.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: `c${i}`, name: `Customer ${i}` })));
    await orders.insertMany(
      Array.from({ length: 20 }, (_, i) => ({
        _id: `o${String(i).padStart(2, '0')}`,
        customerId: `c${i % 6}`,
        totalCents: i,
      })),
    );
    return { customers, orders };
  }

  it('sends one query per order one by one, two with $in batching, one with $lookup, all with the same answer', async () => {
    const { customers, orders } = await seed('nplus1');
    let oneByOne: unknown;
    let batched: unknown;
    let joined: unknown;
    const naive = await commandsDuring(
      async () => (oneByOne = await ordersWithCustomersOneByOne(orders, customers, {})),
    );
    const twice = await commandsDuring(async () => (batched = await ordersWithCustomersBatched(orders, customers, {})));
    const once = await commandsDuring(
      async () => (joined = await ordersWithCustomersLookup(orders, customers.collectionName, {})),
    );
    expect(naive).toHaveLength(21);
    expect(twice).toEqual(['find', 'find']);
    expect(once).toEqual(['aggregate']);
    expect(batched).toEqual(oneByOne);
    expect(joined).toEqual(oneByOne);
    expect((batched as Array<{ customer: unknown }>).filter((o) => o.customer === null)).toHaveLength(3);
  });
});
