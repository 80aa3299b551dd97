import { TodoError } from '../../workbook/todo-error.js';

/** A Deployment's `spec.strategy.rollingUpdate`: absolute counts or percentages of the desired replicas ("25%"). */
export interface RollingUpdateStrategy {
  readonly maxSurge?: number | string;
  readonly maxUnavailable?: number | string;
}

/** What a rolling update of `replicas` pods may do at any moment, in pods. */
export interface RolloutBudget {
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  /** The most pods that run at once (old and new): what the cluster must have room for. */
  readonly maxPods: number;
  /** The fewest available pods during the rollout: the capacity users can count on. */
  readonly minAvailable: number;
}

/** Resolves a rolling-update strategy the way the Deployment controller does. */
export function rollingUpdateBudget(_replicas: number, _strategy: RollingUpdateStrategy = {}): RolloutBudget {
  // TODO(08.5): both fields default to "25%". A number is a pod count (whole, >= 0); a string is "N%" with N from
  // 0 to 100, of `replicas`: maxSurge rounds UP, maxUnavailable rounds DOWN. Both given as 0 (or "0%") is a
  // RangeError (the API refuses it); if both only round to 0, maxUnavailable becomes 1 (what the controller does).
  // Anything else invalid (negative, fractional, "abc", "150%", bad replicas) is a RangeError naming the field.
  throw new TodoError('08.5');
}
