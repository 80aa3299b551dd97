import { stepAlert } from '../../chapters/08-production/alert-evaluator.js';

/** The alert's phase; a firing alert whose condition stopped holding remembers since when (`clearSince`). */
export type KeepFiringState =
  | { readonly phase: 'inactive' }
  | { readonly phase: 'pending'; readonly since: number }
  | { readonly phase: 'firing'; readonly since: number; readonly clearSince?: number };

export interface KeepFiringOptions {
  /** How long the condition must hold before firing (ms, >= 0). */
  readonly forMs: number;
  /** How long the condition must stay false before a firing alert resolves (ms, >= 0); 0 resolves at once. */
  readonly keepFiringForMs: number;
}

export interface KeepFiringStep {
  readonly state: KeepFiringState;
  /** Only on reaching firing and on resolving. */
  readonly event?: 'firing' | 'resolved';
}

function checkDuration(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be 0 or more milliseconds, got ${value}`);
}

/**
 * One evaluation of an alert with Prometheus's `keep_firing_for`: a flapping condition keeps one alert firing
 * instead of resolving and re-firing on every flap.
 */
export function stepAlertKeepFiring(
  state: KeepFiringState,
  holds: boolean,
  now: number,
  options: KeepFiringOptions,
): KeepFiringStep {
  checkDuration('forMs', options.forMs);
  checkDuration('keepFiringForMs', options.keepFiringForMs);
  if (state.phase !== 'firing') return stepAlert(state, holds, now, options.forMs);
  if (holds) return { state: { phase: 'firing', since: state.since } };
  const clearSince = state.clearSince ?? now;
  if (now - clearSince >= options.keepFiringForMs) return { state: { phase: 'inactive' }, event: 'resolved' };
  return { state: { phase: 'firing', since: state.since, clearSince } };
}
