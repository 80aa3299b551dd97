import type { RetryPolicy } from '../../chapters/06-microservices/messaging.port.js';
import { TodoError } from '../../workbook/todo-error.js';

export interface BackoffRetryOptions {
  /** Delay ceiling after the first failure; it doubles with each failure. */
  readonly baseDelayMs: number;
  /** The ceiling never grows past this. */
  readonly maxDelayMs: number;
  /** Failed deliveries after which the message is dead-lettered. */
  readonly maxDeliveries: number;
  /** Errors no retry can fix (a validation error, a 4xx from a partner API): dead-letter at once. */
  readonly isPermanent?: (error: unknown) => boolean;
  /** A number in [0, 1); tests pass a fixed one. Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * A retry policy with exponential backoff and jitter: the later the failure, the longer the wait, up to a cap, and
 * consumers that failed together do not all come back at the same instant.
 */
export function backoffRetry(_options: BackoffRetryOptions): RetryPolicy {
  // TODO(06.2): throw InvalidMessagingOptionError (chapters/06-microservices/messaging-error.ts), naming the option,
  // unless baseDelayMs > 0, maxDelayMs >= baseDelayMs, and maxDeliveries is a whole number >= 1. Then return a
  // RetryPolicy that, for a delivery that failed with `error` (deliveryCount counts the failed deliveries so far):
  // - dead-letters a permanent error at once, even at the limit, with reason `permanent: <Name>: <message>`
  //   (`permanent: RangeError: quantity must be positive`; a thrown non-Error as its string);
  // - dead-letters with reason 'delivery-limit' once deliveryCount reaches maxDeliveries;
  // - otherwise retries after a delay between baseDelayMs and the ceiling for this failure, placed in proportion to
  //   random() (0 gives baseDelayMs, 0.5 the midpoint, values near 1 the ceiling), rounded to a whole millisecond.
  //   The ceiling is baseDelayMs after the first failure and doubles with each one, never past maxDelayMs:
  //   with baseDelayMs 100 and maxDelayMs 1000, failures 1 to 6 have ceilings 100, 200, 400, 800, 1000, 1000.
  throw new TodoError('06.2');
}
