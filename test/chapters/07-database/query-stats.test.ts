import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MonitoringDisabledError } from '../../../chapters/07-database/database-error.js';
import { QueryStats, Reservoir } from '../../../chapters/07-database/query-stats.js';
import { sharedMongo } from '../../support/mongo.js';
import { useLiveDb } from '../../support/mongo.js';

const live = useLiveDb('ch07_stats', { monitorCommands: true });

describe('query statistics from command monitoring', () => {
  it('files 10,000 queries with 10,000 distinct values under one shape, with bounded samples', async () => {
    const { client, db } = live();
    const users = db.collection<{ email: string }>('users');
    await users.insertOne({ email: 'user1@example.test' });
    const stats = new QueryStats({ samplesPerShape: 64 });
    const detach = stats.attach(client);
    try {
      for (let i = 0; i < 10_000; i += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, k) => users.findOne({ email: `user${i + k}@example.test` })));
      }
    } finally {
      detach();
    }
    const shapes = stats.snapshot();
    expect(shapes).toHaveLength(1);
    expect(shapes[0]).toMatchObject({
      count: 10_000,
      failures: 0,
      samples: 64,
      shape: { namespace: `${db.databaseName}.users`, operation: 'find', filter: { email: '?' } },
    });
    expect(shapes[0]?.p50Ms).toBeLessThanOrEqual(shapes[0]?.p95Ms ?? 0);
    expect(shapes[0]?.p95Ms).toBeLessThanOrEqual(shapes[0]?.maxMs ?? 0);
  }, 60_000); // 10,000 round trips: about 5 s here, more on a busy CI machine

  it('counts failed commands as failures of their shape', async () => {
    const { client, db } = live();
    const stats = new QueryStats();
    const detach = stats.attach(client);
    const error = await db
      .collection('users')
      .find({ $bogus: 1 })
      .toArray()
      .catch((e: unknown) => e);
    detach();
    expect(error).toBeInstanceOf(Error);
    expect(stats.snapshot()).toEqual([expect.objectContaining({ count: 1, failures: 1 })]);
  });

  it('keeps at most maxShapes shapes, evicting the least recently seen', () => {
    const stats = new QueryStats({ maxShapes: 3 });
    const shape = (field: string) => ({ namespace: 'd.c', operation: 'find', filter: { [field]: '?' as const } });
    for (const field of ['a', 'b', 'c', 'a', 'd']) stats.record(shape(field), 1);
    expect(
      stats
        .snapshot()
        .map((s) => Object.keys(s.shape.filter)[0])
        .sort(),
    ).toEqual(['a', 'c', 'd']);
    expect(stats.dropped.shapes).toBe(1);
  });

  it('refuses a client without monitorCommands, which would never emit a command event', async () => {
    const client = new MongoClient(sharedMongo().uri);
    try {
      expect(() => new QueryStats().attach(client)).toThrow(MonitoringDisabledError);
    } finally {
      await client.close();
    }
  });

  it('stops recording once detached', async () => {
    const { client, db } = live();
    const stats = new QueryStats();
    stats.attach(client)();
    await db.collection('users').findOne({});
    expect(stats.size).toBe(0);
  });
});

describe('reservoir', () => {
  it('holds at most its size and estimates percentiles of a uniform stream', () => {
    let seed = 42;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const reservoir = new Reservoir(200, random);
    for (let i = 1; i <= 100_000; i++) reservoir.add(i);
    expect(reservoir.length).toBe(200);
    expect(reservoir.percentile(0.5)).toBeGreaterThan(40_000);
    expect(reservoir.percentile(0.5)).toBeLessThan(60_000);
    expect(reservoir.percentile(0.99)).toBeGreaterThan(95_000);
  });
});
