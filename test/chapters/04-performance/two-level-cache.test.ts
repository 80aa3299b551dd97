import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectRedis, type RedisHandle } from '../../../platform/redis/redis-provider.js';
import {
  cacheRedisOptions,
  CacheArgumentError,
  CacheTimeoutError,
  createTwoLevelCache,
  type TwoLevelCache,
  type TwoLevelCacheOptions,
} from '../../../chapters/04-performance/two-level-cache.js';
import { UnencodableValueError } from '../../../chapters/04-performance/value-codec.js';

const quiet = (): void => {};
const run = promisify(execFile);
const realRedis = process.env.REDIS_URL;

// Everything a test opens is closed after it, caches first (they own their subscriber connections).
const caches: TwoLevelCache[] = [];
const handles: RedisHandle[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(caches.splice(0).map((cache) => cache.close()));
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});

async function openRedis(url = realRedis): Promise<RedisHandle> {
  const handle = await connectRedis({ url, options: cacheRedisOptions, log: quiet });
  handles.push(handle);
  return handle;
}

async function openCache(options: Partial<TwoLevelCacheOptions> & { namespace: string }): Promise<TwoLevelCache> {
  const cache = await createTwoLevelCache({ redis: options.redis ?? (await openRedis()), onError: quiet, ...options });
  caches.push(cache);
  return cache;
}

const namespace = (): string => `test-cache-${randomUUID()}`;

