import type { CircuitBreaker, CircuitState } from '../../chapters/06-microservices/discovery/circuit-breaker.js';
import { TodoError } from '../../workbook/todo-error.js';

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
  constructor(_options: FailureRateBreakerOptions) {
    // TODO(06.4): keep the options; throw a RangeError naming the option and what is allowed unless windowSize is a
    // whole number >= 1, minimumCalls a whole number from 1 to windowSize, failureRateThreshold > 0 and <= 1, and
    // openMs > 0.
    throw new TodoError('06.4');
  }

  get state(): CircuitState {
    // TODO(06.4): 'open' from the moment the circuit opens, 'half-open' once openMs have passed since then (until the
    // probe's outcome is recorded), else 'closed'.
    throw new TodoError('06.4');
  }

  isAvailable(): boolean {
    // TODO(06.4): true when closed, or half-open with no probe out; false when open.
    throw new TodoError('06.4');
  }

  tryAcquire(): boolean {
    // TODO(06.4): like isAvailable(), but in half-open it also marks the probe as out.
    throw new TodoError('06.4');
  }

  recordSuccess(): void {
    // TODO(06.4): closed: the outcome counts in the window. Half-open (or open): close, with an empty window.
    throw new TodoError('06.4');
  }

  recordFailure(): void {
    // TODO(06.4): closed: the outcome counts in the window (only the latest windowSize outcomes count), and the circuit
    // opens when the window holds at least minimumCalls outcomes and the share of failures among them has reached
    // failureRateThreshold. Half-open (or open): open again, for a full openMs from now.
    throw new TodoError('06.4');
  }
}
