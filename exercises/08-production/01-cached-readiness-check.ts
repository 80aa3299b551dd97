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
 *
 * The returned check has the wrapped check's `name` and `timeoutMs`. Its `check(signal)`:
 * - runs the wrapped check (with that signal) only when no outcome is fresh: an outcome, up or down, stays fresh
 *   for `ttlMs` from the moment the real check settled (`now()` then), and is answered again meanwhile;
 * - while a real check is running, lets every other caller wait for that same call instead of starting another;
 * - resolves while the wrapped check has failed fewer than `failureThreshold` times in a row, and rejects with the
 *   wrapped check's own error of the latest failure once it has failed that many times in a row or more; one
 *   success starts the count again.
 *
 * Options are checked when the wrapper is created: `ttlMs` a finite number >= 0, `failureThreshold` a whole number
 * >= 1; anything else is a RangeError whose message names the option.
 */
export function cachedCheck(_check: DependencyCheck, _options: CachedCheckOptions): DependencyCheck {
  // TODO(08.1): return the check described above.
  throw new TodoError('08.1');
}
