import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { sharedMongo, uniqueDbName } from '../../../support/mongo.js';

export interface LiveExerciseDb {
  client: MongoClient;
  db: Db;
}

/** A client on the run's MongoDB (the embedded engine unless MONGODB_URI is set) and a database of its own. */
export function useLiveDbForExercise(label: string, options: MongoClientOptions = {}): () => LiveExerciseDb {
  let live: LiveExerciseDb | undefined;
  beforeAll(async () => {
    const client = await MongoClient.connect(sharedMongo().uri, { serverSelectionTimeoutMS: 5_000, ...options });
    live = { client, db: client.db(uniqueDbName(`ex${label}`)) };
  });
  afterAll(async () => {
    await live?.db.dropDatabase();
    await live?.client.close();
  });
  return () => {
    if (!live) throw new Error('not connected: the beforeAll hook failed');
    return live;
  };
}
