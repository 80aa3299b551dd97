import { describe, expect, it } from 'vitest';
import { compareToBaseline, type BenchRound } from '#exercise/04-performance/09-baseline-ratio';

const round = (candidate: number, baseline: number): BenchRound => ({ candidate, baseline });

describe('04.9 a ratio against a baseline measured in the same run', () => {
  it('answers the ratio of a single round', () => {
    expect(compareToBaseline([round(150, 100)], 1)).toEqual({ ratio: 1.5, met: true });
  });

  it('cancels a machine that slows down between rounds', () => {
    const result = compareToBaseline([round(2_000, 1_000), round(400, 200), round(1_000, 500)], 2);
    expect(result).toEqual({ ratio: 2, met: true });
  });

  it("takes the median of the rounds' ratios, not the ratio of the medians", () => {
    // Ratios 1, 1.2 and 0.5: the median is 1. The sides' medians (60 and 50) would give 1.2.
    expect(compareToBaseline([round(100, 100), round(60, 50), round(20, 40)], 1).ratio).toBe(1);
  });

  it('ignores one outlier round, and averages the two middle ratios of an even count', () => {
    expect(compareToBaseline([round(90, 100), round(1, 100), round(110, 100)], 0.5).ratio).toBeCloseTo(0.9, 12);
    expect(compareToBaseline([round(30, 10), round(10, 10), round(40, 10), round(20, 10)], 1).ratio).toBeCloseTo(
      2.5,
      12,
    );
  });

  it('meets a goal the ratio equals, and misses one it falls short of', () => {
    expect(compareToBaseline([round(80, 100)], 0.8).met).toBe(true);
    expect(compareToBaseline([round(79, 100)], 0.8).met).toBe(false);
  });

  it("leaves the caller's rounds in their order", () => {
    const rounds = [round(3, 1), round(1, 1), round(2, 1)];
    compareToBaseline(rounds, 1);
    expect(rounds.map((r) => r.candidate)).toEqual([3, 1, 2]);
  });

  it('refuses no rounds, and names the round whose speed is 0, negative or not finite', () => {
    expect(() => compareToBaseline([], 1)).toThrow(RangeError);
    expect(() => compareToBaseline([], 1)).toThrow(/no rounds/);
    for (const bad of [round(0, 100), round(100, -1), round(Number.NaN, 100), round(100, Number.POSITIVE_INFINITY)]) {
      expect(() => compareToBaseline([round(1, 1), bad], 1), JSON.stringify(bad)).toThrow(/round 1\b/);
    }
  });
});
