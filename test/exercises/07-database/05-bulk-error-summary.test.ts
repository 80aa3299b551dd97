import { MongoBulkWriteError, MongoNetworkError } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLiveDb } from '../../support/mongo.js';
import { summariseBulkWriteError } from '#exercise/07-database/05-bulk-error-summary';

interface Product {
  sku: string;
  priceCents: number;
}

const live = useLiveDb('ex07_5');
const rows = (skus: string[]): Product[] => skus.map((sku, i) => ({ sku, priceCents: 100 + i }));

async function productsWith(name: string, existing: string[]) {
  const coll = live().db.collection<Product>(name);
  await coll.createIndex({ sku: 1 }, { unique: true });
  if (existing.length > 0) await coll.insertMany(rows(existing));
  return coll;
}

describe('07.5 bulk write error summary', () => {
  let unordered: unknown;
  let ordered: unknown;
  let mixed: unknown;
  beforeAll(async () => {
    const a = await productsWith('unordered', ['b', 'e']);
    unordered = await a.insertMany(rows(['a', 'b', 'c', 'd', 'e', 'f']), { ordered: false }).catch((e: unknown) => e);
    const b = await productsWith('ordered', ['b', 'e']);
    ordered = await b.insertMany(rows(['a', 'b', 'c', 'd', 'e', 'f']), { ordered: true }).catch((e: unknown) => e);
    const c = await productsWith('mixed', ['b', 'e', 'x', 'y']);
    mixed = await c
      .bulkWrite(
        [
          { updateOne: { filter: { sku: 'x' }, update: { $set: { _id: 'changed' } } } },
          { insertOne: { document: { sku: 'a', priceCents: 1 } } },
          { insertOne: { document: { sku: 'b', priceCents: 1 } } },
          { deleteOne: { filter: { sku: 'y' } } },
          { updateOne: { filter: { sku: 'z' }, update: { $set: { priceCents: 3 } }, upsert: true } },
          { updateOne: { filter: { sku: 'e' }, update: { $set: { priceCents: 2 } } } },
        ],
        { ordered: false },
      )
      .catch((e: unknown) => e);
  });

  it('unordered: every duplicate is listed with its operation, the rest were written, nothing is left untried', () => {
    const summary = summariseBulkWriteError(unordered, 6, false);
    expect(summary).toMatchObject({ attempted: 6, written: 4, notAttempted: [] });
    expect(summary.failed.map((f) => [f.index, f.code, f.reason])).toEqual([
      [1, 11000, 'duplicate-key'],
      [4, 11000, 'duplicate-key'],
    ]);
    expect(summary.failed[0]?.operation).toMatchObject({ sku: 'b' });
    expect(summary.failed[0]?.message).toMatch(/duplicate key/);
    expect(summary.failed[1]?.operation).toMatchObject({ sku: 'e' });
    expect(summary.failed[1]?.message).toMatch(/"e"/);
  });

  it('ordered: one failure, one row written before it, and the rows after it never tried', () => {
    expect(summariseBulkWriteError(ordered, 6, true)).toMatchObject({
      attempted: 6,
      written: 1,
      failed: [
        expect.objectContaining({
          index: 1,
          reason: 'duplicate-key',
          operation: expect.objectContaining({ sku: 'b' }),
        }),
      ],
      notAttempted: [2, 3, 4, 5],
    });
  });

  it('counts inserted, upserted, matched and deleted rows as written, and sorts failures of different kinds by index', () => {
    const summary = summariseBulkWriteError(mixed, 6, false);
    expect(summary.written).toBe(4);
    expect(summary.failed.map((f) => [f.index, f.code, f.reason])).toEqual([
      [0, 66, 'other'],
      [2, 11000, 'duplicate-key'],
    ]);
    expect(summary.notAttempted).toEqual([]);
  });

  it('reads a write concern error, which carries no write errors: every row written, nothing left untried', async () => {
    const coll = await productsWith('concern', []);
    const result = await coll.bulkWrite([
      { insertOne: { document: { sku: 'a', priceCents: 1 } } },
      { insertOne: { document: { sku: 'b', priceCents: 2 } } },
    ]);
    const error = new MongoBulkWriteError({ message: 'waiting for replication timed out', code: 64 }, result);
    expect(summariseBulkWriteError(error, 2, true)).toEqual({ attempted: 2, written: 2, failed: [], notAttempted: [] });
  });

  it('rethrows an error that is not a bulk write error', () => {
    const network = new MongoNetworkError('connection reset');
    expect(() => summariseBulkWriteError(network, 3, true)).toThrow(network);
  });
});
