/**
 * Is a rollout done, still going, or stuck? Decided from the Deployment object alone, with the rules
 * `kubectl rollout status` uses, so the pipeline and the people reading kubectl agree.
 */
import type { DeploymentObject } from './deployment-object.js';

export type RolloutState =
  | { readonly kind: 'waiting'; readonly reason: string }
  | { readonly kind: 'complete'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

// #region evaluate
/**
 * Evaluates one observation of a Deployment. `minGeneration` is the generation our apply produced: an older
 * object (a stale cache, a read that raced the write) cannot say anything about our rollout.
 *
 * @example
 * evaluateRollout(await target.read('orders-api'), applied.metadata?.generation)
 */
export function evaluateRollout(deployment: DeploymentObject, minGeneration = 0): RolloutState {
  const generation = deployment.metadata?.generation ?? 0;
  const status = deployment.status ?? {};
  if (generation < minGeneration)
    return {
      kind: 'waiting',
      reason: `the API returned generation ${generation}, older than the ${minGeneration} we applied`,
    };
  // Until the controller has seen this spec, every other status field describes the previous one.
  if ((status.observedGeneration ?? 0) < generation) {
    return {
      kind: 'waiting',
      reason: `the controller has not observed generation ${generation} yet (observed ${status.observedGeneration ?? 'none'})`,
    };
  }
  const progressing = status.conditions?.find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      kind: 'failed',
      reason: `no progress within spec.progressDeadlineSeconds: ${progressing.message ?? 'ProgressDeadlineExceeded'}`,
    };
  }
  const desired = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (updated < desired) return { kind: 'waiting', reason: `${updated} of ${desired} replicas updated` };
  if (total > updated) return { kind: 'waiting', reason: `${total - updated} old replicas are pending termination` };
  if (available < updated)
    return { kind: 'waiting', reason: `${available} of ${updated} updated replicas are available` };
  return { kind: 'complete', reason: `${updated} of ${desired} replicas updated and available` };
}
// #endregion evaluate
