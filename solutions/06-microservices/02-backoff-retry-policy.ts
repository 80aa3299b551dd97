import { errorText } from '../../chapters/06-microservices/delivery-policy.js';
import { InvalidMessagingOptionError } from '../../chapters/06-microservices/messaging-error.js';
import type { RetryPolicy } from '../../chapters/06-microservices/messaging.port.js';

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
 * `min(maxDelayMs, baseDelayMs * 2^(n-1))` and the delay is a random point between `baseDelayMs` and that ceiling,
 * so consumers that failed together (a database blip) do not all come back at the same instant.
 */
export function backoffRetry({
  baseDelayMs,
  maxDelayMs,
  maxDeliveries,
  isPermanent,
  random = Math.random,
}: BackoffRetryOptions): RetryPolicy {
  if (!(baseDelayMs > 0)) throw new InvalidMessagingOptionError(`baseDelayMs must be > 0, got ${baseDelayMs}`);
  if (!(maxDelayMs >= baseDelayMs)) {
    throw new InvalidMessagingOptionError(`maxDelayMs must be >= baseDelayMs (${baseDelayMs}), got ${maxDelayMs}`);
  }
  if (!Number.isInteger(maxDeliveries) || maxDeliveries < 1) {
    throw new InvalidMessagingOptionError(`maxDeliveries must be an integer >= 1, got ${maxDeliveries}`);
  }
  return ({ deliveryCount, error }) => {
    if (isPermanent?.(error)) return { action: 'dead-letter', reason: `permanent: ${errorText(error)}` };
    if (deliveryCount >= maxDeliveries) return { action: 'dead-letter', reason: 'delivery-limit' };
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (deliveryCount - 1));
    return { action: 'retry', delayMs: Math.round(baseDelayMs + random() * (ceiling - baseDelayMs)) };
  };
}
