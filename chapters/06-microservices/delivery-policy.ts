import { InvalidMessagingOptionError, UnparsableMessageError, UnprocessableMessageError } from './messaging-error.js';
import type { RetryDecision, RetryPolicy } from './messaging.port.js';

/**
 * The default retry policy: retry after a fixed delay until `maxDeliveries` deliveries have failed, then dead-letter.
 *
 * @example
 * await bus.subscribe({ group: 'billing', topics: ['order.placed'], retry: fixedDelayRetry({ delayMs: 200 }) }, handle);
 */
export function fixedDelayRetry({
  delayMs = 1_000,
  maxDeliveries = 5,
}: { delayMs?: number; maxDeliveries?: number } = {}): RetryPolicy {
  if (!Number.isInteger(maxDeliveries) || maxDeliveries < 1) {
    throw new InvalidMessagingOptionError(`maxDeliveries must be an integer >= 1, got ${maxDeliveries}`);
  }
  if (!(delayMs >= 0)) throw new InvalidMessagingOptionError(`delayMs must be >= 0, got ${delayMs}`);
  return ({ deliveryCount }) =>
    deliveryCount < maxDeliveries ? { action: 'retry', delayMs } : { action: 'dead-letter', reason: 'delivery-limit' };
}

/**
 * What happens after a failure: errors that no retry can fix are dead-lettered at once, whatever the policy says.
 * Shared by every bus implementation so they behave alike.
 */
export function decideAfterFailure(policy: RetryPolicy, deliveryCount: number, error: unknown): RetryDecision {
  if (error instanceof UnparsableMessageError) return { action: 'dead-letter', reason: 'unparsable' };
  if (error instanceof UnprocessableMessageError) return { action: 'dead-letter', reason: 'unprocessable' };
  const decision = policy({ deliveryCount, error });
  if (decision.action === 'retry' && !(decision.delayMs >= 0)) {
    throw new InvalidMessagingOptionError(
      `a retry policy returned delayMs ${decision.delayMs}; it must be a number >= 0`,
    );
  }
  return decision;
}

/** The message of whatever was thrown, for dead-letter records. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
