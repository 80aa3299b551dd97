import {
  MongoClient,
  type ConnectionCheckedOutEvent,
  type ConnectionCheckOutFailedEvent,
  type ConnectionCheckOutStartedEvent,
} from 'mongodb';
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

const POOL_EVENTS = ['connectionCheckOutStarted', 'connectionCheckedOut', 'connectionCheckOutFailed'] as const;

/** A client that never connects: the test plays its pool's events itself, with the durations the driver would report. */
function scriptedPool() {
  const client = new MongoClient('mongodb://127.0.0.1:9', { serverSelectionTimeoutMS: 1 });
  clients.push(client);
  return {
    client,
    started: () => client.emit('connectionCheckOutStarted', {} as ConnectionCheckOutStartedEvent),
    checkedOut: (durationMS: number) =>
      client.emit('connectionCheckedOut', { durationMS } as ConnectionCheckedOutEvent),
    failed: (durationMS: number) =>
      client.emit('connectionCheckOutFailed', { durationMS, reason: 'timeout' } as ConnectionCheckOutFailedEvent),
    listeners: () => POOL_EVENTS.map((event) => client.listenerCount(event)),
  };
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

  it("takes each wait from the driver's durationMS, not from a clock of its own", () => {
    const pool = scriptedPool();
    const tracker = trackCheckoutWaits(pool.client);
    pool.started();
    pool.started();
    pool.checkedOut(12);
    pool.checkedOut(5);
    expect(tracker.snapshot()).toEqual({ checkOuts: 2, waiting: 0, peakWaiting: 2, maxWaitMs: 12, p95WaitMs: 12 });
  });

  it('ends a wait on a failed check-out and keeps its duration, without counting a check-out', () => {
    const pool = scriptedPool();
    const tracker = trackCheckoutWaits(pool.client);
    pool.started();
    pool.started();
    pool.failed(250);
    expect(tracker.snapshot()).toEqual({ checkOuts: 0, waiting: 1, peakWaiting: 2, maxWaitMs: 250, p95WaitMs: 250 });
    pool.checkedOut(30);
    expect(tracker.snapshot()).toEqual({ checkOuts: 1, waiting: 0, peakWaiting: 2, maxWaitMs: 250, p95WaitMs: 250 });
  });

  it('reports the nearest-rank p95 and the maximum of the waits, whatever order they end in', () => {
    const pool = scriptedPool();
    const tracker = trackCheckoutWaits(pool.client);
    for (let ms = 100; ms >= 1; ms -= 1) {
      pool.started();
      pool.checkedOut(ms);
    }
    expect(tracker.snapshot()).toMatchObject({ checkOuts: 100, maxWaitMs: 100, p95WaitMs: 95 });
  });

  it('keeps the most waits at once as the peak after the queue drains', () => {
    const pool = scriptedPool();
    const tracker = trackCheckoutWaits(pool.client);
    for (let i = 0; i < 3; i += 1) pool.started();
    pool.checkedOut(1);
    pool.checkedOut(1);
    pool.started();
    pool.checkedOut(1);
    pool.checkedOut(1);
    expect(tracker.snapshot()).toMatchObject({ waiting: 0, peakWaiting: 3 });
  });

  it('never counts fewer than 0 waiting when a wait began before tracking did', () => {
    const pool = scriptedPool();
    const tracker = trackCheckoutWaits(pool.client);
    pool.checkedOut(8);
    pool.failed(9);
    expect(tracker.snapshot()).toMatchObject({ waiting: 0, checkOuts: 1, maxWaitMs: 9 });
    pool.started();
    expect(tracker.snapshot()).toMatchObject({ waiting: 1, peakWaiting: 1 });
  });

  it('removes every listener it added on dispose, and later events change nothing', () => {
    const pool = scriptedPool();
    const before = pool.listeners();
    const tracker = trackCheckoutWaits(pool.client);
    pool.started();
    pool.checkedOut(4);
    tracker.dispose();
    expect(pool.listeners()).toEqual(before);
    pool.started();
    pool.checkedOut(70);
    pool.failed(80);
    expect(tracker.snapshot()).toEqual({ checkOuts: 1, waiting: 0, peakWaiting: 1, maxWaitMs: 4, p95WaitMs: 4 });
  });
});