describe(`TwoLevelCache (${realRedis ? 'real Redis' : 'ioredis-mock'})`, () => {
  it.each([
    ['0', 0],
    ["''", ''],
    ['false', false],
    ['null', null],
  ])('returns %s with its type from L1 and from L2', async (_name, value) => {
    const ns = namespace();
    const writer = await openCache({ namespace: ns });
    const reader = await openCache({ namespace: ns });
    await writer.set('k', value);
    expect(await writer.get('k')).toEqual({ hit: true, value, level: 'l1' });
    expect(await reader.get('k')).toEqual({ hit: true, value, level: 'l2' });
  });

  it('tells a miss from a cached null', async () => {
    const cache = await openCache({ namespace: namespace() });
    await cache.set('known-absent', null);
    expect(await cache.get('never-set')).toEqual({ hit: false });
    expect(await cache.get('known-absent')).toMatchObject({ hit: true, value: null });
  });

  it('gives the same Date from L2 as was written, and the same from L1', async () => {
    const ns = namespace();
    const writer = await openCache({ namespace: ns });
    const order = { id: 7, placedAt: new Date('2024-05-01T10:00:00.000Z') };
    await writer.set('order:7', order);
    // Opened after the write, so the write's own message (which may arrive late) cannot empty the reader's L1.
    const reader = await openCache({ namespace: ns });
    const fromL2 = await reader.get<typeof order>('order:7');
    const fromL1 = await reader.get<typeof order>('order:7');
    expect(fromL2).toEqual({ hit: true, value: order, level: 'l2' });
    expect(fromL1).toEqual({ hit: true, value: order, level: 'l1' });
  });

  it('refuses a value it cannot carry at set, and caches nothing', async () => {
    const cache = await openCache({ namespace: namespace() });
    await expect(cache.set('k', { total: 1n })).rejects.toThrow(UnencodableValueError);
    expect(await cache.get('k')).toEqual({ hit: false });
  });

  it('hands out frozen values, so a caller cannot change what others read', async () => {
    const cache = await openCache({ namespace: namespace() });
    const value = await cache.getOrSet('cart', async () => ({ items: ['book'] }));
    expect(() => (value.items as string[]).push('pen')).toThrow(TypeError);
    expect(await cache.get('cart')).toMatchObject({ value: { items: ['book'] } });
  });

  it('calls the loader once for 50 concurrent cold reads', async () => {
    const cache = await openCache({ namespace: namespace() });
    let loads = 0;
    const load = async (): Promise<{ name: string }> => {
      loads += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return { name: 'Ada' };
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.getOrSet('user:1', load)));
    expect(loads).toBe(1);
    expect(new Set(results.map((result) => JSON.stringify(result)))).toEqual(new Set(['{"name":"Ada"}']));
    expect(cache.stats().loads).toBe(1);
  });

  it('does not cache a loader failure: every waiter gets it and the next call loads again', async () => {
    const cache = await openCache({ namespace: namespace() });
    const failing = Promise.all([1, 2].map(() => cache.getOrSet('k', () => Promise.reject(new Error('db down')))));
    await expect(failing).rejects.toThrow('db down');
    await expect(cache.getOrSet('k', async () => 'fine')).resolves.toBe('fine');
  });

  it('reports 0% on a fresh cache, and right per-level figures later', async () => {
    const ns = namespace();
    const other = await openCache({ namespace: ns });
    await other.set('warm', 1);
    // Opened after the write, so the write's own message (which may arrive late) cannot empty this cache's L1.
    const cache = await openCache({ namespace: ns });
    expect(cache.stats()).toEqual({
      l1: { hits: 0, misses: 0, hitRate: 0 },
      l2: { hits: 0, misses: 0, hitRate: 0, errors: 0 },
      overall: { hits: 0, misses: 0, hitRate: 0 },
      loads: 0,
    });
    await cache.get('cold'); // L1 miss, L2 miss
    await cache.get('warm'); // L1 miss, L2 hit
    await cache.get('warm'); // L1 hit
    await cache.get('warm'); // L1 hit
    expect(cache.stats()).toEqual({
      l1: { hits: 2, misses: 2, hitRate: 0.5 },
      l2: { hits: 1, misses: 1, hitRate: 0.5, errors: 0 },
      overall: { hits: 3, misses: 1, hitRate: 0.75 },
      loads: 0,
    });
  });

  it('drops every entry of a tag from L1 in another cache sharing the Redis', async () => {
    const ns = namespace();
    const admin = await openCache({ namespace: ns });
    const shop = await openCache({ namespace: ns });
    await admin.set('product:1', { price: 10 }, { tags: ['category:books'] });
    await admin.set('product:2', { price: 20 }, { tags: ['category:books'] });
    await admin.set('product:3', { price: 30 }, { tags: ['category:pens'] });
    for (const key of ['product:1', 'product:2', 'product:3']) await shop.get(key);
    expect(shop.peek('product:1')).toMatchObject({ hit: true, level: 'l1' });

    await admin.invalidateTag('category:books');
    await until(() => !shop.peek('product:1').hit);

    expect(shop.peek('product:2')).toEqual({ hit: false });
    expect(await shop.get('product:1')).toEqual({ hit: false });
    expect(await shop.get('product:3')).toMatchObject({ hit: true, value: { price: 30 } });
  });

  it('replaces a stale L1 entry in another cache when the key is set again', async () => {
    const ns = namespace();
    const a = await openCache({ namespace: ns });
    const b = await openCache({ namespace: ns });
    await a.set('price', 10);
    await b.get('price');
    await a.set('price', 12);
    await until(() => !b.peek('price').hit);
    expect(await b.get('price')).toMatchObject({ value: 12, level: 'l2' });
  });

  it("drops a copy from another cache's L1 when its Redis TTL ends, though L1 may keep entries for 30 s", async () => {
    const ns = namespace();
    const handle = await openRedis();
    const writer = await openCache({ namespace: ns, redis: handle });
    const reader = await openCache({ namespace: ns });
    await writer.set('flash-sale', { price: 5 }, { ttlSeconds: 1 });
    await heardAll(writer, reader); // else the set's own late message could empty the reader's L1 and hide the bug
    expect(await reader.get('flash-sale')).toMatchObject({ hit: true, level: 'l2' });
    expect(reader.peek('flash-sale')).toMatchObject({ hit: true, level: 'l1' });
    // Wait until Redis itself has let the key go (whole-second TTLs: about a second), then the copy must be gone too.
    await until(async () => (await handle.client.exists(`${ns}:v:flash-sale`)) === 0, 10_000);
    expect(reader.peek('flash-sale')).toEqual({ hit: false });
  });

  it('keeps a key findable by its tag when its tagged write lands while invalidateTag is under way', async () => {
    const ns = namespace();
    const handle = await openRedis();
    const slow = holdReplies(handle.client);
    const admin = await openCache({
      namespace: ns,
      redis: { client: slow.client, duplicate: () => handle.duplicate() },
    });
    const shop = await openCache({ namespace: ns });
    const held = slow.hold();
    const invalidating = admin.invalidateTag('category:books');
    await held.firstReply; // Redis has run invalidateTag's first command; the answer is still on its way
    await shop.set('product:1', { price: 10 }, { tags: ['category:books'] });
    held.release();
    await invalidating;

    await admin.invalidateTag('category:books');
    const reader = await openCache({ namespace: ns });
    expect(await reader.get('product:1')).toEqual({ hit: false });
  });

  it('does not cache a load that a delete() overtook: the delete wins', async () => {
    const ns = namespace();
    const cache = await openCache({ namespace: ns });
    const old = controlledLoad<{ price: number }>();
    const loading = cache.getOrSet('price', old.load);
    await old.started;
    await cache.delete('price');
    old.finish({ price: 10 });
    await expect(loading).resolves.toEqual({ price: 10 }); // its caller asked before the delete
    expect(await cache.get('price')).toEqual({ hit: false });
    const other = await openCache({ namespace: ns });
    expect(await other.get('price')).toEqual({ hit: false });
  });

  it('does not cache a tagged load that invalidateTag() overtook', async () => {
    const ns = namespace();
    const cache = await openCache({ namespace: ns });
    const old = controlledLoad<{ price: number }>();
    const loading = cache.getOrSet('product:1', old.load, { tags: ['category:books'] });
    await old.started;
    await cache.invalidateTag('category:books');
    old.finish({ price: 10 });
    await loading;
    expect(await cache.get('product:1')).toEqual({ hit: false });
    const other = await openCache({ namespace: ns });
    expect(await other.get('product:1')).toEqual({ hit: false });
  });

  it('does not let a load write back a key that another cache deleted while it ran', async () => {
    const ns = namespace();
    const shop = await openCache({ namespace: ns });
    const admin = await openCache({ namespace: ns });
    const old = controlledLoad<{ price: number }>();
    const loading = shop.getOrSet('price', old.load);
    await old.started;
    await admin.delete('price');
    old.finish({ price: 10 });
    await loading;
    expect(await shop.get('price')).toEqual({ hit: false });
    expect(await admin.get('price')).toEqual({ hit: false });
  });

  it("gives a caller that comes after another cache's invalidateTag() a load of its own, and does not cache the old load", async () => {
    const ns = namespace();
    const shop = await openCache({ namespace: ns });
    const admin = await openCache({ namespace: ns });
    const old = controlledLoad<{ price: number }>();
    const first = shop.getOrSet('product:1', old.load, { tags: ['category:books'] });
    await old.started;
    await admin.invalidateTag('category:books');
    await heardAll(admin, shop);
    const second = shop.getOrSet('product:1', async () => ({ price: 12 }), { tags: ['category:books'] });
    old.finish({ price: 10 });
    expect(await second).toEqual({ price: 12 });
    await first;
    expect(await admin.get('product:1')).toMatchObject({ hit: true, value: { price: 12 } });
  });

  it('gives a caller that comes after a delete() a load of its own, not the one that started before it', async () => {
    const cache = await openCache({ namespace: namespace() });
    const old = controlledLoad<{ price: number }>();
    const first = cache.getOrSet('price', old.load);
    await old.started;
    await cache.delete('price');
    const second = cache.getOrSet('price', async () => ({ price: 12 }));
    old.finish({ price: 10 });
    expect(await second).toEqual({ price: 12 });
    await first;
    expect(await cache.get('price')).toMatchObject({ hit: true, value: { price: 12 } });
  });

  it('hands a load slower than a fence lives to its callers, but caches it nowhere', async () => {
    const ns = namespace();
    const cache = await openCache({ namespace: ns });
    vi.useFakeTimers({ toFake: ['performance'] }); // the cache measures a load with performance.now()
    const value = await cache.getOrSet('report', async () => {
      vi.advanceTimersByTime(51_000);
      return 'slow';
    });
    vi.useRealTimers();
    expect(value).toBe('slow');
    expect(await cache.get('report')).toEqual({ hit: false });
    const other = await openCache({ namespace: ns });
    expect(await other.get('report')).toEqual({ hit: false });
  });

  it('does not refill L1 from a Redis read that a delete() overtook', async () => {
    const ns = namespace();
    const handle = await openRedis();
    const slow = holdReplies(handle.client);
    const reader = await openCache({
      namespace: ns,
      redis: { client: slow.client, duplicate: () => handle.duplicate() },
    });
    const writer = await openCache({ namespace: ns });
    await writer.set('price', 10);
    await heardAll(writer, reader);
    const held = slow.hold();
    const reading = reader.get('price');
    await held.firstReply; // Redis has answered the read with the old value; the answer is still on its way
    const deleting = reader.delete('price');
    held.release();
    await Promise.all([reading, deleting]);
    expect(reader.peek('price')).toEqual({ hit: false });
  });

  it('lets a tag set live as long as its longest-lived key, then expire', async () => {
    const ns = namespace();
    const handle = await openRedis();
    const cache = await openCache({ namespace: ns, redis: handle });
    await cache.set('short', 1, { ttlSeconds: 10, tags: ['t'] });
    expect(await handle.client.ttl(`${ns}:tag:t`)).toBe(10);
    await cache.set('long', 1, { ttlSeconds: 100, tags: ['t'] });
    await cache.set('shorter', 1, { ttlSeconds: 5, tags: ['t'] });
    expect(await handle.client.ttl(`${ns}:tag:t`)).toBe(100);
  });

  it('refuses an empty key and a TTL that is not whole seconds', async () => {
    const cache = await openCache({ namespace: namespace() });
    await expect(cache.get('')).rejects.toThrow(CacheArgumentError);
    await expect(cache.set('k', 1, { ttlSeconds: 0.5 })).rejects.toThrow(
      'ttlSeconds must be a whole number of seconds >= 1, got 0.5',
    );
  });

  it('answers from the loader when Redis does not answer in time, and reports it', async () => {
    const handle = await openRedis();
    const errors: Error[] = [];
    const cache = await openCache({
      namespace: namespace(),
      redis: { client: hangingClient(), duplicate: () => handle.duplicate() },
      redisTimeoutMs: 20,
      onError: (error) => errors.push(error),
    });
    await expect(cache.getOrSet('k', async () => 'from the database')).resolves.toBe('from the database');
    expect(errors[0]).toBeInstanceOf(CacheTimeoutError);
    // The read; the load's write is not even tried: without the read's fences nothing proves no delete overtook it.
    expect(cache.stats().l2.errors).toBe(1);
  });

  it.runIf(realRedis)(
    `answers from the loader when its Redis connection breaks (real Redis behind a loopback proxy${realRedis ? '' : '; skipped: needs REDIS_URL'})`,
    async () => {
      const proxy = await startProxy(new URL(realRedis!));
      try {
        const handle = await openRedis(`redis://127.0.0.1:${proxy.port}`);
        const cache = await openCache({ namespace: namespace(), redis: handle });
        await cache.set('k', 'cached');
        proxy.breakAll();
        await expect(cache.getOrSet('other', async () => 'from the database')).resolves.toBe('from the database');
        expect(cache.stats().l2.errors).toBeGreaterThan(0);
      } finally {
        proxy.breakAll();
      }
    },
  );

  it.runIf(realRedis)(
    `clears L1 in another process when a tag is invalidated (real Redis, two processes${realRedis ? '' : '; skipped: needs REDIS_URL, ioredis-mock cannot cross processes'})`,
    async () => {
      const ns = namespace();
      const cache = await openCache({ namespace: ns });
      await cache.set('product:9', { price: 9 }, { tags: ['sale'] });
      const peer = fileURLToPath(new URL('./fixtures/cache-peer.ts', import.meta.url));
      // A child process under tsx: seconds on a loaded machine (load 20 on 2 cores measured here); a generous bound.
      const child = run(process.execPath, ['--import', 'tsx', peer, ns], { timeout: 50_000 });
      // The peer prints "cached" once product:9 sits in its L1; then we invalidate from this process.
      child.child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('cached')) void cache.invalidateTag('sale');
      });
      const { stdout } = await child;
      expect(stdout).toContain('cached from l2');
      expect(stdout).toContain('invalidated: L1 and L2 miss');
    },
    60_000,
  );
});

