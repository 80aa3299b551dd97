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

const DEFAULT = '25%';

/** A field as the API validates it: a pod count or a percentage, before it is scaled to the replicas. */
type Amount = { readonly percent: boolean; readonly value: number };

function parse(name: string, input: number | string): Amount {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 0)
      throw new RangeError(`${name} must be a whole number of pods >= 0 or a percentage like "25%", got ${input}`);
    return { percent: false, value: input };
  }
  const match = /^(\d+)%$/.exec(input);
  if (!match)
    throw new RangeError(
      `${name} must be a whole number of pods >= 0 or a percentage like "25%", got ${JSON.stringify(input)}`,
    );
  return { percent: true, value: Number(match[1]) };
}

function pods(amount: Amount, replicas: number, roundUp: boolean): number {
  if (!amount.percent) return amount.value;
  const exact = (replicas * amount.value) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * Resolves a rolling-update strategy for `replicas` desired pods the way Kubernetes does: what its API accepts,
 * and the pod counts its Deployment controller works with.
 *
 * @example rollingUpdateBudget(10) // { maxSurge: 3, maxUnavailable: 2, maxPods: 13, minAvailable: 8 }
 */
export function rollingUpdateBudget(replicas: number, strategy: RollingUpdateStrategy = {}): RolloutBudget {
  if (!Number.isInteger(replicas) || replicas < 0)
    throw new RangeError(`replicas must be a whole number >= 0, got ${replicas}`);
  const surge = parse('maxSurge', strategy.maxSurge ?? DEFAULT);
  const unavailable = parse('maxUnavailable', strategy.maxUnavailable ?? DEFAULT);
  // The API caps only maxUnavailable: more than every pod unavailable means nothing, while a surge above 100% is
  // a legitimate way to bring a whole new version up before the old one goes.
  if (unavailable.percent && unavailable.value > 100) {
    throw new RangeError(`maxUnavailable must not be more than "100%", got "${unavailable.value}%"`);
  }
  // The API refuses this pair: the rollout could never make a step.
  if (surge.value === 0 && unavailable.value === 0) {
    throw new RangeError('maxSurge and maxUnavailable cannot both be 0: the rollout could never replace a pod');
  }
  const maxSurge = pods(surge, replicas, true);
  const rounded = pods(unavailable, replicas, false);
  // Percentages that both round to 0 would stall; the controller allows one unavailable pod instead.
  const maxUnavailable = maxSurge === 0 && rounded === 0 ? 1 : rounded;
  return {
    maxSurge,
    maxUnavailable,
    maxPods: replicas + maxSurge,
    minAvailable: Math.max(0, replicas - maxUnavailable),
  };
}
