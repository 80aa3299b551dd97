import { checkPolicy, type RateLimitDecision, type RateLimitPolicy, type RateLimiter } from './rate-limiter.port.js';
import { defineScript, readReply, type LuaScript } from './redis-script.js';
import type { RedisLimiterOptions } from './sliding-window.limiter.js';

// #region lua
// GCRA (the generic cell rate algorithm): one value per key, the theoretical arrival time (TAT) of the next request.
// Each admitted request pushes TAT forward by the emission interval T = window / limit; a request is admitted while
// TAT - now <= window - T, which allows a burst of `limit` and then one request every T.
// Exact arithmetic: T is rarely a whole millisecond (1,000 per 100 ms is 0.1 ms), so time is counted in ticks of
// 1/limit ms, where T is exactly `window` ticks. TAT is stored as whole ms and a remainder in ticks ("ms:rem"), and
// only the distance from now (at most a window, `window * limit` ticks) is ever computed in ticks.
const GCRA_LUA = `
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local ttlMargin = tonumber(ARGV[4])
local capacity = window * limit
local ahead = 0
local stored = redis.call('GET', KEYS[1])
if stored then
  local ms, rem = string.match(stored, '^(%d+):?(%d*)$')
  if ms then ahead = math.max(0, (tonumber(ms) - now) * limit + (tonumber(rem) or 0)) end
end
local over = ahead + window - capacity
if over > 0 then
  local retry = math.ceil(over / limit)
  return {0, 0, retry, retry}
end
ahead = ahead + window
local wholeMs = math.floor(ahead / limit)
local stamp = string.format('%.0f:%.0f', now + wholeMs, ahead - wholeMs * limit)
local untilFull = math.ceil(ahead / limit)
redis.call('SET', KEYS[1], stamp, 'PX', untilFull + ttlMargin)
return {1, math.floor((capacity - ahead) / window), untilFull, 0}
`;
// #endregion lua

/**
 * How long a key outlives its TAT. A key whose TAT has passed reads as a full bucket, so keeping it longer changes no
 * decision; dropping it early does, when app instances' clocks disagree (each computes `now` itself).
 */
const KEY_TTL_MARGIN_MS = 1_000;

/**
 * GCRA: a smooth rate with a burst allowance, O(1) memory per key, one GET and one SET. The emission interval is
 * exact, also below a millisecond (limits above one request per millisecond).
 */
export class RedisGcraLimiter implements RateLimiter {
  readonly policy: RateLimitPolicy;
  readonly #script: LuaScript;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(options: RedisLimiterOptions) {
    this.policy = checkPolicy(options.policy);
    // Lua numbers are doubles: every tick count must stay an exact integer.
    if (this.policy.windowMs * this.policy.limit * 2 > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(
        `GCRA cannot count limit x windowMs = ${this.policy.limit * this.policy.windowMs} ticks exactly; use a smaller limit or window`,
      );
    }
    this.#script = defineScript(options.client, 'rateLimitGcraExact', 1, GCRA_LUA);
    this.#prefix = options.prefix ?? `rl:gcra:${options.policy.name}:`;
    this.#now = options.now ?? Date.now;
  }

  async consume(key: string): Promise<RateLimitDecision> {
    const { limit, windowMs } = this.policy;
    const reply = await this.#script(
      [this.#prefix + key],
      [Math.floor(this.#now()), limit, windowMs, KEY_TTL_MARGIN_MS],
    );
    const [allowed, remaining, resetMs, retryAfterMs] = readReply(reply, 'gcra');
    return { allowed: allowed === 1, limit, remaining, resetMs, retryAfterMs };
  }
}
