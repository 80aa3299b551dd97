// Driver-level contract: each assertion states MongoDB's documented behaviour, and runs against every provider.
import { MongoBulkWriteError, MongoServerError, ObjectId, type Collection } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { contractTargets, targetTitle, useContractDb, type LooseDoc } from '../../support/mongo.js';

for (const target of contractTargets()) {
  describe.skipIf(target.skip)(`CRUD contract: ${targetTitle(target)}`, () => {
    const live = useContractDb(target, 'crud');

    describe('insert', () => {
      it('adds an ObjectId _id when the document has none, and returns it', async () => {
        const coll = live().coll('insert_id');
        const { insertedId } = await coll.insertOne({ name: 'ada' });
        expect(insertedId).toBeInstanceOf(ObjectId);
        expect(await coll.findOne({ _id: insertedId })).toEqual({ _id: insertedId, name: 'ada' });
      });

      it('keeps a client-chosen _id of any type', async () => {
        const coll = live().coll('insert_custom_id');
        await coll.insertMany([{ _id: 'a' }, { _id: 7 }, { _id: { k: 1 } }]);
        expect(await coll.countDocuments({ _id: { k: 1 } })).toBe(1);
        expect(await coll.countDocuments({ _id: 7 })).toBe(1);
      });

      it('ordered insertMany stops at the first duplicate _id and reports its index', async () => {
        const coll = live().coll('insert_ordered');
        const error = await coll
          .insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }], { ordered: true })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MongoBulkWriteError);
        const bulk = error as MongoBulkWriteError;
        expect(bulk.insertedCount).toBe(1);
        expect(bulk.writeErrors).toHaveLength(1);
        expect([bulk.writeErrors].flat()[0]).toMatchObject({ index: 1, code: 11000 });
        expect(await coll.countDocuments()).toBe(1);
      });

      it('unordered insertMany inserts every valid document and reports each failure', async () => {
        const coll = live().coll('insert_unordered');
        const error = await coll
          .insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }], { ordered: false })
          .catch((e: unknown) => e);
        const bulk = error as MongoBulkWriteError;
        expect(bulk.insertedCount).toBe(3);
        expect([bulk.writeErrors].flat().map((e) => e.index)).toEqual([1, 3]);
        expect(await coll.countDocuments()).toBe(3);
      });
    });

    describe('find', () => {
      const people = [
        { _id: 1, name: 'ada', age: 36, tags: ['math', 'code'], address: { city: 'London' } },
        { _id: 2, name: 'grace', age: 85, tags: ['code', 'navy'], address: { city: 'Arlington' } },
        { _id: 3, name: 'alan', age: 41, tags: ['math'], address: { city: 'Wilmslow' } },
        { _id: 4, name: 'edsger', age: 72, tags: [], address: { city: 'Nuenen' } },
        { _id: 5, name: 'barbara', age: 52 },
      ];
      const seeded = async (): Promise<Collection<LooseDoc>> => {
        const coll = live().coll('people');
        if ((await coll.estimatedDocumentCount()) === 0) await coll.insertMany(people);
        return coll;
      };

      it('filters with comparison, logical, array and dotted-path operators', async () => {
        const coll = await seeded();
        const ids = async (filter: object): Promise<unknown[]> =>
          (await coll.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
        expect(await ids({ age: { $gt: 40, $lt: 80 } })).toEqual([3, 4, 5]);
        expect(await ids({ $or: [{ name: 'ada' }, { age: { $gte: 85 } }] })).toEqual([1, 2]);
        expect(await ids({ tags: 'math' })).toEqual([1, 3]);
        expect(await ids({ tags: { $all: ['math', 'code'] } })).toEqual([1]);
        expect(await ids({ tags: { $size: 0 } })).toEqual([4]);
        expect(await ids({ 'address.city': { $in: ['London', 'Nuenen'] } })).toEqual([1, 4]);
        expect(await ids({ address: { $exists: false } })).toEqual([5]);
        expect(await ids({ name: { $regex: '^a' } })).toEqual([1, 3]);
      });

      it('sorts, skips and limits in that order whatever order the options are given', async () => {
        const coll = await seeded();
        const docs = await coll.find({}).limit(2).skip(1).sort({ age: -1 }).toArray();
        expect(docs.map((d) => d.name)).toEqual(['edsger', 'barbara']);
      });

      it('sorts on several keys and on dotted paths', async () => {
        const coll = await seeded();
        const docs = await coll
          .find({ address: { $exists: true } })
          .sort({ 'address.city': 1 })
          .toArray();
        expect(docs.map((d) => d._id)).toEqual([2, 1, 4, 3]);
      });

      it('sorts missing fields before numbers (null sorts first ascending)', async () => {
        const coll = live().coll('sort_missing');
        await coll.insertMany([{ _id: 1, v: 2 }, { _id: 2 }, { _id: 3, v: 1 }]);
        expect((await coll.find().sort({ v: 1 }).toArray()).map((d) => d._id)).toEqual([2, 3, 1]);
      });

      it('projects with inclusion (keeping _id unless excluded) and with exclusion', async () => {
        const coll = await seeded();
        expect(await coll.findOne({ _id: 1 }, { projection: { name: 1 } })).toEqual({ _id: 1, name: 'ada' });
        expect(await coll.findOne({ _id: 1 }, { projection: { name: 1, _id: 0 } })).toEqual({ name: 'ada' });
        const excluded = await coll.findOne({ _id: 1 }, { projection: { tags: 0, address: 0 } });
        expect(excluded).toEqual({ _id: 1, name: 'ada', age: 36 });
      });

      it('returns every document across several getMore batches', async () => {
        const coll = live().coll('batches');
        await coll.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i })));
        const docs = await coll.find({}, { batchSize: 7 }).toArray();
        expect(docs).toHaveLength(250);
        expect(new Set(docs.map((d) => d._id)).size).toBe(250);
      });

      it('answers getMore for a cursor that was killed with CursorNotFound (43)', async () => {
        const { db, coll } = live();
        await coll('killed').insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i })));
        const reply = await db.command({ find: 'killed', batchSize: 2 });
        const id = reply.cursor.id as unknown;
        const killed = await db.command({ killCursors: 'killed', cursors: [id] });
        expect(killed.cursorsKilled).toHaveLength(1);
        const error = await db.command({ getMore: id, collection: 'killed' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MongoServerError);
        expect((error as MongoServerError).code).toBe(43);
      });
    });

    describe('update', () => {
      it('applies update operators and reports matched and modified counts', async () => {
        const coll = live().db.collection<{ _id: number; n: number; list: number[]; a?: { b: boolean } }>('update_ops');
        await coll.insertMany([
          { _id: 1, n: 1, list: [1] },
          { _id: 2, n: 5, list: [] },
        ]);
        const result = await coll.updateOne({ _id: 1 }, { $inc: { n: 2 }, $push: { list: 2 }, $set: { 'a.b': true } });
        expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
        expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, n: 3, list: [1, 2], a: { b: true } });
      });

      it('counts a no-op update as matched but not modified', async () => {
        const coll = live().coll('update_noop');
        await coll.insertOne({ _id: 1, n: 1 });
        const result = await coll.updateOne({ _id: 1 }, { $set: { n: 1 } });
        expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
      });

      it('updateMany changes every match; updateOne only the first', async () => {
        const coll = live().coll('update_multi');
        await coll.insertMany([{ k: 'x' }, { k: 'x' }, { k: 'y' }]);
        expect((await coll.updateOne({ k: 'x' }, { $set: { seen: 1 } })).modifiedCount).toBe(1);
        expect((await coll.updateMany({ k: 'x' }, { $set: { seen: 2 } })).modifiedCount).toBe(2);
        expect(await coll.countDocuments({ seen: 2 })).toBe(2);
      });

      it('upserts from the filter equalities and applies $setOnInsert only when inserting', async () => {
        const coll = live().coll('upsert');
        const first = await coll.updateOne(
          { email: 'a@x.test' },
          { $inc: { visits: 1 }, $setOnInsert: { createdBy: 'upsert' } },
          { upsert: true },
        );
        expect(first.upsertedCount).toBe(1);
        await coll.updateOne(
          { email: 'a@x.test' },
          { $inc: { visits: 1 }, $setOnInsert: { createdBy: 'again' } },
          { upsert: true },
        );
        const doc = await coll.findOne({ email: 'a@x.test' }, { projection: { _id: 0 } });
        expect(doc).toEqual({ email: 'a@x.test', visits: 2, createdBy: 'upsert' });
        expect(await coll.countDocuments()).toBe(1);
      });

      it('updates only the array elements arrayFilters select', async () => {
        const coll = live().coll('array_filters');
        await coll.insertOne({ _id: 1, grades: [{ g: 80 }, { g: 95 }, { g: 99 }] });
        await coll.updateOne(
          { _id: 1 },
          { $set: { 'grades.$[high].top': true } },
          { arrayFilters: [{ 'high.g': { $gte: 95 } }] },
        );
        const doc = await coll.findOne({ _id: 1 });
        expect(doc?.grades).toEqual([{ g: 80 }, { g: 95, top: true }, { g: 99, top: true }]);
      });

      it('replaceOne keeps the _id and drops the other fields', async () => {
        const coll = live().coll('replace');
        await coll.insertOne({ _id: 1, a: 1, b: 2 });
        await coll.replaceOne({ _id: 1 }, { c: 3 });
        expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, c: 3 });
      });

      it('refuses to change _id with ImmutableField (66)', async () => {
        const coll = live().coll('immutable');
        await coll.insertOne({ _id: 1 });
        const error = await coll.updateOne({ _id: 1 }, { $set: { _id: 2 } }).catch((e: unknown) => e);
        expect((error as MongoServerError).code).toBe(66);
      });

      it('accepts an aggregation pipeline as the update', async () => {
        const coll = live().coll('pipeline_update');
        await coll.insertOne({ _id: 1, a: 2, b: 3 });
        await coll.updateOne({ _id: 1 }, [{ $set: { sum: { $add: ['$a', '$b'] } } }]);
        expect((await coll.findOne({ _id: 1 }))?.sum).toBe(5);
      });
    });

    describe('delete, findAndModify, count, distinct', () => {
      it('deleteOne removes one match and deleteMany all of them', async () => {
        const coll = live().coll('deletes');
        await coll.insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);
        expect((await coll.deleteOne({ k: 1 })).deletedCount).toBe(1);
        expect((await coll.deleteMany({ k: 1 })).deletedCount).toBe(2);
        expect(await coll.countDocuments()).toBe(1);
      });

      it('findOneAndUpdate returns the document before or after the change, as asked', async () => {
        const coll = live().coll('fam');
        await coll.insertOne({ _id: 1, n: 1 });
        expect(await coll.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } })).toEqual({ _id: 1, n: 1 });
        const after = await coll.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } }, { returnDocument: 'after' });
        expect(after).toEqual({ _id: 1, n: 3 });
      });

      it('findOneAndUpdate with a sort picks the first document in that order', async () => {
        const coll = live().coll('fam_sort');
        await coll.insertMany([
          { q: 'job', p: 2 },
          { q: 'job', p: 9 },
          { q: 'job', p: 5 },
        ]);
        const claimed = await coll.findOneAndUpdate(
          { q: 'job' },
          { $set: { taken: true } },
          { sort: { p: -1 }, returnDocument: 'after' },
        );
        expect(claimed).toMatchObject({ p: 9, taken: true });
      });

      it('findOneAndDelete returns the removed document, and null when nothing matched', async () => {
        const coll = live().coll('fad');
        await coll.insertOne({ _id: 1 });
        expect(await coll.findOneAndDelete({ _id: 1 })).toEqual({ _id: 1 });
        expect(await coll.findOneAndDelete({ _id: 1 })).toBeNull();
      });

      it('findOneAndUpdate with upsert inserts and returns the new document', async () => {
        const coll = live().coll('fam_upsert');
        const doc = await coll.findOneAndUpdate(
          { key: 'k' },
          { $set: { v: 1 } },
          { upsert: true, returnDocument: 'after' },
        );
        expect(doc).toMatchObject({ key: 'k', v: 1 });
      });

      it('counts with countDocuments and estimatedDocumentCount', async () => {
        const coll = live().coll('counting');
        await coll.insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
        expect(await coll.countDocuments({ a: { $gte: 2 } })).toBe(2);
        expect(await coll.countDocuments({}, { skip: 1, limit: 1 })).toBe(1);
        expect(await coll.estimatedDocumentCount()).toBe(3);
      });

      it('distinct unwinds arrays and returns each value once', async () => {
        const coll = live().coll('distinct');
        await coll.insertMany([{ t: ['a', 'b'] }, { t: 'b' }, { t: ['c'] }, { other: 1 }]);
        expect((await coll.distinct('t')).sort()).toEqual(['a', 'b', 'c']);
      });
    });

    describe('bulk writes and aggregation', () => {
      it('bulkWrite mixes inserts, updates and deletes in one round of commands', async () => {
        const coll = live().coll('bulk');
        const result = await coll.bulkWrite([
          { insertOne: { document: { _id: 1, n: 1 } } },
          { insertOne: { document: { _id: 2, n: 2 } } },
          { updateOne: { filter: { _id: 1 }, update: { $set: { n: 10 } } } },
          { deleteOne: { filter: { _id: 2 } } },
          { updateOne: { filter: { _id: 3 }, update: { $set: { n: 3 } }, upsert: true } },
        ]);
        expect(result).toMatchObject({ insertedCount: 2, modifiedCount: 1, deletedCount: 1, upsertedCount: 1 });
        expect(await coll.find().sort({ _id: 1 }).toArray()).toEqual([
          { _id: 1, n: 10 },
          { _id: 3, n: 3 },
        ]);
      });

      it('aggregates with $match, $group, $sort and $project', async () => {
        const coll = live().coll('orders');
        await coll.insertMany([
          { sku: 'a', qty: 2, status: 'paid' },
          { sku: 'b', qty: 1, status: 'paid' },
          { sku: 'a', qty: 5, status: 'paid' },
          { sku: 'a', qty: 9, status: 'void' },
        ]);
        const totals = await coll
          .aggregate([
            { $match: { status: 'paid' } },
            { $group: { _id: '$sku', qty: { $sum: '$qty' } } },
            { $sort: { qty: -1 } },
            { $project: { _id: 0, sku: '$_id', qty: 1 } },
          ])
          .toArray();
        expect(totals).toEqual([
          { qty: 7, sku: 'a' },
          { qty: 1, sku: 'b' },
        ]);
      });
    });
  });
}
