// Server and database commands, and a mongoose smoke test, against every provider.
import { MongoServerError } from 'mongodb';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { contractTargets, targetTitle, uniqueDbName, useContractDb } from '../../support/mongo.js';

for (const target of contractTargets()) {
  describe.skipIf(target.skip)(`server contract: ${targetTitle(target)}`, () => {
    const live = useContractDb(target, 'server');

    it('answers ping with ok: 1', async () => {
      expect(await live().db.admin().ping()).toMatchObject({ ok: 1 });
    });

    it('reports a version string and array in buildInfo', async () => {
      const info = await live().db.admin().buildInfo();
      expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(info.versionArray).toHaveLength(4);
    });

    it('hello says the server is a writable primary and advertises its limits', async () => {
      const hello = await live().db.admin().command({ hello: 1 });
      expect(hello).toMatchObject({ isWritablePrimary: true, maxBsonObjectSize: 16 * 1024 * 1024, ok: 1 });
      expect(hello.maxWireVersion).toBeGreaterThanOrEqual(8);
    });

    it('creates a database on the first write and lists it', async () => {
      const { db } = live();
      await db.collection('first').insertOne({ a: 1 });
      const { databases } = await db.admin().listDatabases();
      expect(databases.map((d) => d.name)).toContain(db.databaseName);
    });

    it('creates, lists and drops collections', async () => {
      const { db } = live();
      await db.createCollection('made');
      expect((await db.listCollections({ name: 'made' }).toArray()).map((c) => c.name)).toEqual(['made']);
      expect(await db.collection('made').drop()).toBe(true);
      expect(await db.listCollections({ name: 'made' }).toArray()).toEqual([]);
    });

    it('listCollections with nameOnly gives names and types', async () => {
      const { db } = live();
      await db.collection('named_only').insertOne({});
      const infos = await db.listCollections({ name: 'named_only' }, { nameOnly: true }).toArray();
      expect(infos).toEqual([{ name: 'named_only', type: 'collection' }]);
    });

    it('dropDatabase removes every collection of the database', async () => {
      const { client } = live();
      const other = client.db(uniqueDbName('dropdb'));
      await other.collection('x').insertOne({});
      await other.dropDatabase();
      expect(await other.listCollections().toArray()).toEqual([]);
    });

    it('an unknown command fails with CommandNotFound (59) naming it', async () => {
      const error = await live()
        .db.command({ frobnicate: 1 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(59);
      expect((error as MongoServerError).message).toContain('frobnicate');
    });

    it('mongoose connects, builds a unique index, saves, queries and reports duplicates', async () => {
      const { uri } = live();
      const connection = await mongoose.createConnection(uri, { dbName: uniqueDbName('mongoose') }).asPromise();
      try {
        const User = connection.model(
          'User',
          new mongoose.Schema({ email: { type: String, unique: true, required: true }, visits: Number }),
        );
        await User.init();
        await User.create({ email: 'a@x.test', visits: 1 });
        await User.updateOne({ email: 'a@x.test' }, { $inc: { visits: 1 } });
        expect(await User.findOne({ email: 'a@x.test' }).lean()).toMatchObject({ email: 'a@x.test', visits: 2 });
        const duplicate = await User.create({ email: 'a@x.test' }).catch((e: unknown) => e);
        expect((duplicate as { code?: number }).code).toBe(11000);
        await expect(User.create({ visits: 3 })).rejects.toThrow(/email.*required/);
      } finally {
        await connection.dropDatabase();
        await connection.close();
      }
    });
  });
}
