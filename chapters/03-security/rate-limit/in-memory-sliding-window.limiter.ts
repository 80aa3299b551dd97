import { LRUCache } from 'lru-cache';
import { checkPolicy, type RateLimitDecision, type RateLimitPolicy, type RateLimiter } from './rate-limiter.port.js';

/** One key's log: request times in ascending order; entries before `head` have left the window. */
interface WindowLog {
  times: number[];
  head: number;
}

/**
 * The same sliding-window log as the Redis script, in this process only: the fallback when Redis does not answer.
 * Keys are bounded (least recently used dropped first), so a flood of new IPs cannot grow memory without limit.
 * The log is kept sorted and expired entries are skipped from the front, so a decision does not copy the whole
 * window: with a high limit (a load test, a generous API quota) the window can hold tens of thousands of entries.
 */
export class InMemorySlidingWindowLimiter implements RateLimiter {
  readonly policy: RateLimitPolicy;
  readonly #log: LRUCache<string, WindowLog>;
  readonly #now: () => number;

  constructor(policy: RateLimitPolicy, options: { now?: () => number; maxKeys?: number } = {}) {
    this.policy = checkPolicy(policy);
    this.#now = options.now ?? Date.now;
    this.#log = new LRUCache({ max: options.maxKeys ?? 10_000 });
  }

  async consume(key: string): Promise<RateLimitDecision> {
    const now = Math.floor(this.#now());
    const { limit, windowMs } = this.policy;
    let log = this.#log.get(key);
    if (log === undefined) {
      log = { times: [], head: 0 };
      this.#log.set(key, log);
    }
    const { times } = log;
    while (log.head < times.length && (times[log.head] ?? now) <= now - windowMs) log.head += 1;
    // Drop the expired prefix once it is at least half the array: amortised O(1) per request.
    if (log.head > 64 && log.head * 2 >= times.length) {
      times.splice(0, log.head);
      log.head = 0;
    }
    const count = times.length - log.head;
    if (count < limit) {
      insertSorted(times, now, log.head);
      return { allowed: true, limit, remaining: limit - count - 1, resetMs: windowMs, retryAfterMs: 0 };
    }
    const wait = (times[log.head] ?? now) + windowMs - now;
    return { allowed: false, limit, remaining: 0, resetMs: wait, retryAfterMs: wait };
  }
}

/** Appends `time`, or inserts it in order when the clock stepped back (rare), so the live part stays sorted. */
function insertSorted(times: number[], time: number, from: number): void {
  let at = times.length;
  while (at > from && (times[at - 1] ?? time) > time) at -= 1;
  if (at === times.length) times.push(time);
  else times.splice(at, 0, time);
}
