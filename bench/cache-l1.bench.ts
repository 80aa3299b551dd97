/**
 * The two-level cache's L1 hit path against a raw lru-cache `get`, measured in the same run (goal: ratio >= 0.8).
 * `peek` is the synchronous hit path that `get` and `getOrSet` take first; `get()` adds an async function's promise,
 * so it is compared with an async baseline that wraps the same raw `get`.
 */
import { LRUCache } from 'lru-cache';
import { connectRedis } from '../platform/redis/redis-provider.js';
import { createTwoLevelCache } from '../chapters/04-performance/two-level-cache.js';

const KEYS = 1_000;
const SYNC_OPS = 2_000_000;
const ASYNC_OPS = 300_000;
const ROUNDS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function opsPerSecond(ops: number, work: () => void): number {
  const start = performance.now();
  work();
  return ops / ((performance.now() - start) / 1000);
}

async function opsPerSecondAsync(ops: number, work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return ops / ((performance.now() - start) / 1000);
}

export default async function run(): Promise<void> {
  const redis = await connectRedis({ log: () => {} });
  const cache = await createTwoLevelCache({
    redis,
    namespace: `bench-${process.pid}`,
    l1: { max: KEYS * 2, ttlSeconds: 600 },
  });
  const raw = new LRUCache<string, { value: number }>({ max: KEYS * 2, ttl: 600_000 });
  const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`);
  for (const [i, key] of keys.entries()) {
    await cache.set(key, { n: i }, { ttlSeconds: 600 });
    raw.set(key, { value: i });
  }
  const rawGet = async (key: string): Promise<{ value: number } | undefined> => raw.get(key);
  let sink = 0;
  const rawSync: number[] = [];
  const peekSync: number[] = [];
  const rawAsync: number[] = [];
  const getAsync: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    rawSync.push(
      opsPerSecond(SYNC_OPS, () => {
        for (let i = 0; i < SYNC_OPS; i += 1) if (raw.get(keys[i % KEYS]!) !== undefined) sink += 1;
      }),
    );
    peekSync.push(
      opsPerSecond(SYNC_OPS, () => {
        for (let i = 0; i < SYNC_OPS; i += 1) if (cache.peek(keys[i % KEYS]!).hit) sink += 1;
      }),
    );
    rawAsync.push(
      await opsPerSecondAsync(ASYNC_OPS, async () => {
        for (let i = 0; i < ASYNC_OPS; i += 1) if ((await rawGet(keys[i % KEYS]!)) !== undefined) sink += 1;
      }),
    );
    getAsync.push(
      await opsPerSecondAsync(ASYNC_OPS, async () => {
        for (let i = 0; i < ASYNC_OPS; i += 1) if ((await cache.get(keys[i % KEYS]!)).hit) sink += 1;
      }),
    );
  }
  const m = (values: number[]): string => `${(median(values) / 1e6).toFixed(1)}M ops/s`;
  console.log(`raw lru-cache get (baseline)      ${m(rawSync)}`);
  console.log(
    `cache.peek L1 hit                 ${m(peekSync)}   ratio ${(median(peekSync) / median(rawSync)).toFixed(2)} (goal >= 0.8)`,
  );
  console.log(`async wrapper of raw get (baseline) ${m(rawAsync)}`);
  console.log(
    `await cache.get L1 hit            ${m(getAsync)}   ratio ${(median(getAsync) / median(rawAsync)).toFixed(2)}`,
  );
  console.log(
    `(${ROUNDS} rounds, medians; ${KEYS} keys; stats ${cache.stats().l1.hitRate.toFixed(3)} L1 hit rate; sink ${sink > 0})`,
  );
  await cache.close();
  await redis.close();
}
