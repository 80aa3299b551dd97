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
  /** The fewest available pods during the rollout: the capacity users can count on. Never below 0. */
  readonly minAvailable: number;
}

/**
 * Resolves a rolling-update strategy for `replicas` desired pods the way Kubernetes does: what its API accepts,
 * and the pod counts its Deployment controller works with.
 *
 * - A field that is absent means "25%".
 * - A number is a count of pods: a whole number, 0 or more.
 * - A string is a percentage of `replicas`: whole digits and a "%", such as "0%", "25%" or "150%". A percentage
 *   of maxSurge rounds up to whole pods, one of maxUnavailable rounds down. maxUnavailable may not be more than
 *   "100%"; maxSurge may ("150%" of 4 replicas lets 6 extra pods run).
 * - Both fields written as zero (0, "0%") is refused: such a rollout could never replace a pod; the message says
 *   they cannot "both be 0".
 * - When both only round down to 0 pods (a small Deployment), maxUnavailable is 1, as the controller decides.
 * - `replicas` is a whole number, 0 or more.
 * Anything invalid is a RangeError whose message names the field (`replicas`, `maxSurge` or `maxUnavailable`).
 *
 * @example rollingUpdateBudget(10) // { maxSurge: 3, maxUnavailable: 2, maxPods: 13, minAvailable: 8 }
 */
export function rollingUpdateBudget(_replicas: number, _strategy: RollingUpdateStrategy = {}): RolloutBudget {
  // TODO(08.5): validate the input and resolve both fields into the budget described above.
  throw new TodoError('08.5');
}
