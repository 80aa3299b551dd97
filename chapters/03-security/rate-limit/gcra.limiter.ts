import { checkPolicy, type RateLimitDecision, type RateLimitPolicy, type RateLimiter } from './rate-limiter.port.js';
import { defineScript, readReply, type LuaScript } from './redis-script.js';
import type { RedisLimiterOptions } from './sliding-window.limiter.js';

// #region lua
// GCRA (the generic cell rate algorithm): one number per key, the theoretical arrival time (TAT) of the next request.
// Each admitted request pushes TAT forward by the emission interval T = window / limit; a request is admitted while
// TAT - now <= window - T, which allows a burst of `limit` and then one request every T. Integers in ms throughout:
// Lua prints large fractional numbers with 14 significant digits, which would lose the milliseconds.
const GCRA_LUA = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local allowAt = tat + interval - window
if now < allowAt then
  return {0, 0, allowAt - now, allowAt - now}
end
local newTat = tat + interval
redis.call('SET', KEYS[1], newTat, 'PX', newTat - now)
local remaining = math.floor((now - newTat + window) / interval)
return {1, remaining, newTat - now, 0}
`;
// #endregion lua

/**
 * GCRA: a smooth rate with a burst allowance, O(1) memory per key, one GET and one SET. The emission interval is
 * `windowMs / limit` rounded up to a whole millisecond.
 */
export class RedisGcraLimiter implements RateLimiter {
  readonly policy: RateLimitPolicy;
  readonly #script: LuaScript;
  readonly #prefix: string;
  readonly #now: () => number;
  readonly #interval: number;

  constructor(options: RedisLimiterOptions) {
    this.policy = checkPolicy(options.policy);
    this.#script = defineScript(options.client, 'rateLimitGcra', 1, GCRA_LUA);
    this.#prefix = options.prefix ?? `rl:gcra:${options.policy.name}:`;
    this.#now = options.now ?? Date.now;
    this.#interval = Math.ceil(this.policy.windowMs / this.policy.limit);
  }

  async consume(key: string): Promise<RateLimitDecision> {
    const reply = await this.#script([this.#prefix + key], [Math.floor(this.#now()), this.#interval, this.#interval * this.policy.limit]);
    const [allowed, remaining, resetMs, retryAfterMs] = readReply(reply, 'gcra');
    return { allowed: allowed === 1, limit: this.policy.limit, remaining, resetMs, retryAfterMs };
  }
}
