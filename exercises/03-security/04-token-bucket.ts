import type {
  RateLimitDecision,
  RateLimitPolicy,
  RateLimiter,
} from '../../chapters/03-security/rate-limit/rate-limiter.port.js';
import { TodoError } from '../../workbook/todo-error.js';

/** A bucket: how many tokens it held at `updatedAt` (fractions allowed; refill is continuous). */
export interface TokenBucketState {
  readonly tokens: number;
  readonly updatedAt: number;
}

/** Where buckets live. In memory here; a Redis hash would make it shared. */
export interface BucketStore {
  get(key: string): TokenBucketState | undefined;
  set(key: string, state: TokenBucketState): void;
}

export class InMemoryBucketStore implements BucketStore {
  readonly #buckets = new Map<string, TokenBucketState>();

  get(key: string): TokenBucketState | undefined {
    return this.#buckets.get(key);
  }

  set(key: string, state: TokenBucketState): void {
    this.#buckets.set(key, state);
  }
}

/**
 * The pure algorithm of a token bucket. A bucket holds at most `limit` tokens and earns them back continuously, at
 * `limit` per `windowMs` (fractions of a token count); a bucket never seen before is full. A request that finds at
 * least one whole token takes it: allowed, `remaining` = the whole tokens left, `resetMs` = the ms until the bucket is
 * full again, rounded up. Otherwise it is refused and takes nothing: `remaining` 0, and `retryAfterMs` = `resetMs` =
 * the ms until a whole token is there, rounded up. A token that is exactly due counts, even where floating-point
 * rounding says 0.9999999999999999. Time that runs backwards earns nothing and costs nothing. Never mutates `state`.
 *
 * @example
 * // limit 10 per 1,000 ms, a bucket not seen before: allowed, 9 left, full again in 100 ms
 * takeToken(undefined, 0, { name: 'api', limit: 10, windowMs: 1_000 }).decision;
 * // { allowed: true, limit: 10, remaining: 9, resetMs: 100, retryAfterMs: 0 }
 */
export function takeToken(
  _state: TokenBucketState | undefined,
  _now: number,
  _policy: RateLimitPolicy,
): { state: TokenBucketState; decision: RateLimitDecision } {
  // TODO(03.4): return the bucket after this request and the decision described above.
  throw new TodoError('03.4');
}

/** A token bucket behind the chapter's limiter port: the capstone can run it instead of the Redis limiters. */
export class TokenBucketLimiter implements RateLimiter {
  readonly policy: RateLimitPolicy;

  constructor(policy: RateLimitPolicy, _options: { store?: BucketStore; now?: () => number } = {}) {
    this.policy = policy;
    // TODO(03.4): refuse an unusable policy with a RangeError; default to a fresh in-memory store and
    // the real clock (milliseconds).
  }

  consume(_key: string): Promise<RateLimitDecision> {
    // TODO(03.4): decide for `key` with takeToken and keep its bucket in the store. Concurrent calls in this process
    // must never both take the last token.
    throw new TodoError('03.4');
  }
}
