import { checkPolicy, type RateLimitDecision, type RateLimitPolicy, type RateLimiter } from './rate-limiter.port.js';
import { defineScript, readReply, type LuaScript } from './redis-script.js';
import type { RedisLimiterOptions } from './sliding-window.limiter.js';

// #region lua
// The guide's algorithm (a counter per clock-aligned window), written correctly: atomic, an integer expiry set in
// the same script, refused requests not counted. Its flaw is the algorithm itself: see the edge-burst test.
const FIXED_WINDOW_LUA = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local limit = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
if count < limit then
  count = redis.call('INCR', KEYS[1])
  if count == 1 then redis.call('PEXPIRE', KEYS[1], ttl) end
  return {1, limit - count, ttl, 0}
end
return {0, 0, ttl, ttl}
`;
// #endregion lua

/**
 * Fixed window: one counter per `windowMs` slot aligned to the clock. Cheap and simple, and it admits up to twice the
 * limit across a window boundary. Here to be measured against, not to be used for abuse protection.
 */
export class RedisFixedWindowLimiter implements RateLimiter {
  readonly policy: RateLimitPolicy;
  readonly #script: LuaScript;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(options: RedisLimiterOptions) {
    this.policy = checkPolicy(options.policy);
    this.#script = defineScript(options.client, 'rateLimitFixedWindow', 1, FIXED_WINDOW_LUA);
    this.#prefix = options.prefix ?? `rl:fw:${options.policy.name}:`;
    this.#now = options.now ?? Date.now;
  }

  async consume(key: string): Promise<RateLimitDecision> {
    const now = Math.floor(this.#now());
    const slot = Math.floor(now / this.policy.windowMs);
    const untilSlotEnds = (slot + 1) * this.policy.windowMs - now; // a whole number of ms, never 1.5 seconds
    const reply = await this.#script([`${this.#prefix}${key}:${slot}`], [this.policy.limit, untilSlotEnds]);
    const [allowed, remaining, resetMs, retryAfterMs] = readReply(reply, 'fixed window');
    return { allowed: allowed === 1, limit: this.policy.limit, remaining, resetMs, retryAfterMs };
  }
}
