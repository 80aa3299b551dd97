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
 */
export function stepAlertKeepFiring(
  _state: KeepFiringState,
  _holds: boolean,
  _now: number,
  _options: KeepFiringOptions,
): KeepFiringStep {
  // TODO(08.3): validate the options (RangeError naming the option). Then: inactive and pending behave exactly as
  // the chapter's stepAlert (reuse it). A firing alert: if the condition holds, it stays firing and forgets any
  // clearSince; if not, it records clearSince (the first evaluation that did not hold) and resolves, with the
  // event 'resolved', only once `now - clearSince >= keepFiringForMs`.
  throw new TodoError('08.3');
}
