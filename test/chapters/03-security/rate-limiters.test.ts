import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisHandle } from '../../../platform/redis/redis-provider.js';
import { RedisFixedWindowLimiter } from '../../../chapters/03-security/rate-limit/fixed-window.limiter.js';
import { RedisGcraLimiter } from '../../../chapters/03-security/rate-limit/gcra.limiter.js';
import { InMemorySlidingWindowLimiter } from '../../../chapters/03-security/rate-limit/in-memory-sliding-window.limiter.js';
import type { RateLimiter } from '../../../chapters/03-security/rate-limit/rate-limiter.port.js';
import { RedisSlidingWindowLimiter } from '../../../chapters/03-security/rate-limit/sliding-window.limiter.js';
import { slowTimeout } from '../../support/slow-tests.js';
import { fakeClock, openRedis, PATIENT, REAL_REDIS, realRedisTitle, uniquePrefix } from './support/redis.js';

let redis: RedisHandle;
let patient: RedisHandle;
beforeAll(async () => {
  redis = await openRedis();
  patient = await openRedis(undefined, PATIENT);
});
afterAll(async () => {
  await redis.close();
  await patient.close();
});

const policy = { name: 'test', limit: 10, windowMs: 1_000 };
async function admitted(limiter: RateLimiter, key: string, count: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < count; i++) if ((await limiter.consume(key)).allowed) allowed += 1;
  return allowed;
}

