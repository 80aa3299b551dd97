import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { checkPolicy, type RateLimitDecision, type RateLimitPolicy, type RateLimiter } from './rate-limiter.port.js';
import { defineScript, readReply, type LuaScript } from './redis-script.js';

// #region lua
// A log of admitted requests in a sorted set (score = time in ms). One script, so the trim, the count and the add
// happen with nothing in between: 1,000 concurrent callers against a limit of 100 admit exactly 100.
// A refused request is not added, so hammering while limited does not push the reset further away.
// Admitted: the full quota is back one window after this request. Refused: one slot frees when the oldest leaves.
const SLIDING_WINDOW_LUA = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, limit - count - 1, window, 0}
end
local wait = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]) + window - now
return {0, 0, wait, wait}
`;
// #endregion lua

export interface RedisLimiterOptions {
  readonly client: Redis;
  readonly policy: RateLimitPolicy;
  /** Prepended to every key, so limiters of different policies never share one. */
  readonly prefix?: string;
  /** The clock. All instances sharing a Redis must agree on time (NTP); tests pass a fake. */
  readonly now?: () => number;
}

/**
 * Exact sliding window over the last `windowMs`, as one Lua script on Redis. Memory per key is one entry per admitted
 * request, so it suits limits up to a few thousand per window; above that prefer GCRA.
 *
 * @example
 * const limiter = new RedisSlidingWindowLimiter({ client: redis.client, policy: { name: 'api', limit: 100, windowMs: 60_000 } });
 * const decision = await limiter.consume('user:42');
 */
export class RedisSlidingWindowLimiter implements RateLimiter {
  readonly policy: RateLimitPolicy;
  readonly #script: LuaScript;
  readonly #prefix: string;
  readonly #now: () => number;
  // Members must be unique per request even within one millisecond and across processes.
  readonly #instance = randomBytes(4).toString('hex');
  #sequence = 0;

  constructor(options: RedisLimiterOptions) {
    this.policy = checkPolicy(options.policy);
    this.#script = defineScript(options.client, 'rateLimitSlidingWindow', 1, SLIDING_WINDOW_LUA);
    this.#prefix = options.prefix ?? `rl:sw:${options.policy.name}:`;
    this.#now = options.now ?? Date.now;
  }

  async consume(key: string): Promise<RateLimitDecision> {
    const now = Math.floor(this.#now());
    this.#sequence = (this.#sequence + 1) % Number.MAX_SAFE_INTEGER;
    const reply = await this.#script(
      [this.#prefix + key],
      [now, this.policy.windowMs, this.policy.limit, `${now}:${this.#instance}:${this.#sequence}`],
    );
    const [allowed, remaining, resetMs, retryAfterMs] = readReply(reply, 'sliding window');
    return { allowed: allowed === 1, limit: this.policy.limit, remaining, resetMs, retryAfterMs };
  }
}
