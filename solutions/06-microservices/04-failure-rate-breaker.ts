import type { CircuitBreaker, CircuitState } from '../../chapters/06-microservices/discovery/circuit-breaker.js';

export interface FailureRateBreakerOptions {
  /** How many of the latest outcomes the breaker remembers while closed. */
  readonly windowSize: number;
  /** No verdict before this many outcomes are in the window (one failure out of one call is not a trend). */
  readonly minimumCalls: number;
  /** Open when failures / outcomes in the window reach this share, from 0 (exclusive) to 1. */
  readonly failureRateThreshold: number;
  /** How long the circuit stays open before one probe call is let through. */
  readonly openMs: number;
  /** Monotonic milliseconds; tests pass a fake clock. Default `performance.now`. */
  readonly now?: () => number;
}

/**
 * A circuit breaker that opens on the failure RATE over the last `windowSize` calls (once `minimumCalls` were seen),
 * instead of on consecutive failures. Open for `openMs`, then half-open: one probe at a time; a successful probe
 * closes it with an empty window, a failed one opens it again.
 */
export class FailureRateBreaker implements CircuitBreaker {
  readonly #options: Required<FailureRateBreakerOptions>;
  /** The latest outcomes while closed, oldest first: true = failure. */
  #window: boolean[] = [];
  #openedAt: number | undefined;
  /** A call was let through since the circuit last opened: in half-open, that call is the one probe. */
  #admittedSinceOpened = false;

  constructor(options: FailureRateBreakerOptions) {
    const { windowSize, minimumCalls, failureRateThreshold, openMs } = options;
    if (!Number.isInteger(windowSize) || windowSize < 1)
      throw new RangeError(`windowSize must be an integer >= 1, got ${windowSize}`);
    if (!Number.isInteger(minimumCalls) || minimumCalls < 1 || minimumCalls > windowSize) {
      throw new RangeError(
        `minimumCalls must be an integer from 1 to the window size (${windowSize}), got ${minimumCalls}`,
      );
    }
    if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
      throw new RangeError(`failureRateThreshold must be > 0 and <= 1, got ${failureRateThreshold}`);
    }
    if (!(openMs > 0)) throw new RangeError(`openMs must be > 0, got ${openMs}`);
    this.#options = { ...options, now: options.now ?? (() => performance.now()) };
  }

  get state(): CircuitState {
    if (this.#openedAt === undefined) return 'closed';
    return this.#options.now() - this.#openedAt >= this.#options.openMs ? 'half-open' : 'open';
  }

  isAvailable(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half-open' && !this.#admittedSinceOpened);
  }

  tryAcquire(): boolean {
    if (!this.isAvailable()) return false;
    this.#admittedSinceOpened = true;
    return true;
  }

  recordSuccess(): void {
    if (this.state === 'closed') return this.#remember(false);
    this.#openedAt = undefined; // the probe succeeded: close, with the window #open() emptied
  }

  recordFailure(): void {
    if (this.state !== 'closed') return this.#open();
    this.#remember(true);
    const failures = this.#window.filter(Boolean).length;
    if (
      this.#window.length >= this.#options.minimumCalls &&
      failures / this.#window.length >= this.#options.failureRateThreshold
    ) {
      this.#open();
    }
  }

  #remember(failed: boolean): void {
    this.#window.push(failed);
    if (this.#window.length > this.#options.windowSize) this.#window.shift();
  }

  /** Opening empties the window: once a probe closes the circuit, the instance is judged afresh. */
  #open(): void {
    this.#openedAt = this.#options.now();
    this.#admittedSinceOpened = false;
    this.#window = [];
  }
}
