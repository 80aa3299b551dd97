/**
 * Known wrong: dates an outcome from when the real check started instead of when it settled, so a check that took
 * half the ttl to answer is fresh for only the other half, and a slow dependency gets probed twice as often.
 */
import type { DependencyCheck } from '../../../chapters/08-production/health.js';

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
export function cachedCheck(check: DependencyCheck, options: CachedCheckOptions): DependencyCheck {
  if (!Number.isFinite(options.ttlMs) || options.ttlMs < 0) {
    throw new RangeError(`ttlMs must be 0 or more milliseconds, got ${options.ttlMs}`);
  }
  if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
    throw new RangeError(`failureThreshold must be an integer of 1 or more, got ${options.failureThreshold}`);
  }
  let inFlight: Promise<void> | undefined;
  // When the last real check settled; -Infinity: nothing is fresh before the first one.
  let settledAt = Number.NEGATIVE_INFINITY;
  let consecutiveFailures = 0;
  let lastError: unknown;

  /** Up or down from what the real checks said so far: down only after enough failures in a row. */
  const answer = (): void => {
    if (consecutiveFailures >= options.failureThreshold) throw lastError;
  };
  const run = (signal: AbortSignal): Promise<void> => {
    const startedAt = options.now();
    return check
      .check(signal)
      .then(
        () => {
          consecutiveFailures = 0;
        },
        (error: unknown) => {
          consecutiveFailures += 1;
          lastError = error;
        },
      )
      .finally(() => {
        settledAt = startedAt;
        inFlight = undefined;
      });
  };

  return {
    name: check.name,
    timeoutMs: check.timeoutMs,
    async check(signal: AbortSignal): Promise<void> {
      if (options.now() - settledAt < options.ttlMs) return answer();
      inFlight ??= run(signal);
      await inFlight;
      answer();
    },
  };
}
