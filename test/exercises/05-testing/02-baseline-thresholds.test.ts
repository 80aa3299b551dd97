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
  ])('parses %s', (expression, expected) => {
    expect(parseRegressionRule(expression)).toEqual({ expression, ...expected });
  });

  it.each([
    ['p95<20%', /is not <metric><comparator><sign><number>%/],
    ['p95>-20%', /latency may only be capped/],
    ['rps<+10%', /throughput may only be floored/],
    ['errors<+50%', /use an absolute threshold like errors<1%/],
    ['p42<+1%', /unknown metric/],
  ])('refuses %s with a ThresholdSyntaxError that says what is allowed', (expression, message) => {
    expect(() => parseRegressionRule(expression)).toThrow(ThresholdSyntaxError);
    expect(() => parseRegressionRule(expression)).toThrow(message);
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
    const [outcome] = compareWithBaseline([parseRegressionRule('p95<+20%')], baseline, { ...baseline, p95: Number.NaN });
    expect(outcome?.passed).toBe(false);
    expect(outcome?.change).toBeNaN();
    expect(compareWithBaseline([parseRegressionRule('rps>-10%')], { ...baseline, rps: 0 }, baseline)[0]?.passed).toBe(false);
  });
});
