import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoUserRepository } from '../../../chapters/02-architecture/adapters/persistence/mongo-user.repository.js';
import { sharedMongo, uniqueDbName } from '../../support/mongo.js';

// Rules for new input change; documents stored under older rules stay. Reading must not re-apply input rules.
describe(`MongoUserRepository reading documents stored under older rules (${sharedMongo().provider})`, () => {
  let client: MongoClient;
  let db: Db;
  let users: MongoUserRepository;
  beforeAll(async () => {
    client = await MongoClient.connect(sharedMongo().uri, { serverSelectionTimeoutMS: 5_000 });
    db = client.db(uniqueDbName('repo_old_rules'));
    users = await MongoUserRepository.create(db);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('finds by id a user whose stored email today’s rules refuse, instead of failing with a validation error', async () => {
    // A single-label domain: accepted by an earlier version of the rules, refused by Email.parse today.
    const createdAt = new Date('2019-06-01T00:00:00.000Z');
    await users.collection.insertOne({
      _id: 'legacy-1',
      name: 'Ops',
      email: 'ops@localhost',
      passwordHash: '$scrypt$old',
      createdAt,
    });

    const found = await users.findById('legacy-1');

    expect(found?.toPublic()).toEqual({ id: 'legacy-1', name: 'Ops', email: 'ops@localhost', createdAt });
    expect(found?.passwordHash).toBe('$scrypt$old');
  });
});
