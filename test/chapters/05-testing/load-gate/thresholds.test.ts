import { describe, expect, it } from 'vitest';
import { ThresholdSyntaxError } from '../../../../chapters/05-testing/load-gate/load-gate-errors.js';
import {
  evaluateThresholds,
  parseThreshold,
  parseThresholds,
  type GateMetrics,
} from '../../../../chapters/05-testing/load-gate/thresholds.js';

const metrics: GateMetrics = { mean: 20, p50: 15, p90: 40, p95: 80, p99: 150, max: 400, errors: 0.004, rps: 620 };

describe('threshold expressions', () => {
  it.each([
    ['p95<200ms', { metric: 'p95', comparator: '<', limit: 200 }],
    ['p99 <= 1.5s', { metric: 'p99', comparator: '<=', limit: 1500 }],
    ['errors<1%', { metric: 'errors', comparator: '<', limit: 0.01 }],
    ['rps>500', { metric: 'rps', comparator: '>', limit: 500 }],
    ['rps>=20/s', { metric: 'rps', comparator: '>=', limit: 20 }],
    ['MEAN<50MS', { metric: 'mean', comparator: '<', limit: 50 }],
  ])('parses %s', (expression, expected) => {
    expect(parseThreshold(expression)).toEqual({ expression, ...expected });
  });

  it.each([
    ['p95<200', /needs a unit for p95: ms or s/],
    ['p95>200ms', /latency gate is an upper bound/],
    ['errors>1%', /error-rate gate is an upper bound/],
    ['errors<1', /needs a % unit/],
    ['errors<150%', /more than 100%/],
    ['rps<500', /throughput gate is a lower bound/],
    ['rps>500ms', /unit rps does not take/],
    ['p42<10ms', /unknown metric "p42"/],
    ['p95 < fast', /is not <metric><comparator><number><unit>/],
    ['', /is not/],
  ])('refuses %s, saying what is allowed', (expression, message) => {
    expect(() => parseThreshold(expression)).toThrow(ThresholdSyntaxError);
    expect(() => parseThreshold(expression)).toThrow(message);
    expect(() => parseThreshold(expression)).toThrow(/write it like p95<200ms/);
  });

  it('reports every invalid expression at once, with the stable code', () => {
    const error = (() => {
      try {
        parseThresholds(['p95<200ms', 'p95<fast', 'errors>1%']);
      } catch (e) {
        return e;
      }
    })() as ThresholdSyntaxError;
    expect(error.code).toBe('LOADTEST_THRESHOLD_INVALID');
    expect(error.message).toMatch(/^2 thresholds are invalid/);
  });

  it('refuses an empty list: a gate without thresholds would pass anything', () => {
    expect(() => parseThresholds([])).toThrow(/no thresholds given/);
  });
});

describe('evaluating thresholds', () => {
  it('passes and fails each threshold against the measured value', () => {
    const outcomes = evaluateThresholds(parseThresholds(['p95<100ms', 'p99<100ms', 'errors<1%', 'rps>1000']), metrics);
    expect(outcomes.map((o) => [o.expression, o.passed])).toEqual([
      ['p95<100ms', true],
      ['p99<100ms', false],
      ['errors<1%', true],
      ['rps>1000', false],
    ]);
    expect(outcomes[1]?.detail).toBe('p99 = 150.0 ms (limit < 100.0 ms)');
  });

  it('treats the boundary by the comparator: < excludes it, <= includes it', () => {
    expect(evaluateThresholds(parseThresholds(['p95<80ms', 'p95<=80ms']), metrics).map((o) => o.passed)).toEqual([
      false,
      true,
    ]);
  });

  it('fails every threshold whose metric is NaN (no request completed), where a plain comparison would pass', () => {
    const nothing: GateMetrics = {
      mean: NaN,
      p50: NaN,
      p90: NaN,
      p95: NaN,
      p99: NaN,
      max: NaN,
      errors: 0 / 0,
      rps: NaN,
    };
    const guideErrorRate = (0 / 0) * 100; // errors / requestsCompleted with nothing completed
    expect(guideErrorRate > 1).toBe(false); // the guide's check, "is the error rate above 1%?", says no
    const outcomes = evaluateThresholds(parseThresholds(['errors<1%', 'p95<200ms', 'rps>1']), nothing);
    expect(outcomes.every((o) => !o.passed)).toBe(true);
    expect(outcomes[0]?.detail).toMatch(/no request completed/);
  });
});
