import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { sharedMongo, uniqueDbName } from '../../../support/mongo.js';

export interface Live {
  client: MongoClient;
  db: Db;
}

/** A client on the run's MongoDB and a database of this file's own, dropped afterwards. */
export function useLiveDb(label: string, options: MongoClientOptions = {}): () => Live {
  let live: Live | undefined;
  beforeAll(async () => {
    const client = await MongoClient.connect(sharedMongo().uri, { serverSelectionTimeoutMS: 5_000, ...options });
    live = { client, db: client.db(uniqueDbName(`ch07_${label}`)) };
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
