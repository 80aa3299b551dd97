/**
 * A circuit breaker per instance: after repeated failures, stop sending to that instance for a while, then let one
 * probe call through; its result closes the circuit again or re-opens it.
 */

export type CircuitState = 'closed' | 'open' | 'half-open';

/** What the service client needs from a breaker; exercise 06.4 builds another one. */
export interface CircuitBreaker {
  readonly state: CircuitState;
  /** Would `tryAcquire()` let a call through now? No side effects: used to filter candidates. */
  isAvailable(): boolean;
  /** Claims permission for one call. Half-open lets one probe out at a time. */
  tryAcquire(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
}

export interface ConsecutiveFailureBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  readonly failureThreshold?: number;
  /** How long the circuit stays open before a probe; also how long a probe may stay out. Default 10 s. */
  readonly openMs?: number;
  /** Monotonic milliseconds; tests pass a fake clock. */
  readonly now?: () => number;
}

// #region breaker
/**
 * Opens after `failureThreshold` consecutive failures; after `openMs` it is half-open and lets one probe through.
 * A probe that never reports back (its caller gave up) is replaced after another `openMs`, so the breaker cannot
 * stick half-open.
 *
 * @example
 * const breaker = new ConsecutiveFailureBreaker({ failureThreshold: 3, openMs: 5_000 });
 * if (breaker.tryAcquire()) { try { await call(); breaker.recordSuccess(); } catch (e) { breaker.recordFailure(); throw e; } }
 */
export class ConsecutiveFailureBreaker implements CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #now: () => number;
  #failures = 0;
  #openedAt: number | undefined;
  #probeSince: number | undefined;

  constructor({
    failureThreshold = 5,
    openMs = 10_000,
    now = () => performance.now(),
  }: ConsecutiveFailureBreakerOptions = {}) {
    if (!Number.isInteger(failureThreshold) || failureThreshold < 1) {
      throw new RangeError(`failureThreshold must be an integer >= 1, got ${failureThreshold}`);
    }
    if (!(openMs > 0)) throw new RangeError(`openMs must be > 0, got ${openMs}`);
    this.#threshold = failureThreshold;
    this.#openMs = openMs;
    this.#now = now;
  }

  get state(): CircuitState {
    if (this.#openedAt === undefined) return 'closed';
    return this.#now() - this.#openedAt >= this.#openMs ? 'half-open' : 'open';
  }

  isAvailable(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    return this.#probeSince === undefined || this.#now() - this.#probeSince >= this.#openMs;
  }

  tryAcquire(): boolean {
    if (!this.isAvailable()) return false;
    if (this.state === 'half-open') this.#probeSince = this.#now();
    return true;
  }

  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#probeSince = undefined;
  }

  recordFailure(): void {
    this.#failures += 1;
    // A failed probe re-opens at once; in the closed state it takes `threshold` failures in a row.
    if (this.state === 'half-open' || this.#failures >= this.#threshold) {
      this.#openedAt = this.#now();
      this.#probeSince = undefined;
    }
  }
}
// #endregion breaker
