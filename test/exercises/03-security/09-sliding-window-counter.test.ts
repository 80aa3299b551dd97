import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type RedisHandle } from '../../../platform/redis/redis-provider.js';
import {
  SlidingWindowCounter,
  type ScriptRunner,
  type SlidingWindowCounterOptions,
} from '#exercise/03-security/09-sliding-window-counter';

// Runs on the Redis at REDIS_URL (CI), else on ioredis-mock, which runs Lua too (slowly: fewer concurrent calls there).
let redis: RedisHandle;
let admin: Redis; // a connection of our own for SCRIPT FLUSH and for reading keys
beforeAll(async () => {
  redis = await connectRedis({ log: () => {} });
  admin = redis.provider === 'redis' ? redis.duplicate() : redis.client;
});
afterAll(async () => {
  await redis.close();
});

const WINDOW = 60_000; // long enough that no key expires during a test, even on the slow stand-in
const START = 1_800_000_000_000; // a multiple of WINDOW: the start of a fixed window

/** Every script Redis knows is forgotten, as after a restart. ioredis-mock has no SCRIPT command: its cache is a field. */
async function flushScripts(): Promise<void> {
  if (redis.provider === 'redis') {
    await admin.script('FLUSH');
  } else {
    (redis.client as unknown as { shaScripts: Record<string, string> }).shaScripts = {};
  }
}

/** The client, recording which command each call sent. */
function recording(sent: string[], client: Redis = redis.client): ScriptRunner {
  return {
    evalsha: (sha1, keys, ...args) => {
      sent.push('evalsha');
      return client.evalsha(sha1, keys, ...args);
    },
    eval: (script, keys, ...args) => {
      sent.push('eval');
      return client.eval(script, keys, ...args);
    },
  };
}

function counter(
  options: Partial<SlidingWindowCounterOptions> & { clock?: { now: number } } = {},
): SlidingWindowCounter {
  const clock = options.clock ?? { now: START };
  return new SlidingWindowCounter({
    redis: redis.client,
    limit: 10,
    windowMs: WINDOW,
    prefix: `test:swc:${randomUUID()}:`,
    now: () => clock.now,
    ...options,
  });
}

async function hits(limiter: SlidingWindowCounter, count: number, key = 'alice'): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < count; i += 1) out.push((await limiter.hit(key)).allowed);
  return out;
}

describe('03.9 a sliding-window counter as a Lua script on Redis', () => {
  it('allows limit hits in a window, counting down remaining, and refuses the next', async () => {
    const limiter = counter({ limit: 3 });
    expect(await limiter.hit('alice')).toEqual({ allowed: true, remaining: 2 });
    expect(await limiter.hit('alice')).toEqual({ allowed: true, remaining: 1 });
    expect(await limiter.hit('alice')).toEqual({ allowed: true, remaining: 0 });
    expect(await limiter.hit('alice')).toEqual({ allowed: false, remaining: 0 });
  });

  it('weights the previous window by how much of it is still inside the sliding window', async () => {
    const clock = { now: START + 30_000 };
    const limiter = counter({ clock });
    expect(await hits(limiter, 10)).toEqual(Array(10).fill(true));
    clock.now = START + WINDOW + 30_000; // half of the previous window still counts: 5 of its 10 hits
    expect(await limiter.hit('alice')).toEqual({ allowed: true, remaining: 4 });
    expect(await hits(limiter, 5)).toEqual([true, true, true, true, false]);
    clock.now = START + WINDOW + 54_000; // a tenth still counts: 1, plus the 5 of this window
    expect(await limiter.hit('alice')).toEqual({ allowed: true, remaining: 3 });
    clock.now = START + 2 * WINDOW + 45_000; // a quarter of the 6 allowed in the last window: 1.5 of a hit
    expect(await limiter.hit('alice')).toEqual({ allowed: true, remaining: 7 });
  });

  it('does not count refused hits, and keeps keys apart', async () => {
    const clock = { now: START };
    const limiter = counter({ clock, limit: 2 });
    expect(await hits(limiter, 6)).toEqual([true, true, false, false, false, false]);
    expect(await limiter.hit('bob')).toEqual({ allowed: true, remaining: 1 });
    clock.now = START + 2 * WINDOW; // two windows later, nothing of the first one counts
    expect(await limiter.hit('alice')).toEqual({ allowed: true, remaining: 1 });
  });

  it('allows exactly limit of many concurrent hits', { timeout: 60_000 }, async () => {
    const calls = redis.provider === 'redis' ? 1_000 : 200;
    const limiter = counter({ limit: 100 });
    const decisions = await Promise.all(Array.from({ length: calls }, () => limiter.hit('alice')));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(100);
  });

  it('sends the script text only when Redis does not know it, then only its SHA1', async () => {
    const sent: string[] = [];
    const limiter = counter({ redis: recording(sent) });
    await flushScripts();
    await hits(limiter, 3);
    expect(sent).toEqual(['evalsha', 'eval', 'evalsha', 'evalsha']);
  });

  it('answers and counts once a hit that finds the script cache flushed', async () => {
    const sent: string[] = [];
    const limiter = counter({ redis: recording(sent), limit: 5 });
    expect(await limiter.hit('alice')).toEqual({ allowed: true, remaining: 4 });
    await flushScripts();
    sent.length = 0;
    expect(await limiter.hit('alice')).toEqual({ allowed: true, remaining: 3 });
    expect(sent).toEqual(['evalsha', 'eval']);
    expect(await limiter.hit('alice')).toEqual({ allowed: true, remaining: 2 });
  });

  it('rejects with any other error from Redis, without sending the script', async () => {
    const failure = new Error('LOADING Redis is loading the dataset in memory');
    const sent: string[] = [];
    const failing: ScriptRunner = {
      evalsha: () => Promise.reject(failure),
      eval: (...args) => recording(sent).eval(...args),
    };
    await expect(counter({ redis: failing }).hit('alice')).rejects.toBe(failure);
    expect(sent).toEqual([]);
  });

  it('writes only keys under its prefix, each expiring within two windows', async () => {
    const prefix = `test:swc:${randomUUID()}:`;
    const clock = { now: Date.now() };
    const limiter = counter({ prefix, clock });
    await limiter.hit('alice');
    clock.now += WINDOW;
    await limiter.hit('alice');
    const keys = await admin.keys(`${prefix}*`);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      const ttl = await admin.pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(2 * WINDOW);
    }
  });

  it('works without a prefix or a clock of its own, under swc:', async () => {
    const key = `test-${randomUUID()}`;
    const limiter = new SlidingWindowCounter({ redis: redis.client, limit: 1, windowMs: 60_000 });
    expect(await limiter.hit(key)).toEqual({ allowed: true, remaining: 0 });
    expect(await limiter.hit(key)).toEqual({ allowed: false, remaining: 0 });
    expect(await admin.keys(`swc:${key}:*`)).toHaveLength(1);
  });

  it('refuses a limit or window that is not a whole number >= 1', () => {
    for (const limit of [0, 1.5, Number.NaN]) expect(() => counter({ limit }), String(limit)).toThrow(/limit/);
    for (const windowMs of [0, 2.5]) expect(() => counter({ windowMs }), String(windowMs)).toThrow(/windowMs/);
    expect(() => counter({ limit: 1, windowMs: 1 })).not.toThrow();
  });
});
