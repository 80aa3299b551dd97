// Joins and pipeline outputs, as MongoDB documents them, against every provider.
import { describe, expect, it } from 'vitest';
import { contractTargets, targetTitle, useContractDb } from '../../support/mongo.js';

for (const target of contractTargets()) {
  describe.skipIf(target.skip)(`aggregation contract: ${targetTitle(target)}`, () => {
    const live = useContractDb(target, 'aggregation');

    it('$lookup joins each document with the matching documents of another collection', async () => {
      const { coll } = live();
      await coll('authors').insertMany([
        { _id: 1, name: 'Le Guin' },
        { _id: 2, name: 'Lem' },
      ]);
      await coll('books').insertMany([
        { _id: 10, title: 'The Dispossessed', authorId: 1 },
        { _id: 11, title: 'Solaris', authorId: 2 },
        { _id: 12, title: 'The Lathe of Heaven', authorId: 1 },
      ]);
      const joined = await coll('authors')
        .aggregate([
          { $lookup: { from: 'books', localField: '_id', foreignField: 'authorId', as: 'books' } },
          { $project: { name: 1, titles: '$books.title' } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      expect(joined).toEqual([
        { _id: 1, name: 'Le Guin', titles: ['The Dispossessed', 'The Lathe of Heaven'] },
        { _id: 2, name: 'Lem', titles: ['Solaris'] },
      ]);
    });

    it('$out replaces the target collection with the results and keeps its indexes', async () => {
      const { coll } = live();
      await coll('sales').insertMany([
        { sku: 'a', n: 1 },
        { sku: 'b', n: 2 },
        { sku: 'a', n: 3 },
      ]);
      await coll('totals').insertOne({ _id: 'stale', n: 0 });
      await coll('totals').createIndex({ n: 1 });
      await coll('sales')
        .aggregate([{ $group: { _id: '$sku', n: { $sum: '$n' } } }, { $out: 'totals' }])
        .toArray();
      expect(await coll('totals').find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'a', n: 4 },
        { _id: 'b', n: 2 },
      ]);
      expect((await coll('totals').listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'n_1']);
    });

    it('$merge updates matched documents and inserts the others', async () => {
      const { coll } = live();
      await coll('monthly').insertMany([{ _id: 'jan', total: 5, note: 'kept' }]);
      await coll('entries').insertMany([
        { m: 'jan', v: 7 },
        { m: 'feb', v: 1 },
        { m: 'feb', v: 2 },
      ]);
      await coll('entries')
        .aggregate([
          { $group: { _id: '$m', total: { $sum: '$v' } } },
          { $merge: { into: 'monthly', whenMatched: 'merge', whenNotMatched: 'insert' } },
        ])
        .toArray();
      expect(await coll('monthly').find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'feb', total: 3 },
        { _id: 'jan', total: 7, note: 'kept' },
      ]);
    });

    it('a leading $match uses an index like find does', async () => {
      const { coll } = live();
      await coll('matched').insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: i, k: i % 10 })));
      await coll('matched').createIndex({ k: 1 });
      const result = await coll('matched')
        .aggregate([{ $match: { k: 3 } }, { $count: 'n' }])
        .toArray();
      expect(result).toEqual([{ n: 10 }]);
    });
  });
}
