import type { Redis } from 'ioredis';
import { RedisFixedWindowLimiter } from './fixed-window.limiter.js';
import { RedisGcraLimiter } from './gcra.limiter.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import type { RateLimitPolicy, RateLimiter } from './rate-limiter.port.js';
import { ResilientRateLimiter, type StoreFailureMode } from './resilient-rate-limiter.js';
import { RedisSlidingWindowLimiter } from './sliding-window.limiter.js';

export type RateLimitAlgorithm = 'sliding-window' | 'gcra' | 'fixed-window';

export interface CreateRateLimiterOptions {
  /** A connection opened with `RATE_LIMIT_REDIS_OPTIONS` (short timeout, no offline queue, no retries). */
  readonly client: Redis;
  readonly policy: RateLimitPolicy;
  readonly algorithm?: RateLimitAlgorithm;
  readonly onStoreFailure?: StoreFailureMode;
  readonly log?: (line: string) => void;
  readonly now?: () => number;
  /** The breaker in front of Redis (default: 3 failures in a row open it for 5 s). */
  readonly circuit?: CircuitBreakerOptions;
}

/**
 * The limiter the capstone uses: a Redis algorithm behind the fallback wrapper.
 *
 * @example
 * const redis = await connectRedis({ options: RATE_LIMIT_REDIS_OPTIONS });
 * const login = createRateLimiter({ client: redis.client, policy: { name: 'login', limit: 5, windowMs: 60_000 } });
 * router.post('/login', rateLimit({ limiter: login }), handler);
 */
export function createRateLimiter(options: CreateRateLimiterOptions): ResilientRateLimiter {
  const base = { client: options.client, policy: options.policy, ...(options.now ? { now: options.now } : {}) };
  const algorithms: Record<RateLimitAlgorithm, () => RateLimiter> = {
    'sliding-window': () => new RedisSlidingWindowLimiter(base),
    gcra: () => new RedisGcraLimiter(base),
    'fixed-window': () => new RedisFixedWindowLimiter(base),
  };
  return new ResilientRateLimiter(algorithms[options.algorithm ?? 'sliding-window'](), {
    mode: options.onStoreFailure ?? 'local',
    ...(options.log ? { log: options.log } : {}),
    ...(options.circuit ? { circuit: options.circuit } : {}),
  });
}
