/** `closed`: calls go through. `open`: they are refused at once. `half-open`: one probe may go to test the waters. */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Failures in a row that open the circuit. Default 3. */
  readonly failureThreshold?: number;
  /** How long the circuit stays open before a probe; also how long a probe may stay out before another. Default 5 s. */
  readonly openMs?: number;
  /** Monotonic milliseconds (`performance.now` by default); tests pass a fake clock. */
  readonly now?: () => number;
}

// #region breaker
/**
 * A consecutive-failure circuit breaker. A dependency that hangs costs every caller its full timeout; after
 * `failureThreshold` failures in a row the breaker stops sending to it for `openMs` (callers decide without it at
 * once), then lets one probe through: a success closes the circuit, a failure opens it for another `openMs`. A probe
 * that never reports back is replaced after `openMs`, so the breaker cannot stay half-open for good.
 *
 * @example
 * const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 5_000 });
 * if (!breaker.tryAcquire()) return decideLocally();
 * try { const result = await store.call(); breaker.recordSuccess(); return result; }
 * catch { breaker.recordFailure(); return decideLocally(); }
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #now: () => number;
  #failuresInARow = 0;
  #openUntil: number | undefined;
  #probeUntil: number | undefined;

  constructor({ failureThreshold = 3, openMs = 5_000, now = () => performance.now() }: CircuitBreakerOptions = {}) {
    if (!Number.isInteger(failureThreshold) || failureThreshold < 1) {
      throw new RangeError(`failureThreshold must be a whole number >= 1, not ${failureThreshold}`);
    }
    if (!(openMs > 0)) throw new RangeError(`openMs must be > 0, not ${openMs}`);
    this.#threshold = failureThreshold;
    this.#openMs = openMs;
    this.#now = now;
  }

  get state(): CircuitState {
    if (this.#openUntil === undefined) return 'closed';
    return this.#now() < this.#openUntil ? 'open' : 'half-open';
  }

  /** Would `tryAcquire()` let a call through now? No side effects. */
  isAvailable(): boolean {
    const state = this.state;
    if (state !== 'half-open') return state === 'closed';
    return this.#probeUntil === undefined || this.#now() >= this.#probeUntil;
  }

  /** Permission for one call: always while closed, never while open, for one probe at a time while half-open. */
  tryAcquire(): boolean {
    if (!this.isAvailable()) return false;
    if (this.state === 'half-open') this.#probeUntil = this.#now() + this.#openMs;
    return true;
  }

  recordSuccess(): void {
    this.#failuresInARow = 0;
    this.#openUntil = undefined;
    this.#probeUntil = undefined;
  }

  recordFailure(): void {
    this.#failuresInARow += 1;
    const state = this.state;
    // A failed probe re-opens at once; while closed it takes `threshold` failures in a row; while open, nothing to do.
    if (state === 'half-open' || (state === 'closed' && this.#failuresInARow >= this.#threshold)) {
      this.#openUntil = this.#now() + this.#openMs;
      this.#probeUntil = undefined;
    }
  }
}
// #endregion breaker
