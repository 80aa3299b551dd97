import { describe, expect, it } from 'vitest';
import { ThresholdSyntaxError } from '../../../chapters/05-testing/load-gate/load-gate-errors.js';
import type { GateMetrics } from '../../../chapters/05-testing/load-gate/thresholds.js';
import { compareWithBaseline, parseRegressionRule } from '#exercise/05-testing/02-baseline-thresholds';

const baseline: GateMetrics = { mean: 10, p50: 8, p90: 20, p95: 40, p99: 80, max: 200, errors: 0, rps: 1000 };

describe('05.2 regression rules against a saved baseline', () => {
  it.each([
    ['p95<+20%', { metric: 'p95', comparator: '<', maxChange: 0.2 }],
    ['p99 <= +5.5%', { metric: 'p99', comparator: '<=', maxChange: 0.055 }],
    ['rps>-10%', { metric: 'rps', comparator: '>', maxChange: -0.1 }],
    ['rps>=-5%', { metric: 'rps', comparator: '>=', maxChange: -0.05 }],
    ['p50<+12.25%', { metric: 'p50', comparator: '<', maxChange: 0.1225 }],
    [' P95 < +20 % ', { metric: 'p95', comparator: '<', maxChange: 0.2 }],
  ])('parses %s', (expression, expected) => {
    expect(parseRegressionRule(expression)).toEqual({ expression, ...expected });
  });

  it.each(['mean', 'p50', 'p90', 'p95', 'p99', 'max'])('caps the latency metric %s', (metric) => {
    expect(parseRegressionRule(`${metric}<=+10%`)).toMatchObject({ metric, comparator: '<=', maxChange: 0.1 });
    expect(() => parseRegressionRule(`${metric}>=+10%`)).toThrow(/latency may only be capped/);
  });

  it.each([
    ['p95<20%', /is not <metric><comparator><sign><number>%/],
    ['p95>-20%', /latency may only be capped/],
    ['rps<+10%', /throughput may only be floored/],
    ['errors<+50%', /use an absolute threshold like errors<1%/],
    ['p42<+1%', /unknown metric/],
    ['p95<+20', /is not <metric><comparator><sign><number>%/],
    ['p95<+20%x', /is not <metric><comparator><sign><number>%/],
    ['#p95<+20%', /is not <metric><comparator><sign><number>%/],
    ['p95<+20ms%', /is not <metric><comparator><sign><number>%/],
    ['p95=+20%', /is not <metric><comparator><sign><number>%/],
    ['errors>-50%', /use an absolute threshold like errors<1%/],
  ])('refuses %s with a ThresholdSyntaxError that says what is allowed', (expression, message) => {
    expect(() => parseRegressionRule(expression)).toThrow(ThresholdSyntaxError);
    expect(() => parseRegressionRule(expression)).toThrow(message);
    expect(() => parseRegressionRule(expression)).toThrow(/write it like p95<\+20% or rps>-10%$/);
  });

  it.each([
    ['p95<+20%', 48, false],
    ['p95<=+20%', 48, true],
    ['p95<=+20%', 47.9, true],
    ['p95<=+20%', 48.1, false],
    ['p95<+20%', 47.9, true],
    ['rps>-10%', 900, false],
    ['rps>=-10%', 900, true],
    ['rps>=-10%', 899, false],
    ['rps>=-10%', 1_100, true],
    ['rps>-10%', 901, true],
  ] as const)('treats the boundary as the comparator says: %s with %s', (expression, value, passed) => {
    const metric = expression.startsWith('p95') ? 'p95' : 'rps';
    const [outcome] = compareWithBaseline([parseRegressionRule(expression)], baseline, {
      ...baseline,
      [metric]: value,
    });
    expect(outcome?.passed).toBe(passed);
  });

  it('writes the change and the allowance as signed percentages, +0.0% for no change', () => {
    const rules = ['p95<+20%', 'rps>-10%'].map(parseRegressionRule);
    expect(compareWithBaseline(rules, baseline, { ...baseline, rps: 850 }).map((o) => o.detail)).toEqual([
      'p95 40 -> 40 (+0.0%, allowed < +20.0%)',
      'rps 1000 -> 850 (-15.0%, allowed > -10.0%)',
    ]);
  });

  it('reports each outcome with the rule, both values and the change', () => {
    const [outcome] = compareWithBaseline([parseRegressionRule('p95<+20%')], baseline, { ...baseline, p95: 50 });
    expect(outcome).toEqual({
      expression: 'p95<+20%',
      metric: 'p95',
      baseline: 40,
      current: 50,
      change: 0.25,
      passed: false,
      detail: 'p95 40 -> 50 (+25.0%, allowed < +20.0%)',
    });
  });

  it('passes a run within the allowed change and fails one beyond it', () => {
    const rules = ['p95<+20%', 'rps>-10%'].map(parseRegressionRule);
    const ok = compareWithBaseline(rules, baseline, { ...baseline, p95: 47, rps: 950 });
    expect(ok.map((o) => o.passed)).toEqual([true, true]);
    expect(ok[0]?.change).toBeCloseTo(0.175);
    const worse = compareWithBaseline(rules, baseline, { ...baseline, p95: 60, rps: 850 });
    expect(worse.map((o) => o.passed)).toEqual([false, false]);
    expect(worse[0]?.detail).toMatch(/p95 40 -> 60 \(\+50\.0%, allowed < \+20\.0%\)/);
  });

  it('fails a rule when either run has no value for the metric, instead of comparing NaN', () => {
    const [outcome] = compareWithBaseline([parseRegressionRule('p95<+20%')], baseline, {
      ...baseline,
      p95: Number.NaN,
    });
    expect(outcome?.passed).toBe(false);
    expect(outcome?.change).toBeNaN();
    expect(compareWithBaseline([parseRegressionRule('rps>-10%')], { ...baseline, rps: 0 }, baseline)[0]?.passed).toBe(
      false,
    );
  });

  it('says there is nothing to compare when either value is missing, infinite, or the baseline is not positive', () => {
    const rule = parseRegressionRule('rps>-10%');
    for (const [before, now] of [
      [Number.NaN, 1000],
      [1000, Number.NaN],
      [1000, Number.POSITIVE_INFINITY],
      [Number.POSITIVE_INFINITY, 1000],
      [0, 1000],
      [-5, 1000],
    ]) {
      const [outcome] = compareWithBaseline([rule], { ...baseline, rps: before! }, { ...baseline, rps: now! });
      expect(outcome).toMatchObject({ passed: false, change: Number.NaN });
      expect(outcome?.detail).toMatch(/nothing to compare/);
    }
  });
});
