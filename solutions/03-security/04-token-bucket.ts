import {
  checkPolicy,
  type RateLimitDecision,
  type RateLimitPolicy,
  type RateLimiter,
} from '../../chapters/03-security/rate-limit/rate-limiter.port.js';

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

/** Float rounding can leave a token that is exactly due at 0.9999999999999999: count it as whole. */
function wholeTokens(tokens: number): number {
  return Math.floor(tokens + 1e-9);
}

/**
 * The pure algorithm: refill `limit` tokens per `windowMs` continuously up to `limit`, take one if there is one.
 * A refusal takes nothing. Never mutates `state`.
 */
export function takeToken(
  state: TokenBucketState | undefined,
  now: number,
  policy: RateLimitPolicy,
): { state: TokenBucketState; decision: RateLimitDecision } {
  const capacity = policy.limit;
  const perMs = policy.limit / policy.windowMs;
  const current = state ?? { tokens: capacity, updatedAt: now };
  // A clock that steps back refills nothing, rather than taking tokens away.
  const elapsed = Math.max(0, now - current.updatedAt);
  const available = Math.min(capacity, current.tokens + elapsed * perMs);
  if (wholeTokens(available) >= 1) {
    const tokens = available - 1;
    return {
      state: { tokens, updatedAt: now },
      decision: {
        allowed: true,
        limit: capacity,
        remaining: wholeTokens(tokens),
        resetMs: Math.ceil((capacity - tokens) / perMs),
        retryAfterMs: 0,
      },
    };
  }
  const wait = Math.ceil((1 - available) / perMs);
  // A refusal leaves the bucket exactly as it was: nothing taken, no rounding accumulated.
  return {
    state: current,
    decision: { allowed: false, limit: capacity, remaining: 0, resetMs: wait, retryAfterMs: wait },
  };
}

/** A token bucket behind the chapter's limiter port: the capstone can run it instead of the Redis limiters. */
export class TokenBucketLimiter implements RateLimiter {
  readonly policy: RateLimitPolicy;
  readonly #store: BucketStore;
  readonly #now: () => number;

  constructor(policy: RateLimitPolicy, options: { store?: BucketStore; now?: () => number } = {}) {
    this.policy = checkPolicy(policy);
    this.#store = options.store ?? new InMemoryBucketStore();
    this.#now = options.now ?? Date.now;
  }

  async consume(key: string): Promise<RateLimitDecision> {
    // get, compute and set with no await in between: atomic within this process.
    const { state, decision } = takeToken(this.#store.get(key), this.#now(), this.policy);
    this.#store.set(key, state);
    return decision;
  }
}
