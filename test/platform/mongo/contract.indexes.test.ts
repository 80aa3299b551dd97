// Index management and unique constraints, as MongoDB documents them, against every provider.
import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { contractTargets, targetTitle, useContractDb } from '../../support/mongo.js';

async function failure(promise: Promise<unknown>): Promise<MongoServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof MongoServerError)) throw new Error(`expected a MongoServerError, got ${String(error)}`);
  return error;
}

for (const target of contractTargets()) {
  describe.skipIf(target.skip)(`index contract: ${targetTitle(target)}`, () => {
    const live = useContractDb(target, 'indexes');

    it('createIndex names the index field_direction and listIndexes shows it next to _id_', async () => {
      const coll = live().coll('named');
      expect(await coll.createIndex({ email: 1 })).toBe('email_1');
      expect(await coll.createIndex({ city: 1, age: -1 })).toBe('city_1_age_-1');
      const indexes = await coll.listIndexes().toArray();
      expect(indexes.map((i) => i.name)).toEqual(['_id_', 'email_1', 'city_1_age_-1']);
      expect(indexes[2]?.key).toEqual({ city: 1, age: -1 });
    });

    it('creating the same index twice is a no-op', async () => {
      const coll = live().coll('twice');
      await coll.createIndex({ a: 1 });
      await coll.createIndex({ a: 1 });
      expect(await coll.listIndexes().toArray()).toHaveLength(2);
    });

    it('a unique index refuses a duplicate with E11000, code 11000, keyPattern and keyValue', async () => {
      const coll = live().coll('unique');
      await coll.createIndex({ email: 1 }, { unique: true });
      await coll.insertOne({ email: 'a@x.test' });
      const error = await failure(coll.insertOne({ email: 'a@x.test' }));
      expect(error.code).toBe(11000);
      expect(error.message).toMatch(/^E11000 duplicate key error/);
      expect(error.message).toContain('email_1');
      expect(error.keyPattern).toEqual({ email: 1 });
      expect(error.keyValue).toEqual({ email: 'a@x.test' });
    });

    it('a unique index also refuses an update that would duplicate a key, leaving the document unchanged', async () => {
      const coll = live().coll('unique_update');
      await coll.createIndex({ email: 1 }, { unique: true });
      await coll.insertMany([
        { _id: 1, email: 'a' },
        { _id: 2, email: 'b' },
      ]);
      const error = await failure(coll.updateOne({ _id: 2 }, { $set: { email: 'a' } }));
      expect(error.code).toBe(11000);
      expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, email: 'b' });
    });

    it('a unique compound index allows repeats of one field but not of the pair', async () => {
      const coll = live().coll('unique_pair');
      await coll.createIndex({ tenant: 1, slug: 1 }, { unique: true });
      await coll.insertMany([
        { tenant: 't1', slug: 'home' },
        { tenant: 't2', slug: 'home' },
        { tenant: 't1', slug: 'about' },
      ]);
      const error = await failure(coll.insertOne({ tenant: 't2', slug: 'home' }));
      expect(error.keyValue).toEqual({ tenant: 't2', slug: 'home' });
    });

    it('a unique index treats a missing field as null: only one document may lack it', async () => {
      const coll = live().coll('unique_missing');
      await coll.createIndex({ code: 1 }, { unique: true });
      await coll.insertOne({ name: 'first' });
      const error = await failure(coll.insertOne({ name: 'second' }));
      expect(error.code).toBe(11000);
    });

    it('a sparse unique index lets many documents lack the field', async () => {
      const coll = live().coll('unique_sparse');
      await coll.createIndex({ code: 1 }, { unique: true, sparse: true });
      await coll.insertMany([{ name: 'a' }, { name: 'b' }, { code: 1 }]);
      expect(await coll.countDocuments()).toBe(3);
      expect((await failure(coll.insertOne({ code: 1 }))).code).toBe(11000);
    });

    it('a unique index on an array field makes each element a key', async () => {
      const coll = live().coll('unique_multikey');
      await coll.createIndex({ tags: 1 }, { unique: true });
      await coll.insertOne({ tags: ['a', 'b'] });
      expect((await failure(coll.insertOne({ tags: ['c', 'b'] }))).code).toBe(11000);
      await coll.insertOne({ tags: ['c', 'c'] });
      expect(await coll.countDocuments()).toBe(2);
    });

    it('creating a unique index over existing duplicates fails and leaves no index behind', async () => {
      const coll = live().coll('unique_late');
      await coll.insertMany([{ k: 1 }, { k: 1 }]);
      const error = await failure(coll.createIndex({ k: 1 }, { unique: true }));
      expect(error.code).toBe(11000);
      expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    });

    it('of many concurrent inserts of one unique key, exactly one wins', async () => {
      const coll = live().coll('unique_race');
      await coll.createIndex({ username: 1 }, { unique: true });
      const attempts = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => coll.insertOne({ username: 'sam', attempt: i })),
      );
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      const rejected = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(rejected.every((a) => (a.reason as MongoServerError).code === 11000)).toBe(true);
      expect(await coll.countDocuments({ username: 'sam' })).toBe(1);
    });

    it('unordered insertMany keeps the non-duplicates when a unique index refuses some', async () => {
      const coll = live().coll('unique_bulk');
      await coll.createIndex({ sku: 1 }, { unique: true });
      const error = await coll
        .insertMany([{ sku: 'a' }, { sku: 'a' }, { sku: 'b' }], { ordered: false })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoBulkWriteError);
      expect(await coll.countDocuments()).toBe(2);
    });

    it('dropIndex removes an index by name; dropping _id_ is refused', async () => {
      const coll = live().coll('dropping');
      await coll.createIndex({ a: 1 });
      await coll.dropIndex('a_1');
      expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
      expect((await failure(coll.dropIndex('_id_'))).code).toBe(72);
      expect((await failure(coll.dropIndex('nope_1'))).code).toBe(27);
    });

    it('dropIndexes() removes every index but _id_', async () => {
      const coll = live().coll('dropping_all');
      await coll.createIndexes([{ key: { a: 1 } }, { key: { b: -1 } }]);
      await coll.dropIndexes();
      expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    });

    it('listIndexes on a missing collection fails with NamespaceNotFound (26)', async () => {
      const error = await failure(live().coll('never_created').listIndexes().toArray());
      expect(error.code).toBe(26);
    });
  });
}
