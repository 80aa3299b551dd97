import { MongoClient, MongoServerError, type Collection, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMAIL_INDEX,
  MongoUserRepository,
  USERS_COLLECTION,
  type UserDocument,
} from '../../../chapters/02-architecture/adapters/persistence/mongo-user.repository.js';
import { sharedMongo, uniqueDbName } from '../../support/mongo.js';
import {
  createDatabaseJanitor,
  IndexesChangedError,
  UnsafeDatabaseError,
} from '#exercise/05-testing/04-database-janitor';

let client: MongoClient;
const used: Db[] = [];
beforeAll(async () => {
  console.log(`[05.4] mongo provider: ${sharedMongo().provider}`);
  client = await MongoClient.connect(sharedMongo().uri, { serverSelectionTimeoutMS: 5_000 });
});
afterAll(async () => {
  for (const db of used) await db.dropDatabase();
  await client.close();
});

/** A test database with the app's users collection and its unique email index, and one user in it. */
async function appDatabase(): Promise<Db> {
  const db = client.db(uniqueDbName('janitor'));
  used.push(db);
  await MongoUserRepository.create(db);
  await db
    .collection<UserDocument>(USERS_COLLECTION)
    .insertOne({ _id: 'u1', name: 'Ada', email: 'ada@example.test', passwordHash: 'x', createdAt: new Date() });
  return db;
}

/**
 * `db` as a server with profiling on shows it: one more collection, system.profile, whether listed with
 * db.collections() or db.listCollections(). It belongs to the server: any call on it is recorded and refused.
 */
function withSystemProfile(db: Db): { db: Db; touched: string[] } {
  const touched: string[] = [];
  const profile = new Proxy({} as Collection, {
    get: (_target, key) => {
      if (key === 'collectionName') return 'system.profile';
      if (key === 'then') return undefined;
      return () => {
        touched.push(String(key));
        throw new Error(`system.profile belongs to the server (${String(key)})`);
      };
    },
  });
  const listed = async (real: Promise<{ name: string }[]>) => [
    ...(await real),
    { name: 'system.profile', type: 'collection' },
  ];
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === 'collections') return async () => [...(await target.collections()), profile];
      if (key === 'collection')
        return (name: string) => (name === 'system.profile' ? profile : target.collection(name));
      if (key === 'listCollections') {
        return (...args: Parameters<Db['listCollections']>) => {
          const all = listed(target.listCollections(...args).toArray());
          return {
            toArray: () => all,
            async *[Symbol.asyncIterator]() {
              yield* await all;
            },
          };
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, touched };
}

describe('05.4 a database janitor that keeps indexes and refuses non-test databases', () => {
  it('refuses, at creation, a database whose name does not look like a test database', () => {
    expect(() => createDatabaseJanitor(client.db('production'))).toThrow(UnsafeDatabaseError);
    expect(() => createDatabaseJanitor(client.db('app'))).toThrow(/refusing to clean database "app"/);
    expect(() => createDatabaseJanitor(client.db('qa_1'), { namePattern: /^qa_/ })).not.toThrow();
  });

  it('refuses a name that merely contains test_, with its error name and code', () => {
    expect(() => createDatabaseJanitor(client.db('my_test_db'))).toThrow(
      expect.objectContaining({
        name: 'UnsafeDatabaseError',
        code: 'UNSAFE_DATABASE',
        message: expect.stringMatching(/^refusing to clean database "my_test_db": /),
      }),
    );
    expect(() => createDatabaseJanitor(client.db('test_1'), { namePattern: /^qa_/ })).toThrow(UnsafeDatabaseError);
  });

  it('empties every collection on reset, without a snapshot too', async () => {
    const db = await appDatabase();
    await db.collection<{ _id: string }>('orders').insertMany([{ _id: 'o1' }, { _id: 'o2' }]);
    const janitor = createDatabaseJanitor(db);
    await janitor.reset();
    expect(await db.collection(USERS_COLLECTION).countDocuments()).toBe(0);
    expect(await db.collection('orders').countDocuments()).toBe(0);
  });

  it('deletes every document and keeps the collections and the unique index, which still refuses duplicates', async () => {
    const db = await appDatabase();
    const janitor = createDatabaseJanitor(db);
    await janitor.snapshotIndexes();
    await janitor.reset();
    const users = db.collection<UserDocument>(USERS_COLLECTION);
    expect(await users.countDocuments()).toBe(0);
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)).toContain(USERS_COLLECTION);
    await users.insertOne({
      _id: 'u2',
      name: 'Ada',
      email: 'ada@example.test',
      passwordHash: 'x',
      createdAt: new Date(),
    });
    await expect(
      users.insertOne({ _id: 'u3', name: 'Ada', email: 'ada@example.test', passwordHash: 'x', createdAt: new Date() }),
    ).rejects.toBeInstanceOf(MongoServerError);
  });

  it('names the missing index when one disappeared since the snapshot', async () => {
    const db = await appDatabase();
    const janitor = createDatabaseJanitor(db);
    await janitor.snapshotIndexes();
    await janitor.assertIndexesIntact();
    await db.collection(USERS_COLLECTION).dropIndex(EMAIL_INDEX);
    await expect(janitor.assertIndexesIntact()).rejects.toBeInstanceOf(IndexesChangedError);
    await expect(janitor.reset()).rejects.toThrow(
      `indexes missing since the snapshot: ${USERS_COLLECTION}.${EMAIL_INDEX}`,
    );
  });

  it('names every index of a collection that was dropped, with its error name and code', async () => {
    const db = await appDatabase();
    const janitor = createDatabaseJanitor(db);
    await janitor.snapshotIndexes();
    await db.collection(USERS_COLLECTION).drop();
    await expect(janitor.assertIndexesIntact()).rejects.toThrow(
      expect.objectContaining({
        name: 'IndexesChangedError',
        code: 'INDEXES_CHANGED',
        message: `indexes missing since the snapshot: ${USERS_COLLECTION}._id_, ${USERS_COLLECTION}.${EMAIL_INDEX}`,
      }),
    );
  });

  it('accepts indexes added since the snapshot, and a new snapshot replaces the old one', async () => {
    const db = await appDatabase();
    const janitor = createDatabaseJanitor(db);
    await janitor.snapshotIndexes();
    await db.collection(USERS_COLLECTION).createIndex({ name: 1 }, { name: 'name_1' });
    await janitor.reset();
    await db.collection(USERS_COLLECTION).dropIndex(EMAIL_INDEX);
    await janitor.snapshotIndexes();
    await expect(janitor.assertIndexesIntact()).resolves.toBeUndefined();
  });

  it('leaves system.* collections alone: no snapshot of their indexes, no reset of their documents', async () => {
    const { db, touched } = withSystemProfile(await appDatabase());
    const janitor = createDatabaseJanitor(db);
    await janitor.snapshotIndexes();
    await janitor.reset();
    expect(await db.collection(USERS_COLLECTION).countDocuments()).toBe(0);
    expect(touched).toEqual([]);
  });

  it('asks for a snapshot before it can check one', async () => {
    const janitor = createDatabaseJanitor(await appDatabase());
    await expect(janitor.assertIndexesIntact()).rejects.toThrow(/no index snapshot/);
  });
});
