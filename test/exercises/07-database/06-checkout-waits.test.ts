import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedMongo, uniqueDbName } from '../../support/mongo.js';
import { trackCheckoutWaits } from '#exercise/07-database/06-checkout-waits';

const clients: MongoClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

async function clientWithPool(maxPoolSize: number): Promise<MongoClient> {
  const client = new MongoClient(sharedMongo().uri, { maxPoolSize, serverSelectionTimeoutMS: 5_000 });
  clients.push(client);
  await client.connect();
  return client;
}

describe('07.6 check-out waits from pool events', () => {
  it('sees operations queue for the one connection of a pool of one, then nothing waiting', async () => {
    const client = await clientWithPool(1);
    const tracker = trackCheckoutWaits(client);
    const coll = client.db(uniqueDbName('ex07_6')).collection('waits');
    await Promise.all(Array.from({ length: 10 }, (_, i) => coll.findOne({ i })));
    const snapshot = tracker.snapshot();
    tracker.dispose();
    expect(snapshot.checkOuts).toBe(10);
    expect(snapshot.peakWaiting).toBeGreaterThanOrEqual(2);
    expect(snapshot.waiting).toBe(0);
    expect(snapshot.maxWaitMs).toBeGreaterThanOrEqual(snapshot.p95WaitMs);
    expect(snapshot.p95WaitMs).toBeGreaterThanOrEqual(0);
  });

  it('starts from zero and counts nothing after dispose', async () => {
    const client = await clientWithPool(5);
    const tracker = trackCheckoutWaits(client);
    expect(tracker.snapshot()).toEqual({ checkOuts: 0, waiting: 0, peakWaiting: 0, maxWaitMs: 0, p95WaitMs: 0 });
    const coll = client.db(uniqueDbName('ex07_6')).collection('after');
    await coll.findOne({});
    tracker.dispose();
    await coll.findOne({});
    expect(tracker.snapshot().checkOuts).toBe(1);
  });
});
