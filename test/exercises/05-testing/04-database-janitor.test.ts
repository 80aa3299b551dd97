import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_INDEX, MongoUserRepository, USERS_COLLECTION, type UserDocument } from '../../../chapters/02-architecture/adapters/persistence/mongo-user.repository.js';
import { sharedMongo, uniqueDbName } from '../../support/mongo.js';
import { createDatabaseJanitor, IndexesChangedError, UnsafeDatabaseError } from '#exercise/05-testing/04-database-janitor';

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
  await db.collection<UserDocument>(USERS_COLLECTION).insertOne({ _id: 'u1', name: 'Ada', email: 'ada@example.test', passwordHash: 'x', createdAt: new Date() });
  return db;
}

describe('05.4 a database janitor that keeps indexes and refuses non-test databases', () => {
  it('refuses, at creation, a database whose name does not look like a test database', () => {
    expect(() => createDatabaseJanitor(client.db('production'))).toThrow(UnsafeDatabaseError);
    expect(() => createDatabaseJanitor(client.db('app'))).toThrow(/refusing to clean database "app"/);
    expect(() => createDatabaseJanitor(client.db('qa_1'), { namePattern: /^qa_/ })).not.toThrow();
  });

  it('deletes every document and keeps the collections and the unique index, which still refuses duplicates', async () => {
    const db = await appDatabase();
    const janitor = createDatabaseJanitor(db);
    await janitor.snapshotIndexes();
    await janitor.reset();
    const users = db.collection<UserDocument>(USERS_COLLECTION);
    expect(await users.countDocuments()).toBe(0);
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)).toContain(USERS_COLLECTION);
    await users.insertOne({ _id: 'u2', name: 'Ada', email: 'ada@example.test', passwordHash: 'x', createdAt: new Date() });
    await expect(users.insertOne({ _id: 'u3', name: 'Ada', email: 'ada@example.test', passwordHash: 'x', createdAt: new Date() })).rejects.toBeInstanceOf(MongoServerError);
  });

  it('names the missing index when one disappeared since the snapshot', async () => {
    const db = await appDatabase();
    const janitor = createDatabaseJanitor(db);
    await janitor.snapshotIndexes();
    await janitor.assertIndexesIntact();
    await db.collection(USERS_COLLECTION).dropIndex(EMAIL_INDEX);
    await expect(janitor.assertIndexesIntact()).rejects.toBeInstanceOf(IndexesChangedError);
    await expect(janitor.reset()).rejects.toThrow(`indexes missing since the snapshot: ${USERS_COLLECTION}.${EMAIL_INDEX}`);
  });

  it('asks for a snapshot before it can check one', async () => {
    const janitor = createDatabaseJanitor(await appDatabase());
    await expect(janitor.assertIndexesIntact()).rejects.toThrow(/no index snapshot/);
  });
});
