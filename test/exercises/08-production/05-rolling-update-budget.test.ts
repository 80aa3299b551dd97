import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rollingUpdateBudget } from '#exercise/08-production/05-rolling-update-budget';
import type { RollingUpdateStrategy } from '#exercise/08-production/05-rolling-update-budget';
import { parseYamlDocument } from '../../../chapters/08-production/pipeline/yaml-subset.js';

describe('08.5 rolling update budget', () => {
  it('defaults both fields to 25%, rounding surge up and unavailable down', () => {
    expect(rollingUpdateBudget(10)).toEqual({ maxSurge: 3, maxUnavailable: 2, maxPods: 13, minAvailable: 8 });
  });

  it('takes absolute counts as they are', () => {
    expect(rollingUpdateBudget(4, { maxSurge: 2, maxUnavailable: 1 })).toEqual({ maxSurge: 2, maxUnavailable: 1, maxPods: 6, minAvailable: 3 });
  });

  it('keeps full capacity with the committed api strategy (maxUnavailable 0) at any scale the autoscaler picks', () => {
    const manifest = parseYamlDocument(readFileSync(new URL('../../../deploy/k8s/deployment.yaml', import.meta.url), 'utf8')) as unknown as {
      spec: { strategy: { rollingUpdate: RollingUpdateStrategy } };
    };
    for (const replicas of [2, 5, 10]) {
      const budget = rollingUpdateBudget(replicas, manifest.spec.strategy.rollingUpdate);
      expect(budget.minAvailable).toBe(replicas);
      expect(budget.maxPods).toBeGreaterThan(replicas);
    }
  });

  it('allows one unavailable pod when both percentages round to 0, as the controller does', () => {
    expect(rollingUpdateBudget(1, { maxSurge: '0%', maxUnavailable: '25%' })).toEqual({ maxSurge: 0, maxUnavailable: 1, maxPods: 1, minAvailable: 0 });
  });

  it.each<[RollingUpdateStrategy, RegExp]>([
    [{ maxSurge: 0, maxUnavailable: 0 }, /both be 0/],
    [{ maxSurge: '0%', maxUnavailable: 0 }, /both be 0/],
    [{ maxSurge: -1 }, /maxSurge/],
    [{ maxUnavailable: 1.5 }, /maxUnavailable/],
    [{ maxSurge: '150%' }, /maxSurge/],
    [{ maxUnavailable: 'one' }, /maxUnavailable/],
  ])('refuses %j', (strategy, message) => {
    expect(() => rollingUpdateBudget(4, strategy)).toThrow(RangeError);
    expect(() => rollingUpdateBudget(4, strategy)).toThrow(message);
  });

  it('refuses a replica count that is not a whole number', () => {
    expect(() => rollingUpdateBudget(-1)).toThrow(/replicas/);
  });
});
