import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rollingUpdateBudget } from '#exercise/08-production/05-rolling-update-budget';
import type { RollingUpdateStrategy } from '#exercise/08-production/05-rolling-update-budget';
import { parse } from 'yaml';

describe('08.5 rolling update budget', () => {
  it('defaults both fields to 25%, rounding surge up and unavailable down', () => {
    expect(rollingUpdateBudget(10)).toEqual({ maxSurge: 3, maxUnavailable: 2, maxPods: 13, minAvailable: 8 });
  });

  it('takes absolute counts as they are', () => {
    expect(rollingUpdateBudget(4, { maxSurge: 2, maxUnavailable: 1 })).toEqual({
      maxSurge: 2,
      maxUnavailable: 1,
      maxPods: 6,
      minAvailable: 3,
    });
  });

  it('keeps full capacity with the committed api strategy (maxUnavailable 0) at any scale the autoscaler picks', () => {
    const manifest = parse(readFileSync(new URL('../../../deploy/k8s/deployment.yaml', import.meta.url), 'utf8'), {
      version: '1.1',
    }) as unknown as {
      spec: { strategy: { rollingUpdate: RollingUpdateStrategy } };
    };
    for (const replicas of [2, 5, 10]) {
      const budget = rollingUpdateBudget(replicas, manifest.spec.strategy.rollingUpdate);
      expect(budget.minAvailable).toBe(replicas);
      expect(budget.maxPods).toBeGreaterThan(replicas);
    }
  });

  it('rounds a percentage of maxSurge up and one of maxUnavailable down', () => {
    expect(rollingUpdateBudget(3, { maxSurge: '50%', maxUnavailable: '50%' })).toEqual({
      maxSurge: 2,
      maxUnavailable: 1,
      maxPods: 5,
      minAvailable: 2,
    });
  });

  it('accepts a maxSurge above 100%, as the Kubernetes API does', () => {
    expect(rollingUpdateBudget(4, { maxSurge: '150%', maxUnavailable: 0 })).toEqual({
      maxSurge: 6,
      maxUnavailable: 0,
      maxPods: 10,
      minAvailable: 4,
    });
  });

  it('accepts a maxUnavailable of exactly 100%', () => {
    expect(rollingUpdateBudget(4, { maxSurge: 0, maxUnavailable: '100%' })).toEqual({
      maxSurge: 0,
      maxUnavailable: 4,
      maxPods: 4,
      minAvailable: 0,
    });
  });

  it('never counts fewer than 0 available pods when maxUnavailable is more pods than there are', () => {
    expect(rollingUpdateBudget(2, { maxSurge: 1, maxUnavailable: 5 })).toMatchObject({
      maxUnavailable: 5,
      minAvailable: 0,
    });
  });

  it('allows one unavailable pod when both percentages round to 0, as the controller does', () => {
    expect(rollingUpdateBudget(1, { maxSurge: '0%', maxUnavailable: '25%' })).toEqual({
      maxSurge: 0,
      maxUnavailable: 1,
      maxPods: 1,
      minAvailable: 0,
    });
  });

  it.each<[RollingUpdateStrategy, RegExp]>([
    [{ maxSurge: 0, maxUnavailable: 0 }, /both be 0/],
    [{ maxSurge: '0%', maxUnavailable: 0 }, /both be 0/],
    [{ maxSurge: -1 }, /maxSurge/],
    [{ maxUnavailable: 1.5 }, /maxUnavailable/],
    [{ maxSurge: '00%', maxUnavailable: '0%' }, /both be 0/],
    [{ maxUnavailable: '150%' }, /maxUnavailable/],
    [{ maxUnavailable: '101%' }, /maxUnavailable/],
    [{ maxUnavailable: 'one' }, /maxUnavailable/],
    [{ maxSurge: '25' }, /maxSurge/],
    [{ maxSurge: '2.5%' }, /maxSurge/],
    [{ maxSurge: '-5%' }, /maxSurge/],
    [{ maxSurge: ' 25%' }, /maxSurge/],
    [{ maxSurge: '25%x' }, /maxSurge/],
  ])('refuses %j', (strategy, message) => {
    expect(() => rollingUpdateBudget(4, strategy)).toThrow(RangeError);
    expect(() => rollingUpdateBudget(4, strategy)).toThrow(message);
  });

  it('accepts a Deployment scaled to zero', () => {
    expect(rollingUpdateBudget(0)).toMatchObject({ maxSurge: 0, maxPods: 0, minAvailable: 0 });
  });

  it('refuses a replica count that is not a whole number', () => {
    expect(() => rollingUpdateBudget(-1)).toThrow(/replicas/);
    expect(() => rollingUpdateBudget(2.5)).toThrow(RangeError);
    expect(() => rollingUpdateBudget(Number.NaN)).toThrow(/replicas/);
  });
});
