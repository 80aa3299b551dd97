import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMAIL_INDEX,
  MongoUserRepository,
  USERS_COLLECTION,
  type UserDocument,
} from '../../../chapters/02-architecture/adapters/persistence/mongo-user.repository.js';
import { resetDatabase, testDatabaseName } from '../../../chapters/05-testing/harness/isolation.js';
import { sharedMongo } from '../../support/mongo.js';

let client: MongoClient;
beforeAll(async () => {
  const mongo = sharedMongo();
  console.log(`[harness] isolation: mongo=${mongo.provider}`);
  client = await MongoClient.connect(mongo.uri, { serverSelectionTimeoutMS: 5_000 });
});
afterAll(async () => {
  await client.close();
});

/** A database of its own for each test: tests here drop indexes, and no other test may see that. */
async function freshDb(): Promise<Db> {
  const db = client.db(testDatabaseName('isolation'));
  await MongoUserRepository.create(db); // what the app does once at start-up: create the unique email index
  return db;
}

async function indexNames(db: Db): Promise<string[]> {
  return (await db.collection<UserDocument>(USERS_COLLECTION).indexes()).map((index) => String(index.name));
}

function userDoc(id: string, email: string): UserDocument {
  return { _id: id, name: 'Test', email, passwordHash: '$scrypt$...', createdAt: new Date() };
}

describe('test isolation that keeps indexes', () => {
  it('names a database per test file, so parallel files never share data', () => {
    const a = testDatabaseName('registration.http');
    const b = testDatabaseName('registration.http');
    expect(a).toMatch(/^test_registration_http_[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  it('resetDatabase deletes every document and keeps the unique email index, which still refuses a duplicate', async () => {
    const db = await freshDb();
    try {
      await db.collection<UserDocument>(USERS_COLLECTION).insertOne(userDoc('u1', 'ada@example.test'));
      await resetDatabase(db);
      expect(await db.collection<UserDocument>(USERS_COLLECTION).countDocuments()).toBe(0);
      expect(await indexNames(db)).toContain(EMAIL_INDEX);
      await db.collection<UserDocument>(USERS_COLLECTION).insertOne(userDoc('u2', 'ada@example.test'));
      await expect(
        db.collection<UserDocument>(USERS_COLLECTION).insertOne(userDoc('u3', 'ada@example.test')),
      ).rejects.toBeInstanceOf(MongoServerError);
    } finally {
      await db.dropDatabase();
    }
  });

  it("shows the guide's reset: dropDatabase between tests also drops the unique index, and duplicates then get in", async () => {
    const db = await freshDb();
    try {
      await db.dropDatabase(); // the guide's beforeEach; the app does not recreate its indexes per test
      await db.collection<UserDocument>(USERS_COLLECTION).insertOne(userDoc('u1', 'ada@example.test'));
      await db.collection<UserDocument>(USERS_COLLECTION).insertOne(userDoc('u2', 'ada@example.test'));
      expect(await indexNames(db)).not.toContain(EMAIL_INDEX);
      expect(await db.collection<UserDocument>(USERS_COLLECTION).countDocuments({ email: 'ada@example.test' })).toBe(2);
    } finally {
      await db.dropDatabase();
    }
  });
});
