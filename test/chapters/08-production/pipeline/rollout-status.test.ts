import { describe, expect, it } from 'vitest';
import type { DeploymentObject } from '../../../../chapters/08-production/pipeline/deployment-object.js';
import { evaluateRollout } from '../../../../chapters/08-production/pipeline/rollout-status.js';
import { watchRollout } from '../../../../chapters/08-production/pipeline/rollout-watcher.js';
import type { RolloutState } from '../../../../chapters/08-production/pipeline/rollout-status.js';

function deployment(
  generation: number,
  status: NonNullable<DeploymentObject['status']>,
  replicas = 3,
): DeploymentObject {
  return { metadata: { name: 'orders-api', generation }, spec: { replicas }, status };
}

const settled = { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };

describe('evaluateRollout', () => {
  it('waits while the controller has not observed the new generation, even if every replica looks ready', () => {
    // The status still describes the previous spec: this is what checking readyReplicas alone gets wrong.
    expect(evaluateRollout(deployment(2, { ...settled, observedGeneration: 1 }))).toMatchObject({
      kind: 'waiting',
      reason: expect.stringContaining('generation 2'),
    });
  });

  it('waits while old replicas are still running next to the updated ones', () => {
    expect(
      evaluateRollout(
        deployment(2, {
          observedGeneration: 2,
          replicas: 4,
          updatedReplicas: 3,
          readyReplicas: 4,
          availableReplicas: 4,
        }),
      ),
    ).toMatchObject({
      kind: 'waiting',
      reason: '1 old replicas are pending termination',
    });
  });

  it('waits until updated replicas are available, not just created', () => {
    expect(
      evaluateRollout(deployment(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 })),
    ).toMatchObject({ kind: 'waiting' });
  });

  it('fails when the Progressing condition says ProgressDeadlineExceeded', () => {
    const state = evaluateRollout(
      deployment(2, {
        observedGeneration: 2,
        replicas: 4,
        updatedReplicas: 1,
        conditions: [
          { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'timed out' },
        ],
      }),
    );
    expect(state).toEqual({ kind: 'failed', reason: 'no progress within spec.progressDeadlineSeconds: timed out' });
  });

  it('completes when the observed generation is rolled out and available', () => {
    expect(evaluateRollout(deployment(2, { ...settled, observedGeneration: 2 }))).toMatchObject({ kind: 'complete' });
  });

  it('ignores an object older than the generation our apply produced', () => {
    expect(evaluateRollout(deployment(1, { ...settled, observedGeneration: 1 }), 2)).toMatchObject({ kind: 'waiting' });
  });
});

describe('watchRollout', () => {
  it('reports each new reason once and times out at its deadline on a fake clock', async () => {
    let clock = 0;
    const seen: RolloutState[] = [];
    const stuck = deployment(2, { observedGeneration: 2, replicas: 4, updatedReplicas: 1, availableReplicas: 3 });

    const outcome = await watchRollout({
      read: async () => stuck,
      minGeneration: 2,
      deadlineMs: 1_000,
      pollIntervalMs: 100,
      now: () => clock,
      wait: async (ms) => void (clock += ms),
      onProgress: (state) => seen.push(state),
    });

    expect(outcome).toMatchObject({ kind: 'timeout', polls: 11 });
    expect(seen).toHaveLength(1);
  });

  it('fails when the Deployment disappears', async () => {
    const outcome = await watchRollout({ read: async () => undefined, minGeneration: 1, deadlineMs: 1_000 });
    expect(outcome.kind).toBe('failed');
  });
});
