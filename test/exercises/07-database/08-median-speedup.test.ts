import { describe, expect, it } from 'vitest';
import { medianSpeedUp } from '#exercise/07-database/08-median-speedup';

describe('07.8 the speed-up between two noisy measurements, by their medians', () => {
  it('takes the middle timing of an odd count, whatever the order, and ignores one outlier', () => {
    const result = medianSpeedUp([120, 19.6, 20.8], [2, 1, 3]);
    expect(result.baselineMedian).toBe(20.8);
    expect(result.candidateMedian).toBe(2);
  });

  it('sorts timings as numbers, not as text', () => {
    expect(medianSpeedUp([10, 9, 100], [1]).baselineMedian).toBe(10);
    expect(medianSpeedUp([1], [100, 9, 10, 8, 20]).candidateMedian).toBe(10);
  });

  it('takes the mean of the two middle timings of an even count', () => {
    expect(medianSpeedUp([6.8, 11.8], [1]).baselineMedian).toBeCloseTo(9.3, 10);
    expect(medianSpeedUp([1], [40, 1, 30, 2]).candidateMedian).toBe(16);
  });

  it('gives the ratio of the baseline median to the candidate median', () => {
    const result = medianSpeedUp([19.8, 21.6], [4.2, 9.4]);
    expect(result.baselineMedian).toBeCloseTo(20.7, 10);
    expect(result.candidateMedian).toBeCloseTo(6.8, 10);
    expect(result.ratio).toBeCloseTo(20.7 / 6.8, 10);
    expect(medianSpeedUp([2], [8]).ratio).toBe(0.25);
  });

  it('leaves the arrays it was given unchanged', () => {
    const baseline = [3, 1, 2];
    const candidate = [9, 7, 8, 1];
    medianSpeedUp(baseline, candidate);
    expect(baseline).toEqual([3, 1, 2]);
    expect(candidate).toEqual([9, 7, 8, 1]);
  });

  it('rejects an empty array, naming it', () => {
    expect(() => medianSpeedUp([], [1])).toThrow(RangeError);
    expect(() => medianSpeedUp([], [1])).toThrow(/baseline/);
    expect(() => medianSpeedUp([1], [])).toThrow(/candidate/);
  });

  it('rejects a timing that is not a finite number above 0, naming the array', () => {
    expect(() => medianSpeedUp([1, 0], [1])).toThrow(/baseline/);
    expect(() => medianSpeedUp([1], [2, -1])).toThrow(/candidate/);
    expect(() => medianSpeedUp([Number.NaN, 1, 2], [1])).toThrow(RangeError);
    expect(() => medianSpeedUp([1], [Number.POSITIVE_INFINITY])).toThrow(/candidate/);
  });
});
