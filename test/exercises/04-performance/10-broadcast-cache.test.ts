import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectRedis, type RedisHandle } from '../../../platform/redis/redis-provider.js';
import { BroadcastCache } from '#exercise/04-performance/10-broadcast-cache';

// Real Redis at REDIS_URL (CI), else ioredis-mock, whose pub/sub reaches every connection of this process.
let redis: RedisHandle;
let namespace: string;
let caches: BroadcastCache[];
beforeEach(async () => {
  redis = await connectRedis({ log: () => {} });
  namespace = `test:bc:${randomUUID()}`;
  caches = [];
});
afterEach(async () => {
  await Promise.all(caches.map((cache) => cache.close()));
  await redis.close();
});

/** One instance, as in another process: its own subscriber connection; commands on the shared one unless given. */
async function instance(options: { ns?: string; subscriber?: Redis; commands?: Redis } = {}): Promise<BroadcastCache> {
  const cache = await BroadcastCache.open({
    redis: options.commands ?? redis.client,
    subscriber: options.subscriber ?? redis.duplicate(),
    namespace: options.ns ?? namespace,
    ttlSeconds: 60,
  });
  caches.push(cache);
  return cache;
}

/** Every key an instance hears invalidated, in order. */
function heard(cache: BroadcastCache): string[] {
  const keys: string[] = [];
  cache.on('invalidated', (key: string) => keys.push(key));
  return keys;
}

describe('04.10 an L2 cache on Redis with invalidation published to every instance', () => {
  it('serves what another instance wrote from L2 once, then from its own L1', async () => {
    const [a, b] = [await instance(), await instance()];
    const written = once(b, 'invalidated');
    await a.set('price', '10');
    // Wait for a's message: arriving after b's read, it would rightly evict what b just cached (a slow machine did it).
    expect(await written).toEqual(['price']);
    expect(await b.get('price')).toBe('10');
    expect(b.cachedLocally('price')).toBe(true);
    await redis.client.del(`${namespace}:price`);
    expect(await b.get('price')).toBe('10');
  });

  it("evicts the other instance's L1 when a key is set there, once the message arrives", async () => {
    const a = await instance();
    const b = await instance({ commands: redis.duplicate() });
    await redis.client.set(`${namespace}:price`, '10'); // straight into L2: no message
    expect(await b.get('price')).toBe('10');
    const evicted = once(b, 'invalidated');
    await a.set('price', '12');
    expect(await evicted).toEqual(['price']);
    expect(b.cachedLocally('price')).toBe(false);
    expect(await b.get('price')).toBe('12');
  });

  it("evicts the other instance's L1 when a key is deleted there", async () => {
    const [a, b] = [await instance(), await instance()];
    await redis.client.set(`${namespace}:price`, '10');
    expect(await b.get('price')).toBe('10');
    const evicted = once(b, 'invalidated');
    await a.delete('price');
    expect(await evicted).toEqual(['price']);
    expect(b.cachedLocally('price')).toBe(false);
    expect(await b.get('price')).toBeUndefined();
  });

  it("answers the writer's own next get with the new state at once", async () => {
    const a = await instance();
    await a.set('price', '10');
    expect(await a.get('price')).toBe('10');
    await a.set('price', '12');
    expect(a.cachedLocally('price')).toBe(true);
    expect(await a.get('price')).toBe('12');
    await a.delete('price');
    expect(await a.get('price')).toBeUndefined();
  });

  it('ignores its own messages', async () => {
    const [a, b] = [await instance(), await instance()];
    const keys = heard(a);
    await a.set('price', '10'); // a's own message goes out before b's on the shared connection
    const next = once(a, 'invalidated');
    await b.set('stock', '3');
    await next;
    expect(keys).toEqual(['stock']);
    expect(a.cachedLocally('price')).toBe(true);
  });

  it('keeps an empty string as a value, and caches nothing for a missing key', async () => {
    const [a, b] = [await instance(), await instance()];
    const written = once(b, 'invalidated');
    await a.set('note', '');
    await written; // as above: a's message must not evict what b caches next
    expect(await b.get('note')).toBe('');
    await redis.client.del(`${namespace}:note`);
    expect(await b.get('note')).toBe('');
    expect(await b.get('missing')).toBeUndefined();
    expect(b.cachedLocally('missing')).toBe(false);
  });

  it('neither reads nor invalidates another namespace', async () => {
    const other = `${namespace}-other`;
    const a = await instance();
    const [c, d] = [await instance({ ns: other }), await instance({ ns: other })];
    await c.set('price', 'theirs');
    await c.get('price');
    const keys = heard(c);
    await a.set('price', 'ours');
    const next = once(c, 'invalidated');
    await d.set('stock', '1'); // published after a's message, on the same connection
    await next;
    expect(keys).toEqual(['stock']);
    expect(await c.get('price')).toBe('theirs');
    expect(await a.get('price')).toBe('ours');
  });

  it('ignores other channels carried by its subscriber connection', async () => {
    const subscriber = redis.duplicate();
    await subscriber.subscribe('unrelated');
    const [a, b] = [await instance(), await instance({ subscriber })];
    await redis.client.set(`${namespace}:ghost`, 'boo');
    await b.get('ghost');
    const keys = heard(b);
    await redis.client.publish('unrelated', JSON.stringify({ from: 'elsewhere', key: 'ghost' }));
    const next = once(b, 'invalidated');
    await a.set('stock', '1'); // published after the unrelated message, on the same connection
    await next;
    expect(keys).toEqual(['stock']);
    expect(b.cachedLocally('ghost')).toBe(true);
  });

  it('writes L2 values that expire after ttlSeconds', async () => {
    const a = await instance();
    await a.set('price', '10');
    const ttl = await redis.client.ttl(`${namespace}:price`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('leaves the subscriber connection as it found it when closed', async () => {
    const subscriber = redis.duplicate();
    const listeners = subscriber.listenerCount('message');
    const a = await BroadcastCache.open({ redis: redis.client, subscriber, namespace, ttlSeconds: 60 });
    await a.close();
    expect(subscriber.listenerCount('message')).toBe(listeners);
    await expect(subscriber.set(`${namespace}:free`, 'yes')).resolves.toBe('OK'); // no longer in subscriber mode
  });

  it('refuses a ttlSeconds that is not a whole number >= 1', async () => {
    for (const ttlSeconds of [0, 1.5]) {
      const opening = BroadcastCache.open({
        redis: redis.client,
        subscriber: redis.duplicate(),
        namespace,
        ttlSeconds,
      });
      await expect(opening).rejects.toThrow(RangeError);
      await expect(opening).rejects.toThrow(/ttlSeconds/);
    }
    const ok = await BroadcastCache.open({
      redis: redis.client,
      subscriber: redis.duplicate(),
      namespace,
      ttlSeconds: 1,
    });
    caches.push(ok);
  });
});
