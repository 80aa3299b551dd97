/**
 * Rate-limit decisions per second on real Redis (needs REDIS_URL): the chapter's sliding-window Lua script against
 * rate-limiter-flexible's RateLimiterRedis, same Redis, same client options, same 1,000 keys, 50 callers, one run.
 * Printed as a ratio (ours / theirs). The machine may be shared: read the ratio, not the absolute figures.
 */
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { connectRedis } from '../platform/redis/redis-provider.js';
import { RedisGcraLimiter } from '../chapters/03-security/rate-limit/gcra.limiter.js';
import { RATE_LIMIT_REDIS_OPTIONS } from '../chapters/03-security/rate-limit/redis-script.js';
import { RedisSlidingWindowLimiter } from '../chapters/03-security/rate-limit/sliding-window.limiter.js';

const CONCURRENCY = 50;
const DECISIONS = 60_000;
const KEYS = 1_000;
const ROUNDS = 3;
const policy = { name: 'bench', limit: 100, windowMs: 60_000 };

/** `decide` runs DECISIONS times by CONCURRENCY callers over KEYS keys; returns decisions per second. */
async function measure(decide: (key: string) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < DECISIONS) {
        const i = next++;
        await decide(`k${i % KEYS}`);
      }
    }),
  );
  return (DECISIONS / (performance.now() - started)) * 1000;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const fmt = (n: number): string => `${Math.round(n).toLocaleString('en')}/s`;

export default async function run(): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) {
    console.log('rate-limiter: skipped (REDIS_URL is unset; start Redis and set it to measure).');
    return;
  }
  const redis = await connectRedis({
    url,
    options: { ...RATE_LIMIT_REDIS_OPTIONS, commandTimeout: 5_000 },
    log: () => {},
  });
  const client: Redis = redis.client;
  try {
    const stamp = Date.now();
    const ours = new RedisSlidingWindowLimiter({ client, policy, prefix: `bench:sw:${stamp}:` });
    const gcra = new RedisGcraLimiter({ client, policy, prefix: `bench:gcra:${stamp}:` });
    const theirs = new RateLimiterRedis({
      storeClient: client,
      points: policy.limit,
      duration: policy.windowMs / 1000,
      keyPrefix: `bench:rlf:${stamp}`,
    });
    // Their consume rejects with a RateLimiterRes when limited: that is a decision, not a failure.
    const theirDecision = (key: string): Promise<unknown> =>
      theirs.consume(key).catch((error: unknown) => {
        if (error instanceof RateLimiterRes) return error;
        throw error;
      });

    await measure((key) => ours.consume(key)); // warm-up: scripts loaded, JIT warm
    await measure(theirDecision);
    const results = { ours: [] as number[], theirs: [] as number[], gcra: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither always runs on a warmer (or busier) machine.
      if (round % 2 === 0) {
        results.ours.push(await measure((key) => ours.consume(key)));
        results.theirs.push(await measure(theirDecision));
      } else {
        results.theirs.push(await measure(theirDecision));
        results.ours.push(await measure((key) => ours.consume(key)));
      }
      results.gcra.push(await measure((key) => gcra.consume(key)));
    }
    const [o, t, g] = [median(results.ours), median(results.theirs), median(results.gcra)];
    console.log(
      `${DECISIONS.toLocaleString('en')} decisions x ${ROUNDS} rounds, ${CONCURRENCY} callers, ${KEYS} keys, limit ${policy.limit}/${policy.windowMs / 1000}s (medians)`,
    );
    console.log(`  rate-limiter-flexible RateLimiterRedis (baseline): ${fmt(t)}`);
    console.log(
      `  sliding-window Lua (chapter 3):                    ${fmt(o)}  ratio ${(o / t).toFixed(2)} (goal >= 1.0)`,
    );
    console.log(`  GCRA Lua (chapter 3):                              ${fmt(g)}  ratio ${(g / t).toFixed(2)}`);
    for (const prefix of [`bench:sw:${stamp}:*`, `bench:gcra:${stamp}:*`, `bench:rlf:${stamp}*`]) {
      const keys = await client.keys(prefix);
      for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
    }
  } finally {
    await redis.close();
  }
}
