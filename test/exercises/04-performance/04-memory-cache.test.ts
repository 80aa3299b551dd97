import { describe, expect, it } from 'vitest';
import { UnencodableValueError } from '../../../chapters/04-performance/value-codec.js';
import { createMemoryCache } from '#exercise/04-performance/04-memory-cache';

describe('04.4 an in-process cache behind the cache port', () => {
  it.each([
    ['0', 0],
    ["''", ''],
    ['false', false],
    ['null', null],
  ])('returns %s as a hit with its type', async (_name, value) => {
    const cache = createMemoryCache({ max: 10 });
    await cache.set('k', value);
    expect(await cache.get('k')).toEqual({ hit: true, value, level: 'l1' });
  });

  it('tells a miss from a cached null', async () => {
    const cache = createMemoryCache({ max: 10 });
    expect(await cache.get('nothing')).toEqual({ hit: false });
  });

  it('evicts the least recently used entry when full, instead of throwing', async () => {
    const cache = createMemoryCache({ max: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.get('a');
    await expect(cache.set('c', 3)).resolves.toBeUndefined();
    expect((await cache.get('b')).hit).toBe(false);
    expect((await cache.get('a')).hit).toBe(true);
  });

  it('expires an entry after its TTL', async () => {
    let now = 0;
    const cache = createMemoryCache({ max: 10, now: () => now });
    await cache.set('k', 'v', { ttlSeconds: 5 });
    now = 4_999;
    expect((await cache.get('k')).hit).toBe(true);
    now = 5_000;
    expect(await cache.get('k')).toEqual({ hit: false });
  });

  it('keeps an entry 300 s by default, or defaultTtlSeconds when given', async () => {
    let now = 0;
    const cache = createMemoryCache({ max: 10, now: () => now });
    const short = createMemoryCache({ max: 10, defaultTtlSeconds: 2, now: () => now });
    await cache.set('k', 'v');
    await short.set('k', 'v');
    now = 1_999;
    expect([(await cache.get('k')).hit, (await short.get('k')).hit]).toEqual([true, true]);
    now = 2_000;
    expect([(await cache.get('k')).hit, (await short.get('k')).hit]).toEqual([true, false]);
    now = 299_999;
    expect((await cache.get('k')).hit).toBe(true);
    now = 300_000;
    expect((await cache.get('k')).hit).toBe(false);
  });

  it.each([0, -5, 1.5])('refuses a TTL of %s seconds', async (ttlSeconds) => {
    const cache = createMemoryCache({ max: 10 });
    await expect(cache.set('k', 'v', { ttlSeconds })).rejects.toThrow(RangeError);
    await expect(cache.set('k', 'v', { ttlSeconds })).rejects.toThrow(String(ttlSeconds));
    expect((await cache.get('k')).hit).toBe(false);
  });

  it('does not let an expired entry push a live one out', async () => {
    let now = 0;
    const cache = createMemoryCache({ max: 2, now: () => now });
    await cache.set('old', 1, { ttlSeconds: 1 });
    await cache.set('live', 2, { ttlSeconds: 60 });
    now = 1_000;
    expect((await cache.get('old')).hit).toBe(false);
    await cache.set('new', 3, { ttlSeconds: 60 });
    expect([(await cache.get('live')).hit, (await cache.get('new')).hit]).toEqual([true, true]);
  });

  it('gives back a Date as a Date, in a frozen copy the caller cannot change', async () => {
    const cache = createMemoryCache({ max: 10 });
    const original = { at: new Date(0), items: ['book'] };
    await cache.set('k', original);
    original.items.push('changed after set');
    const found = await cache.get<typeof original>('k');
    expect(found).toEqual({ hit: true, value: { at: new Date(0), items: ['book'] }, level: 'l1' });
    expect(() => (found.hit ? found.value.items.push('x') : 0)).toThrow(TypeError);
  });

  it('refuses a function at set', async () => {
    const cache = createMemoryCache({ max: 10 });
    await expect(cache.set('k', { run: (): void => {} })).rejects.toThrow(UnencodableValueError);
  });

  it('calls the loader once for 50 concurrent cold reads', async () => {
    const cache = createMemoryCache({ max: 10 });
    let loads = 0;
    const load = async (): Promise<string> => {
      loads += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return 'loaded';
    };
    const values = await Promise.all(Array.from({ length: 50 }, () => cache.getOrSet('k', load)));
    expect(loads).toBe(1);
    expect(new Set(values)).toEqual(new Set(['loaded']));
    expect(cache.stats().loads).toBe(1);
  });

  it('stores what getOrSet loaded, with its TTL and tags, and answers the next call from the cache', async () => {
    let now = 0;
    const cache = createMemoryCache({ max: 10, now: () => now });
    let loads = 0;
    const load = async (): Promise<{ title: string }> => ({ title: `edition ${++loads}` });
    const first = await cache.getOrSet('book', load, { ttlSeconds: 10, tags: ['books'] });
    expect(first).toEqual({ title: 'edition 1' });
    expect(Object.isFrozen(first)).toBe(true);
    await expect(cache.getOrSet('book', load)).resolves.toEqual({ title: 'edition 1' });
    expect(cache.stats()).toMatchObject({ l1: { hits: 1, misses: 1 }, loads: 1 });
    now = 10_000;
    await expect(cache.getOrSet('book', load)).resolves.toEqual({ title: 'edition 2' });
    await cache.invalidateTag('books');
    expect((await cache.get('book')).hit).toBe(true); // the second load was stored without tags
    await cache.getOrSet('tagged', load, { tags: ['books'] });
    await cache.invalidateTag('books');
    expect((await cache.get('tagged')).hit).toBe(false);
  });

  it('does not cache a failed load: the next call loads again', async () => {
    const cache = createMemoryCache({ max: 10 });
    await expect(cache.getOrSet('k', async () => Promise.reject(new Error('database down')))).rejects.toThrow(
      'database down',
    );
    expect((await cache.get('k')).hit).toBe(false);
    await expect(cache.getOrSet('k', async () => 'recovered')).resolves.toBe('recovered');
  });

  it('deletes one key, and close empties the cache', async () => {
    const cache = createMemoryCache({ max: 10 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.delete('a');
    await cache.delete('never-set');
    expect([(await cache.get('a')).hit, (await cache.get('b')).hit]).toEqual([false, true]);
    await cache.close();
    expect((await cache.get('b')).hit).toBe(false);
  });

  it("forgets a key's old tags when it is set again", async () => {
    const cache = createMemoryCache({ max: 10 });
    await cache.set('p1', 1, { tags: ['books'] });
    await cache.set('p2', 2, { tags: ['books'] });
    await cache.set('p1', 10, { tags: ['pens'] });
    await cache.invalidateTag('books');
    expect([(await cache.get('p1')).hit, (await cache.get('p2')).hit]).toEqual([true, false]);
  });

  it('drops every entry with a tag, and only those', async () => {
    const cache = createMemoryCache({ max: 10 });
    await cache.set('p1', 1, { tags: ['books'] });
    await cache.set('p2', 2, { tags: ['books', 'sale'] });
    await cache.set('p3', 3, { tags: ['pens'] });
    await cache.invalidateTag('books');
    expect([(await cache.get('p1')).hit, (await cache.get('p2')).hit, (await cache.get('p3')).hit]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('reports 0% before the first lookup and right figures later', async () => {
    const cache = createMemoryCache({ max: 10 });
    expect(cache.stats().overall).toEqual({ hits: 0, misses: 0, hitRate: 0 });
    await cache.set('k', 1);
    await cache.get('k');
    await cache.get('k');
    await cache.get('k');
    await cache.get('missing');
    expect(cache.stats()).toEqual({
      l1: { hits: 3, misses: 1, hitRate: 0.75 },
      l2: { hits: 0, misses: 0, hitRate: 0, errors: 0 },
      overall: { hits: 3, misses: 1, hitRate: 0.75 },
      loads: 0,
    });
  });
});
