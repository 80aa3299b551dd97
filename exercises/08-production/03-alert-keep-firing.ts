import { TodoError } from '../../workbook/todo-error.js';

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

/**
 * One evaluation of an alert with Prometheus's `keep_firing_for`: a flapping condition keeps one alert firing
 * instead of resolving and re-firing on every flap.
 *
 * - Options first: each duration must be a finite number >= 0, or a RangeError names the option.
 * - Inactive and pending behave as in the chapter's state machine: a condition that holds makes an inactive alert
 *   pending since `now` (or firing at once, with the event `'firing'`, when `forMs` is 0); a pending alert fires,
 *   keeping its `since`, with the event `'firing'` once the condition has held for `forMs`, and silently goes back
 *   to inactive if the condition stops holding before that.
 * - A firing alert whose condition holds stays firing with the same `since`, without `clearSince` and without an
 *   event (it was announced when it started firing).
 * - A firing alert whose condition does not hold remembers `clearSince`, the first evaluation since it last held,
 *   and stays firing (no event) until `now - clearSince >= keepFiringForMs`; then it is inactive, with the event
 *   `'resolved'`. With `keepFiringForMs` 0 it resolves on the first evaluation that does not hold.
 */
export function stepAlertKeepFiring(
  _state: KeepFiringState,
  _holds: boolean,
  _now: number,
  _options: KeepFiringOptions,
): KeepFiringStep {
  // TODO(08.3): return the next state (and event) described above.
  throw new TodoError('08.3');
}
