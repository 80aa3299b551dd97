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
    // TODO(06.4): validate the options (RangeError naming the option and what is allowed) and keep them.
    throw new TodoError('06.4');
  }

  get state(): CircuitState {
    // TODO(06.4): 'closed', 'open', or 'half-open' once openMs has passed since the circuit opened.
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
    // TODO(06.4): closed: remember a success. Half-open: close, with an empty window.
    throw new TodoError('06.4');
  }

  recordFailure(): void {
    // TODO(06.4): closed: remember a failure and open if the rate reached the threshold. Half-open: open again.
    throw new TodoError('06.4');
  }
}
