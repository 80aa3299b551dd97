import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';
import { InMemorySlidingWindowLimiter } from './in-memory-sliding-window.limiter.js';
import { RateLimiterUnavailableError } from './rate-limit-errors.js';
import type { RateLimitDecision, RateLimitPolicy, RateLimiter } from './rate-limiter.port.js';

/**
 * What to do while the shared store fails: `local` decides with a per-process limiter (the default), `open` admits
 * everyone, `closed` refuses everyone with a 503.
 */
export type StoreFailureMode = 'local' | 'open' | 'closed';

// #region metrics
/** Counters for Chapter 8's `/metrics`: read them in a prom-client collect() callback. */
export interface RateLimiterMetrics {
  /** Calls to the shared store that failed (timeout, connection refused, script error). */
  readonly storeFailures: number;
  /** Decisions made without the shared store. */
  readonly fallbackDecisions: number;
  /** True from the first failure until the store answers again. */
  readonly degraded: boolean;
  /** The breaker in front of the store: `open` means decisions are made without asking it. */
  readonly circuit: CircuitState;
  /** Decisions made without asking the store because the circuit was open (no request waited for a timeout). */
  readonly shortCircuited: number;
}

export interface RateLimiterMetricsSource {
  metrics(): RateLimiterMetrics;
}
// #endregion metrics

export interface ResilientRateLimiterOptions {
  readonly mode?: StoreFailureMode;
  /** The per-process limiter for `local`; by default an in-memory sliding window of the same policy. */
  readonly fallback?: RateLimiter;
  /** One line when the store starts failing and one when it answers again; never one per request. */
  readonly log?: (line: string) => void;
  /** The circuit breaker in front of the store: 3 failures in a row open it for 5 s, then one probe goes. */
  readonly circuit?: CircuitBreakerOptions;
}

// #region resilient
/**
 * Wraps a limiter on a shared store (Redis) so that a store outage changes how precisely we limit, not whether the
 * API answers. With the Redis options in `RATE_LIMIT_REDIS_OPTIONS`, a call to a hung Redis costs one command timeout,
 * and the circuit breaker keeps that to a few calls: after `failureThreshold` failures in a row, decisions are made
 * without the store at once, and one probe every `openMs` finds out when it is back.
 *
 * @example
 * const limiter = new ResilientRateLimiter(new RedisSlidingWindowLimiter({ client, policy }), { mode: 'local' });
 */
export class ResilientRateLimiter implements RateLimiter, RateLimiterMetricsSource {
  readonly policy: RateLimitPolicy;
  readonly #mode: StoreFailureMode;
  readonly #fallback: RateLimiter;
  readonly #log: (line: string) => void;
  readonly #breaker: CircuitBreaker;
  #storeFailures = 0;
  #shortCircuited = 0;
  #fallbackDecisions = 0;
  #degraded = false;

  constructor(
    private readonly primary: RateLimiter,
    options: ResilientRateLimiterOptions = {},
  ) {
    this.policy = primary.policy;
    this.#mode = options.mode ?? 'local';
    this.#fallback = options.fallback ?? new InMemorySlidingWindowLimiter(primary.policy);
    this.#log = options.log ?? ((line) => console.warn(line));
    this.#breaker = new CircuitBreaker(options.circuit);
  }

  async consume(key: string): Promise<RateLimitDecision> {
    if (!this.#breaker.tryAcquire()) {
      this.#shortCircuited += 1;
      return this.#decideWithoutStore(key);
    }
    let decision: RateLimitDecision;
    try {
      decision = await this.primary.consume(key);
    } catch (error) {
      this.#breaker.recordFailure();
      this.#storeFailures += 1;
      if (!this.#degraded) {
        this.#degraded = true;
        const reason = error instanceof Error ? error.message : String(error);
        this.#log(
          `rate limiter ${this.policy.name}: shared store failed (${reason}); deciding ${this.#mode === 'local' ? 'with the per-process fallback' : `fail-${this.#mode}`} until it answers`,
        );
      }
      return this.#decideWithoutStore(key);
    }
    this.#breaker.recordSuccess();
    if (this.#degraded) {
      this.#degraded = false;
      this.#log(`rate limiter ${this.policy.name}: shared store answers again after ${this.#storeFailures} failures`);
    }
    return decision;
  }

  #decideWithoutStore(key: string): Promise<RateLimitDecision> {
    this.#fallbackDecisions += 1;
    const { limit, windowMs } = this.policy;
    switch (this.#mode) {
      case 'local':
        return this.#fallback.consume(key);
      case 'open':
        return Promise.resolve({ allowed: true, limit, remaining: limit, resetMs: windowMs, retryAfterMs: 0 });
      case 'closed':
        return Promise.reject(
          new RateLimiterUnavailableError('The rate limiter cannot reach its store; retry shortly', 1),
        );
    }
  }
  // #endregion resilient

  metrics(): RateLimiterMetrics {
    return {
      storeFailures: this.#storeFailures,
      fallbackDecisions: this.#fallbackDecisions,
      degraded: this.#degraded,
      circuit: this.#breaker.state,
      shortCircuited: this.#shortCircuited,
    };
  }
}
