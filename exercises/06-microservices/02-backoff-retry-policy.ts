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
 * A retry policy with exponential backoff and jitter: after failure n the ceiling is
 * `min(maxDelayMs, baseDelayMs * 2^(n-1))` and the delay is a random point between `baseDelayMs` and that ceiling.
 */
export function backoffRetry(_options: BackoffRetryOptions): RetryPolicy {
  // TODO(06.2): validate the options (InvalidMessagingOptionError), then return a RetryPolicy that dead-letters
  // permanent errors ('permanent: <error>') and deliveries at the limit ('delivery-limit'), and otherwise retries
  // after Math.round(baseDelayMs + random() * (ceiling - baseDelayMs)).
  throw new TodoError('06.2');
}