describe(`rate limiting algorithms on ${REAL_REDIS ? 'real Redis' : 'ioredis-mock'}`, () => {
  // #region edge-burst
  it('fixed window admits twice the limit in 2 ms across a window edge; the sliding window does not', async () => {
    const clock = fakeClock(1_700_000_000_000); // a multiple of 1,000: a window edge
    const fixed = new RedisFixedWindowLimiter({
      client: redis.client,
      policy,
      prefix: uniquePrefix('fw'),
      now: clock.now,
    });
    const sliding = new RedisSlidingWindowLimiter({
      client: redis.client,
      policy,
      prefix: uniquePrefix('sw'),
      now: clock.now,
    });
    clock.advance(999); // last millisecond of one window
    expect(await admitted(fixed, 'k', 10)).toBe(10);
    expect(await admitted(sliding, 'k', 10)).toBe(10);
    clock.advance(1); // first millisecond of the next
    expect(await admitted(fixed, 'k', 10)).toBe(10); // 20 requests in 2 ms against "10 per second"
    expect(await admitted(sliding, 'k', 10)).toBe(0);
  });
  // #endregion edge-burst

  it('sliding window: the refusal says exactly when the oldest request leaves the window', async () => {
    const clock = fakeClock();
    const limiter = new RedisSlidingWindowLimiter({
      client: redis.client,
      policy,
      prefix: uniquePrefix('sw'),
      now: clock.now,
    });
    const first = await limiter.consume('k');
    expect(first).toEqual({ allowed: true, limit: 10, remaining: 9, resetMs: 1_000, retryAfterMs: 0 });
    clock.advance(300);
    expect(await admitted(limiter, 'k', 9)).toBe(9);
    const refused = await limiter.consume('k');
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 700 });
  });

  it('sliding window: refused requests are not counted, so waiting Retry-After is enough', async () => {
    const clock = fakeClock();
    const limiter = new RedisSlidingWindowLimiter({
      client: redis.client,
      policy,
      prefix: uniquePrefix('sw'),
      now: clock.now,
    });
    expect(await admitted(limiter, 'k', 10)).toBe(10);
    for (let i = 0; i < 50; i++) {
      clock.advance(10);
      expect((await limiter.consume('k')).allowed).toBe(false); // hammering while limited
    }
    clock.set(clock.now() + (await limiter.consume('k')).retryAfterMs);
    expect((await limiter.consume('k')).allowed).toBe(true);
  });

  it('GCRA: a burst of the limit, then one request per emission interval', async () => {
    const clock = fakeClock();
    const limiter = new RedisGcraLimiter({
      client: redis.client,
      policy,
      prefix: uniquePrefix('gcra'),
      now: clock.now,
    });
    expect((await limiter.consume('k')).remaining).toBe(9);
    expect(await admitted(limiter, 'k', 20)).toBe(9);
    const refused = await limiter.consume('k');
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 100 });
    clock.advance(100);
    expect((await limiter.consume('k')).allowed).toBe(true);
    expect((await limiter.consume('k')).allowed).toBe(false);
  });

  it('GCRA: holds a limit above one request per millisecond (20 per 2 ms is 10 per ms, not 1)', async () => {
    const clock = fakeClock();
    const limiter = new RedisGcraLimiter({
      client: redis.client,
      policy: { name: 'fast', limit: 20, windowMs: 2 },
      prefix: uniquePrefix('gcra'),
      now: clock.now,
    });
    const batch = async (size: number): Promise<number> =>
      (await Promise.all(Array.from({ length: size }, () => limiter.consume('k')))).filter((d) => d.allowed).length;
    const perMillisecond = [await batch(20)];
    for (let ms = 1; ms < 10; ms++) {
      clock.advance(1);
      perMillisecond.push(await batch(12));
    }
    // The burst of 20 at 0 ms, then 10 in each following millisecond (a rounded 1 ms interval would give 1).
    expect(perMillisecond).toEqual([20, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
  });

  it('GCRA: a fractional emission interval does not drift (3 per second: slots at 333.3 ms and 666.7 ms)', async () => {
    const clock = fakeClock();
    const limiter = new RedisGcraLimiter({
      client: redis.client,
      policy: { name: 'thirds', limit: 3, windowMs: 1_000 },
      prefix: uniquePrefix('gcra'),
      now: clock.now,
    });
    expect(await admitted(limiter, 'k', 3)).toBe(3);
    clock.advance(333);
    expect(await limiter.consume('k')).toMatchObject({ allowed: false, retryAfterMs: 1 });
    clock.advance(1);
    expect((await limiter.consume('k')).allowed).toBe(true);
    clock.advance(333); // 667 ms: past the slot at 666.7
    expect((await limiter.consume('k')).allowed).toBe(true);
  });

  it('keeps keys apart: one client at its limit does not limit another', async () => {
    const limiter = new RedisSlidingWindowLimiter({ client: redis.client, policy, prefix: uniquePrefix('sw') });
    expect(await admitted(limiter, 'a', 12)).toBe(10);
    expect((await limiter.consume('b')).allowed).toBe(true);
  });

  it.each([
    // A frozen clock: GCRA really does refill one request every 600 ms, and the mock's 1,000 scripts take seconds.
    // The patient client: 1,000 commands in flight on a busy machine outlast the 250 ms timeout, which is not the point.
    [
      'sliding window',
      (prefix: string) =>
        new RedisSlidingWindowLimiter({
          client: patient.client,
          policy: { name: 'burst', limit: 100, windowMs: 60_000 },
          prefix,
          now: fakeClock().now,
        }),
    ],
    [
      'GCRA',
      (prefix: string) =>
        new RedisGcraLimiter({
          client: patient.client,
          policy: { name: 'burst', limit: 100, windowMs: 60_000 },
          prefix,
          now: fakeClock().now,
        }),
    ],
  ])(
    '%s admits exactly 100 of 1,000 concurrent calls against a limit of 100',
    async (_name, make) => {
      const limiter = make(uniquePrefix('exact'));
      const decisions = await Promise.all(Array.from({ length: 1_000 }, () => limiter.consume('same-key')));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(100);
      // On ioredis-mock the 1,000 emulated scripts take about 4 s of CPU idle, past the 15 s default on a busy machine.
    },
    slowTimeout(10_000),
  );

  it('the in-memory fallback follows the same sliding-window rules', async () => {
    const clock = fakeClock();
    const limiter = new InMemorySlidingWindowLimiter(policy, { now: clock.now });
    expect(await admitted(limiter, 'k', 15)).toBe(10);
    clock.advance(999);
    expect((await limiter.consume('k')).allowed).toBe(false);
    clock.advance(1);
    expect((await limiter.consume('k')).allowed).toBe(true);
  });
});

describe("the guide's MULTI with a fractional expiry", () => {
  it.runIf(REAL_REDIS)(
    realRedisTitle(
      'leaves the counter without any expiry, because EXPIRE fails inside MULTI and INCR does not (real Redis)',
    ),
    async () => {
      const key = `${uniquePrefix('guide')}counter`;
      const results = await redis.client.multi().incr(key).expire(key, 1.5).exec();
      expect(results?.[0]).toEqual([null, 1]);
      expect(results?.[1]?.[0]).toBeInstanceOf(Error); // ERR value is not an integer or out of range
      expect(await redis.client.ttl(key)).toBe(-1); // -1: the key lives forever
      await redis.client.del(key);
    },
  );
});
