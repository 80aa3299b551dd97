import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis, type RedisHandle } from '../../../platform/redis/redis-provider.js';
import { createTwoLevelCache, type TwoLevelCache } from '../../../chapters/04-performance/two-level-cache.js';
import { createValueCodec, UnencodableValueError } from '../../../chapters/04-performance/value-codec.js';
import { bigintTag, mapTag } from '#exercise/04-performance/01-codec-tags';

const codec = createValueCodec([bigintTag, mapTag]);
const roundTrip = (value: unknown): unknown => codec.decode(codec.encode(value));

describe('04.1 codec tags for BigInt and Map', () => {
  it.each([0n, -42n, 10n ** 30n])('round-trips the BigInt %s exactly', (value) => {
    expect(roundTrip(value)).toBe(value);
  });

  it('writes a BigInt as readable text, not as a number that would lose digits', () => {
    expect(codec.encode({ total: 12345678901234567890n })).toBe('{"total":{"$t":"bigint","v":"12345678901234567890"}}');
  });

  it('round-trips a Map with non-string keys and Date values, keeping insertion order', () => {
    const map = new Map<unknown, unknown>([
      [2, new Date('2024-01-02T00:00:00.000Z')],
      [1, 'one'],
      [true, null],
    ]);
    const back = roundTrip(map) as Map<unknown, unknown>;
    expect(back).toBeInstanceOf(Map);
    expect([...back.keys()]).toEqual([2, 1, true]);
    expect(back.get(2)).toEqual(new Date('2024-01-02T00:00:00.000Z'));
  });

  it('round-trips a Map nested in a Map, with BigInt values', () => {
    const value = { stock: new Map([['warehouse-a', new Map([['sku-1', 5n]])]]) };
    expect(roundTrip(value)).toEqual(value);
  });

  it('still refuses what no tag carries, naming where it sits inside the Map', () => {
    const value = new Map([['handler', (): void => {}]]);
    expect(() => codec.encode(value)).toThrow(UnencodableValueError);
    expect(() => codec.encode(value)).toThrow('cannot cache a function at value<map>[0][1]');
  });

  describe('through the two-level cache', () => {
    let redis: RedisHandle | undefined;
    let caches: TwoLevelCache[] = [];
    afterEach(async () => {
      await Promise.all(caches.map((cache) => cache.close()));
      caches = [];
      await redis?.close();
    });

    it('reads back a Map of BigInts from Redis as it was written', async () => {
      redis = await connectRedis({ log: () => {} });
      const namespace = `exercise-04-1-${process.pid}-${Date.now()}`;
      const writer = await createTwoLevelCache({ redis, namespace, codec, onError: () => {} });
      const reader = await createTwoLevelCache({ redis, namespace, codec, onError: () => {} });
      caches = [writer, reader];
      const balances = new Map([['alice', 10n ** 20n]]);
      await writer.set('balances', balances);
      expect(await reader.get('balances')).toEqual({ hit: true, value: balances, level: 'l2' });
    });
  });
});
