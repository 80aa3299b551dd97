import type { DependencyCheck } from '../../chapters/08-production/health.js';

export interface CachedCheckOptions {
  /** How long a result (up or down) is reused before the real check runs again, in ms. Must be >= 0. */
  readonly ttlMs: number;
  /** Consecutive failures before the check reports down; earlier failures still answer up. Integer >= 1. */
  readonly failureThreshold: number;
  /** Milliseconds; the tests pass a fake clock. */
  readonly now: () => number;
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

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
  let inFlight: Promise<Outcome> | undefined;
  let last: { outcome: Outcome; at: number } | undefined;
  let consecutiveFailures = 0;

  const answer = (outcome: Outcome): void => {
    if (!outcome.ok && consecutiveFailures >= options.failureThreshold) throw outcome.error;
  };

  return {
    name: check.name,
    ...(check.timeoutMs === undefined ? {} : { timeoutMs: check.timeoutMs }),
    async check(signal: AbortSignal): Promise<void> {
      if (last !== undefined && options.now() - last.at < options.ttlMs) return answer(last.outcome);
      inFlight ??= check
        .check(signal)
        .then(
          (): Outcome => {
            consecutiveFailures = 0;
            return { ok: true };
          },
          (error: unknown): Outcome => {
            consecutiveFailures += 1;
            return { ok: false, error };
          },
        )
        .then((outcome) => {
          last = { outcome, at: options.now() };
          inFlight = undefined;
          return outcome;
        });
      answer(await inFlight);
    },
  };
}
