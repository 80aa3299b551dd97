import { describe, expect, it } from 'vitest';
import { percentile, summarizeLatencies } from '../../../../chapters/05-testing/load-gate/percentile.js';

describe('nearest-rank percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it.each([
    [50, 50],
    [95, 95],
    [99, 99],
    [100, 100],
    [0.1, 1],
  ])('p%s of 1..100 is %s', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  it('returns a measured value, never one interpolated between two requests', () => {
    expect(percentile([10, 1000], 50)).toBe(10);
    expect(percentile([10, 1000], 51)).toBe(1000);
  });

  it('is NaN with no samples, and refuses p outside (0, 100]', () => {
    expect(percentile([], 95)).toBeNaN();
    expect(() => percentile(hundred, 0)).toThrow(RangeError);
    expect(() => percentile(hundred, 101)).toThrow(/\(0, 100\]/);
  });

  it('summarises unsorted samples without changing them', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarizeLatencies(samples)).toEqual({ count: 5, mean: 3, p50: 3, p90: 5, p95: 5, p99: 5, max: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });
});
