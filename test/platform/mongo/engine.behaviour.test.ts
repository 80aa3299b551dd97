// Behaviour specific to the embedded engine (what a real server does differently, or cannot be shown through it).
import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../platform/mongo/engine/index.js';

describe('embedded engine', () => {
  let engine: EmbeddedMongo;
  let client: MongoClient;
  let clock = 1_000_000;

  beforeAll(async () => {
    engine = await startEmbeddedMongo({ cursorTimeoutMs: 60_000, now: () => clock });
    client = await MongoClient.connect(engine.uri);
  });
  afterAll(async () => {
    await client.close();
    await engine.close();
  });

  it('listens on loopback and gives a mongodb:// URI with the chosen port', () => {
    expect(engine.uri).toBe(`mongodb://127.0.0.1:${engine.port}/`);
  });

  it('expires a cursor left idle longer than the cursor timeout', async () => {
    const db = client.db('behaviour');
    await db.collection('idle').insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: i })) as never[]);
    const first = await db.command({ find: 'idle', batchSize: 2 });
    expect(engine.cursors.size).toBe(1);
    clock += 60_001;
    expect(engine.cursors.expireIdle()).toBe(1);
    const error = await db.command({ getMore: first.cursor.id, collection: 'idle' }).catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(43);
  });

  it('closes the cursor once the last batch is returned', async () => {
    const db = client.db('behaviour');
    await db.collection('drained').insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: i })) as never[]);
    await db.collection('drained').find({}, { batchSize: 2 }).toArray();
    expect(engine.cursors.size).toBe(0);
  });

  it('refuses transactions as a standalone mongod does (IllegalOperation 20, which the driver rewords)', async () => {
    const session = client.startSession();
    try {
      const error = await session
        .withTransaction(async () => {
          await client.db('behaviour').collection('tx').insertOne({ a: 1 }, { session });
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      // The driver turns code 20 "Transaction numbers are only allowed on a replica set member" into this hint.
      expect((error as MongoServerError).message).toMatch(/does not support retryable writes/);
    } finally {
      await session.endSession();
    }
  });

  it('refuses change streams with CommandNotFound (59) naming the stage', async () => {
    const error = await client
      .db('behaviour')
      .command({ aggregate: 'x', pipeline: [{ $changeStream: {} }], cursor: {} })
      .catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(59);
    expect((error as MongoServerError).message).toContain('$changeStream');
  });

  it('keeps stored documents apart from what clients do with returned ones', async () => {
    const coll = client.db('behaviour').collection('isolated');
    await coll.insertOne({ _id: 1, nested: { list: [1] } } as never);
    const doc = await coll.findOne({ _id: 1 } as never);
    (doc?.nested as { list: number[] }).list.push(2);
    expect(engine.store.get('behaviour', 'isolated')?.byId(1)?.doc).toEqual({ _id: 1, nested: { list: [1] } });
  });
});
