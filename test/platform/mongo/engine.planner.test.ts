// The embedded engine's index choice rule and index maintenance (a real server's planner races plans instead).
import { MongoClient, type Collection } from 'mongodb';
import type { LooseDoc } from '../../support/mongo.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../platform/mongo/engine/index.js';
import { indexScan, stageNames } from './support/explain.js';

describe('embedded engine planner', () => {
  let engine: EmbeddedMongo;
  let client: MongoClient;
  let coll: Collection<LooseDoc>;

  beforeAll(async () => {
    engine = await startEmbeddedMongo();
    client = await MongoClient.connect(engine.uri);
    coll = client.db('planner').collection<LooseDoc>('items');
    await coll.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: i, a: i % 10, b: i % 7, c: i })));
    await coll.createIndexes([{ key: { a: 1 } }, { key: { a: 1, b: 1 } }, { key: { c: 1 } }]);
  });
  afterAll(async () => {
    await client.close();
    await engine.close();
  });

  it('prefers the index matching more equality fields when that narrows the scan', async () => {
    const explain = await coll.find({ a: 3, b: 2 }).explain('executionStats');
    expect(indexScan(explain)?.indexName).toBe('a_1_b_1');
  });

  it('prefers the index with the fewest keys in its bounds, even over one matching an equality', async () => {
    const explain = await coll.find({ a: 3, c: { $gte: 295 } }).explain('executionStats');
    expect(indexScan(explain)?.indexName).toBe('c_1');
    expect(explain.executionStats).toMatchObject({ totalKeysExamined: 5 });
  });

  it('follows a hint, and a $natural hint forces a collection scan', async () => {
    const hinted = await coll.find({ a: 3, b: 2 }).hint('a_1').explain('executionStats');
    expect(indexScan(hinted)?.indexName).toBe('a_1');
    const natural = await coll.find({ a: 3 }).hint({ $natural: 1 }).explain('executionStats');
    expect(stageNames(natural)).toEqual(['COLLSCAN']);
  });

  it('answers _id equality with IDHACK, one key and one document', async () => {
    const explain = await coll.find({ _id: 42 }).explain('executionStats');
    expect(stageNames(explain)).toEqual(['IDHACK']);
    expect(explain.executionStats).toMatchObject({ nReturned: 1, totalKeysExamined: 1, totalDocsExamined: 1 });
  });

  it('keeps a range scan inside the type of its bound (numbers never examine strings)', async () => {
    const mixed = client.db('planner').collection('mixed');
    await mixed.insertMany([{ v: 1 }, { v: 5 }, { v: 'x' }, { v: 'y' }, { v: new Date() }]);
    await mixed.createIndex({ v: 1 });
    const explain = await mixed.find({ v: { $gt: 0 } }).explain('executionStats');
    expect(explain.executionStats).toMatchObject({ nReturned: 2, totalKeysExamined: 2 });
  });

  it('still finds a document whose array elements meet the two range bounds separately', async () => {
    const arrays = client.db('planner').collection<LooseDoc>('arrays');
    await arrays.insertMany([
      { _id: 1, v: [1, 10] },
      { _id: 2, v: [20] },
    ]);
    await arrays.createIndex({ v: 1 });
    expect((await arrays.find({ v: { $gt: 5, $lt: 8 } }).toArray()).map((d) => d._id)).toEqual([1]);
  });

  it('maintains indexes on update and delete', async () => {
    const kept = client.db('planner').collection<LooseDoc>('kept');
    await kept.createIndex({ k: 1 });
    await kept.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i, k: i })));
    await kept.updateMany({ k: { $lt: 5 } }, { $set: { k: 100 } });
    await kept.deleteMany({ k: { $gte: 15, $lt: 100 } });
    const explain = await kept.find({ k: 100 }).explain('executionStats');
    expect(explain.executionStats).toMatchObject({ nReturned: 5, totalKeysExamined: 5, totalDocsExamined: 5 });
    expect(await kept.countDocuments({ k: { $gte: 0 } })).toBe(15);
  });

  it('sorts in memory over a collection scan when no index fits', async () => {
    const explain = await coll.find({ b: 1 }).sort({ b: -1 }).limit(3).explain('executionStats');
    expect(stageNames(explain)).toEqual(['SORT', 'COLLSCAN']);
    expect(explain.executionStats).toMatchObject({ nReturned: 3, totalDocsExamined: 300 });
  });

  it('walks an index backwards for a descending sort and stops once the limit is met', async () => {
    const explain = await coll.find({ b: 1 }).sort({ c: -1 }).limit(3).explain('executionStats');
    expect(stageNames(explain)).toEqual(['LIMIT', 'FETCH', 'IXSCAN']);
    expect(indexScan(explain)).toMatchObject({ indexName: 'c_1', direction: 'backward' });
    expect(explain.executionStats).toMatchObject({ nReturned: 3, totalKeysExamined: 19 });
  });
});
