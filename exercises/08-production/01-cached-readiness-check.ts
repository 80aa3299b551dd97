import type { DependencyCheck } from '../../chapters/08-production/health.js';
import { TodoError } from '../../workbook/todo-error.js';

export interface CachedCheckOptions {
  /** How long a result (up or down) is reused before the real check runs again, in ms. Must be >= 0. */
  readonly ttlMs: number;
  /** Consecutive failures before the check reports down; earlier failures still answer up. Integer >= 1. */
  readonly failureThreshold: number;
  /** Milliseconds; the tests pass a fake clock. */
  readonly now: () => number;
}

/**
 * Wraps a readiness check so a storm of probes costs one real check per `ttlMs`, concurrent probes share one
 * call, and a single blip does not take the instance out of the load balancer.
 */
export function cachedCheck(_check: DependencyCheck, _options: CachedCheckOptions): DependencyCheck {
  // TODO(08.1): return a DependencyCheck with the same name (and timeoutMs, if any) whose check(signal):
  // - shares one in-flight call of the wrapped check between concurrent callers;
  // - reuses the last outcome while `now() - lastRunAt < ttlMs`;
  // - counts consecutive failures: below failureThreshold it resolves (still up), at or above it rejects with the
  //   wrapped check's last error; a success resets the count.
  // Validate the options first: RangeError naming the option and what is allowed.
  throw new TodoError('08.1');
}
