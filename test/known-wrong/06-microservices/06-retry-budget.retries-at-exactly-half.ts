/**
 * Known wrong: still allows retries when exactly half the bucket is left; gRPC's throttling stops them unless
 * more than half is left.
 */
import type { RetryBudget } from '../../../chapters/06-microservices/discovery/service-client.js';

export interface TokenRetryBudgetOptions {
  /** The bucket's size, and its content at start. */
  readonly maxTokens: number;
  /** Tokens a success puts back (a failure takes one): 0.1 means "about one retry per ten successes". */
  readonly tokenRatio: number;
}

/** A retry budget whose current tokens can be read (for tests and a metrics gauge). */
export interface TokenRetryBudget extends RetryBudget {
  readonly tokens: number;
}

/**
 * Retry throttling as gRPC specifies it: a bucket starts full at `maxTokens`; every failed attempt takes one token
 * (never below 0), every success puts back `tokenRatio` (never above `maxTokens`); retries are allowed only while
 * more than half the bucket is left. When a whole service is down, callers stop multiplying its load by the
 * number of attempts.
 */
export function tokenRetryBudget({ maxTokens, tokenRatio }: TokenRetryBudgetOptions): TokenRetryBudget {
  if (!(maxTokens > 0)) throw new RangeError(`maxTokens must be > 0, got ${maxTokens}`);
  if (!(tokenRatio > 0 && tokenRatio <= 1)) throw new RangeError(`tokenRatio must be > 0 and <= 1, got ${tokenRatio}`);
  let tokens = maxTokens;
  return {
    get tokens() {
      return tokens;
    },
    canRetry: () => tokens >= maxTokens / 2,
    recordSuccess: () => {
      tokens = Math.min(maxTokens, tokens + tokenRatio);
    },
    recordFailure: () => {
      tokens = Math.max(0, tokens - 1);
    },
  };
}
