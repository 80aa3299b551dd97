import { describe, expect, it } from 'vitest';
import { percentile } from '#exercise/04-performance/08-percentile';

const oneToHundred = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1); // 1..100, shuffled

describe('04.8 the nearest-rank percentile of a benchmark sample', () => {
  it('answers the middle sample for p50 of three', () => {
    expect(percentile([5, 1, 3], 50)).toBe(3);
  });

  it('answers the 99th smallest of 100 samples for p99, and the largest for p100', () => {
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
  });

  it('rounds the rank up: p99 of 10 samples is the largest, p0.1 of 100 the smallest', () => {
    expect(percentile([3, 8, 1, 9, 4, 7, 2, 10, 6, 5], 99)).toBe(10);
    expect(percentile(oneToHundred, 0.1)).toBe(1);
    expect(percentile([40, 10, 30, 20], 25)).toBe(10);
    expect(percentile([40, 10, 30, 20], 26)).toBe(20);
  });

  it('compares samples as numbers, not as text', () => {
    expect(percentile([100, 9, 10], 50)).toBe(10);
    expect(percentile([-5, -20, 3], 34)).toBe(-5);
  });

  it('answers the only sample for any p', () => {
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([42], 100)).toBe(42);
  });

  it("leaves the caller's array in its order", () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses no samples, and a p of 0, above 100 or NaN, with a RangeError', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([], 50)).toThrow(/no samples/);
    for (const p of [0, -1, 100.5, Number.NaN]) {
      expect(() => percentile([1, 2], p), String(p)).toThrow(RangeError);
      expect(() => percentile([1, 2], p), String(p)).toThrow(String(p));
    }
  });
});
