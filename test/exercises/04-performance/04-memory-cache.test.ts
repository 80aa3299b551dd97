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

  it('drops every entry with a tag, and only those', async () => {
    const cache = createMemoryCache({ max: 10 });
    await cache.set('p1', 1, { tags: ['books'] });
    await cache.set('p2', 2, { tags: ['books', 'sale'] });
    await cache.set('p3', 3, { tags: ['pens'] });
    await cache.invalidateTag('books');
    expect([(await cache.get('p1')).hit, (await cache.get('p2')).hit, (await cache.get('p3')).hit]).toEqual([false, false, true]);
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
