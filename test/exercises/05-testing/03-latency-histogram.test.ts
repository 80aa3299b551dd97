import { describe, expect, it } from 'vitest';
import { percentile } from '../../../chapters/05-testing/load-gate/percentile.js';
import { LatencyHistogram } from '#exercise/05-testing/03-latency-histogram';

/** Deterministic, skewed latencies (a long tail), no Math.random: the same numbers every run. */
function skewedLatencies(n: number): number[] {
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: n }, () => 1 + 5 * -Math.log(1 - next()) + (next() < 0.02 ? 500 * next() : 0));
}

describe('05.3 a bounded-memory latency histogram', () => {
  const samples = skewedLatencies(100_000);
  const sorted = Float64Array.from(samples).sort();

  it.each([50, 90, 95, 99, 99.9])('reports p%s within 1% of the exact nearest-rank value', (p) => {
    const histogram = new LatencyHistogram({ relativeError: 0.01 });
    for (const ms of samples) histogram.record(ms);
    const exact = percentile(sorted, p);
    expect(Math.abs(histogram.percentile(p) - exact) / exact).toBeLessThanOrEqual(0.01);
    expect(histogram.count).toBe(100_000);
  });

  it('keeps memory bounded by the range of values, not their number', () => {
    const histogram = new LatencyHistogram({ relativeError: 0.01 });
    for (const ms of samples) histogram.record(ms);
    expect(histogram.bucketCount).toBeLessThan(600);
  });

  it('merges two histograms into the same answer as recording everything in one', () => {
    const all = new LatencyHistogram();
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    samples.forEach((ms, i) => {
      all.record(ms);
      (i % 2 === 0 ? a : b).record(ms);
    });
    a.merge(b);
    expect(a.count).toBe(all.count);
    expect(a.percentile(99)).toBe(all.percentile(99));
    expect(() => a.merge(new LatencyHistogram({ relativeError: 0.05 }))).toThrow(RangeError);
  });

  it('records 0 ms, answers NaN when empty, and refuses values and percentiles that make no sense', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.percentile(50)).toBeNaN();
    histogram.record(0);
    expect(histogram.percentile(100)).toBeLessThanOrEqual(0.001);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => histogram.record(bad)).toThrow(RangeError);
    expect(() => histogram.percentile(0)).toThrow(RangeError);
    expect(() => histogram.percentile(101)).toThrow(RangeError);
  });
});
