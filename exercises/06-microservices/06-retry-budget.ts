import type { RetryBudget } from '../../chapters/06-microservices/discovery/service-client.js';
import { TodoError } from '../../workbook/todo-error.js';

export interface TokenRetryBudgetOptions {
  /** The bucket's size, and its content at start. */
  readonly maxTokens: number;
  /** Tokens a success puts back (a failure takes one): 0.1 means "about one retry per ten successes". */
  readonly tokenRatio: number;
}

/** A retry budget whose current tokens can be read (for tests and a metrics gauge). */
export interface TokenRetryBudget extends RetryBudget {
  readonly tokens: number;
}

/**
 * Retry throttling as gRPC specifies it: a bucket starts full at `maxTokens`; every failed attempt takes one token
 * (never below 0), every success puts back `tokenRatio` (never above `maxTokens`); retries are allowed only while
 * more than half the bucket is left. When a whole service is down, callers stop multiplying its load by the
 * number of attempts.
 */
export function tokenRetryBudget(_options: TokenRetryBudgetOptions): TokenRetryBudget {
  // TODO(06.6): throw a RangeError naming the option unless maxTokens > 0 and tokenRatio is > 0 and <= 1; then return
  // a TokenRetryBudget that behaves as described above, whose `tokens` always reads the current count.
  throw new TodoError('06.6');
}
