import type { RateLimitDecision, RateLimitPolicy, RateLimiter } from '../../chapters/03-security/rate-limit/rate-limiter.port.js';
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
 * The pure algorithm: refill `limit` tokens per `windowMs` continuously up to `limit`, take one if there is one.
 * A refusal takes nothing. Never mutates `state`.
 */
export function takeToken(_state: TokenBucketState | undefined, _now: number, _policy: RateLimitPolicy): { state: TokenBucketState; decision: RateLimitDecision } {
  // TODO(03.4): a missing bucket is full. Refill by elapsed * limit / windowMs, capped at limit. With >= 1 token,
  // take one (remaining = floor(tokens left), resetMs = ms until full again). Otherwise refuse with
  // retryAfterMs = ms until one whole token, rounded up.
  throw new TodoError('03.4');
}

/** A token bucket behind the chapter's limiter port: the capstone can run it instead of the Redis limiters. */
export class TokenBucketLimiter implements RateLimiter {
  readonly policy: RateLimitPolicy;

  constructor(policy: RateLimitPolicy, _options: { store?: BucketStore; now?: () => number } = {}) {
    this.policy = policy;
    // TODO(03.4): check the policy (checkPolicy from the port module) and keep the store and the clock.
  }

  consume(_key: string): Promise<RateLimitDecision> {
    // TODO(03.4): get the bucket, takeToken, set it back, return the decision: no await in between.
    throw new TodoError('03.4');
  }
}
