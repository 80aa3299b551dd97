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

const DEFAULT = '25%';

function resolve(name: string, value: number | string, replicas: number, roundUp: boolean): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number of pods >= 0 or a percentage like "25%", got ${value}`);
    return value;
  }
  const match = /^(\d+)%$/.exec(value);
  const percent = Number(match?.[1]);
  if (!match || percent > 100) throw new RangeError(`${name} must be a whole number of pods >= 0 or a percentage from "0%" to "100%", got ${JSON.stringify(value)}`);
  const exact = (replicas * percent) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

const isZero = (value: number | string): boolean => value === 0 || value === '0%';

/** Resolves a rolling-update strategy the way the Deployment controller does. */
export function rollingUpdateBudget(replicas: number, strategy: RollingUpdateStrategy = {}): RolloutBudget {
  if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError(`replicas must be a whole number >= 0, got ${replicas}`);
  const surgeInput = strategy.maxSurge ?? DEFAULT;
  const unavailableInput = strategy.maxUnavailable ?? DEFAULT;
  // The API refuses this pair: the rollout could never make a step.
  if (isZero(surgeInput) && isZero(unavailableInput)) throw new RangeError('maxSurge and maxUnavailable cannot both be 0: the rollout could never replace a pod');
  const maxSurge = resolve('maxSurge', surgeInput, replicas, true);
  let maxUnavailable = resolve('maxUnavailable', unavailableInput, replicas, false);
  // Percentages that both round to 0 would stall; the controller allows one unavailable pod instead.
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, maxPods: replicas + maxSurge, minAvailable: Math.max(0, replicas - maxUnavailable) };
}
