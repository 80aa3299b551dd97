import { LRUCache } from 'lru-cache';
import { checkPolicy, type RateLimitDecision, type RateLimitPolicy, type RateLimiter } from './rate-limiter.port.js';

/**
 * The same sliding-window log as the Redis script, in this process only: the fallback when Redis does not answer.
 * Keys are bounded (least recently used dropped first), so a flood of new IPs cannot grow memory without limit.
 */
export class InMemorySlidingWindowLimiter implements RateLimiter {
  readonly policy: RateLimitPolicy;
  readonly #log: LRUCache<string, number[]>;
  readonly #now: () => number;

  constructor(policy: RateLimitPolicy, options: { now?: () => number; maxKeys?: number } = {}) {
    this.policy = checkPolicy(policy);
    this.#now = options.now ?? Date.now;
    this.#log = new LRUCache({ max: options.maxKeys ?? 10_000 });
  }

  async consume(key: string): Promise<RateLimitDecision> {
    const now = Math.floor(this.#now());
    const { limit, windowMs } = this.policy;
    const times = (this.#log.get(key) ?? []).filter((t) => t > now - windowMs);
    if (times.length < limit) {
      times.push(now);
      this.#log.set(key, times);
      return { allowed: true, limit, remaining: limit - times.length, resetMs: windowMs, retryAfterMs: 0 };
    }
    this.#log.set(key, times);
    const wait = (times[0] ?? now) + windowMs - now;
    return { allowed: false, limit, remaining: 0, resetMs: wait, retryAfterMs: wait };
  }
}