/** Polls a condition that an asynchronous message (or Redis expiring a key) will make true; fails after `ms`. */
async function until(condition: () => boolean | Promise<boolean>, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves once `reader` has heard every message `writer` has published so far (pub/sub keeps one publisher's order). */
async function heardAll(writer: TwoLevelCache, reader: TwoLevelCache): Promise<void> {
  const barrier = `barrier-${randomUUID()}`;
  await reader.set(barrier, true); // in the reader's L1 at once; a cache ignores its own messages
  await writer.delete(barrier);
  await until(() => !reader.peek(barrier).hit);
}

/**
 * Wraps a client so that, once `hold()` is called, Redis still runs its commands at once but their replies reach the
 * caller only after `release()`: a slow network on the way back. `firstReply` resolves when the first reply to a held
 * command has arrived (and is being held).
 */
function holdReplies(client: Redis): { client: Redis; hold: () => { firstReply: Promise<void>; release: () => void } } {
  let hold: ((reply: Promise<unknown>) => Promise<unknown>) | undefined;
  const wrap = <T extends object>(target: T): T => {
    const proxy: T = new Proxy(target, {
      get(object, name) {
        const member: unknown = Reflect.get(object, name);
        if (typeof member !== 'function') return member;
        return (...args: unknown[]) => {
          const result: unknown = (member as (...a: unknown[]) => unknown).apply(object, args);
          if (result === object) return proxy; // a command queued on a MULTI returns the MULTI
          if (result instanceof Promise) return hold ? hold(result) : result;
          return name === 'multi' || name === 'pipeline' ? wrap(result as object) : result;
        };
      },
    });
    return proxy;
  };
  return {
    client: wrap(client),
    hold: () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let replied!: () => void;
      const firstReply = new Promise<void>((resolve) => (replied = resolve));
      hold = (reply) =>
        reply.finally(replied).then(
          (value) => released.then(() => value),
          (error: unknown) => released.then(() => Promise.reject(error)),
        );
      return { firstReply, release };
    },
  };
}

/** A loader the test finishes by hand: `started` resolves once the cache has called it. */
function controlledLoad<T>(): { load: () => Promise<T>; started: Promise<void>; finish: (value: T) => void } {
  let finish!: (value: T) => void;
  const result = new Promise<T>((resolve) => (finish = resolve));
  let begin!: () => void;
  const started = new Promise<void>((resolve) => (begin = resolve));
  return { load: () => (begin(), result), started, finish };
}

/** A Redis client whose commands never answer: what a stalled server looks like. */
function hangingClient(): Redis {
  const never = (): Promise<never> => new Promise<never>(() => {});
  const multi: Record<string, unknown> = new Proxy(
    {},
    { get: (_target, name) => (name === 'exec' ? never : () => multi) },
  );
  return { get: never, smembers: never, eval: never, multi: () => multi } as unknown as Redis;
}

/** A loopback TCP proxy to Redis that the test can cut, so only this test's connections fail. */
async function startProxy(target: URL): Promise<{ port: number; breakAll: () => void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    breakAll: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}
