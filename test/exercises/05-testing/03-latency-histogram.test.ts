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
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => histogram.record(bad)).toThrow(RangeError);
    expect(() => histogram.percentile(0)).toThrow(RangeError);
    expect(() => histogram.percentile(101)).toThrow(RangeError);
  });

  it('reports the nearest-rank value of a few known latencies, each within 1%', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [40, 10, 30, 20]) histogram.record(ms);
    for (const [p, exact] of [
      [1, 10],
      [25, 10],
      [26, 20],
      [50, 20],
      [75, 30],
      [100, 40],
    ] as const) {
      expect(Math.abs(histogram.percentile(p) - exact) / exact).toBeLessThanOrEqual(0.01);
    }
  });

  it('counts one bucket per distinct scale of value, however many values share it', () => {
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 1_000; i += 1) histogram.record(25);
    expect(histogram.bucketCount).toBe(1);
    histogram.record(50);
    expect(histogram.bucketCount).toBe(2);
    expect(histogram.count).toBe(1_001);
  });

  it('answers exactly minMs for values at or below minMs, and honours a custom minMs', () => {
    const micro = new LatencyHistogram();
    micro.record(0);
    micro.record(0.001);
    expect(micro.percentile(100)).toBe(0.001);
    expect(micro.bucketCount).toBe(1);
    const coarse = new LatencyHistogram({ minMs: 1 });
    coarse.record(0.5);
    coarse.record(1);
    expect(coarse.percentile(100)).toBe(1);
    expect(coarse.bucketCount).toBe(1);
    coarse.record(3);
    expect(Math.abs(coarse.percentile(100) - 3) / 3).toBeLessThanOrEqual(0.01);
  });

  it('merges by adding counts bucket by bucket and leaves the other histogram as it was', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.record(10);
    a.record(10);
    b.record(10);
    b.record(40);
    a.merge(b);
    expect(a.count).toBe(4);
    expect(a.bucketCount).toBe(2);
    expect(Math.abs(a.percentile(75) - 10) / 10).toBeLessThanOrEqual(0.01);
    expect(Math.abs(a.percentile(100) - 40) / 40).toBeLessThanOrEqual(0.01);
    expect(b.count).toBe(2);
  });

  it('refuses to merge a histogram with other settings, naming the setting', () => {
    const histogram = new LatencyHistogram();
    expect(() => histogram.merge(new LatencyHistogram({ relativeError: 0.02 }))).toThrow(/relativeError/);
    expect(() => histogram.merge(new LatencyHistogram({ minMs: 0.01 }))).toThrow(RangeError);
    expect(() => histogram.merge(new LatencyHistogram({ minMs: 0.01 }))).toThrow(/minMs/);
  });

  it('refuses settings outside their range, naming the option', () => {
    for (const relativeError of [0, 1, -0.5, 1.5, Number.NaN]) {
      expect(() => new LatencyHistogram({ relativeError })).toThrow(RangeError);
      expect(() => new LatencyHistogram({ relativeError })).toThrow(/relativeError/);
    }
    for (const minMs of [0, -1, Number.NaN]) expect(() => new LatencyHistogram({ minMs })).toThrow(/minMs/);
    expect(new LatencyHistogram({ relativeError: 0.05, minMs: 0.5 })).toMatchObject({
      relativeError: 0.05,
      minMs: 0.5,
    });
  });

  it('names the value it refuses to record and the percentile it refuses to compute', () => {
    const histogram = new LatencyHistogram();
    expect(() => histogram.record(-3)).toThrow(/-3/);
    expect(() => histogram.record(Number.NaN)).toThrow(/NaN/);
    histogram.record(1);
    expect(() => histogram.percentile(101)).toThrow(/101/);
    expect(() => histogram.percentile(-1)).toThrow(RangeError);
  });
});
