import { describe, expect, it } from 'vitest';
import { LeakDetector, type HeapSample } from '../../../chapters/04-performance/leak-detector.js';
import { slopeLeakRule } from '#exercise/04-performance/03-slope-leak-rule';

const MiB = 1024 * 1024;
/** One post-GC sample every 10 seconds. */
const samples = (heapsInMiB: readonly number[]): HeapSample[] =>
  heapsInMiB.map((mib, index) => ({ at: index * 10_000, heapUsed: mib * MiB }));

describe('04.3 a leak rule that fits a line to the post-GC heap', () => {
  // Built inside each test, so an unfinished rule fails that test rather than the whole file.
  const rule = (window: readonly HeapSample[]): ReturnType<ReturnType<typeof slopeLeakRule>> =>
    slopeLeakRule({ minBytesPerMinute: 5 * MiB })(window);

  it('alarms on steady growth and reports its rate and total', () => {
    // 2 MiB every 10 s = 12 MiB per minute, over 70 s.
    const verdict = rule(samples([100, 102, 104, 106, 108, 110, 112, 114]));
    expect(verdict).toEqual({ growthBytes: 14 * MiB, bytesPerMinute: 12 * MiB, samples: 8, windowMs: 70_000 });
  });

  it('alarms on growth with noise around the line', () => {
    expect(rule(samples([100, 103, 103, 107, 108, 109, 113, 114]))).toBeDefined();
  });

  it('raises no alarm for a sawtooth that returns to its baseline', () => {
    expect(rule(samples([100, 130, 100, 130, 100, 130, 100, 130]))).toBeUndefined();
  });

  it('raises no alarm for growth slower than minBytesPerMinute', () => {
    expect(rule(samples([100, 100.5, 101, 101.5, 102, 102.5, 103, 103.5]))).toBeUndefined();
  });

  it('raises no alarm when the points are too scattered for the line to mean much', () => {
    const scattered = slopeLeakRule({ minBytesPerMinute: 1 * MiB, minRSquared: 0.9 });
    expect(scattered(samples([100, 140, 95, 150, 105, 160, 100, 170]))).toBeUndefined();
  });

  it('returns undefined, not NaN, for a flat heap, one instant, or fewer than 3 samples', () => {
    expect(rule(samples([100, 100, 100, 100]))).toBeUndefined();
    expect(
      rule([
        { at: 5, heapUsed: 1 },
        { at: 5, heapUsed: 2 },
        { at: 5, heapUsed: 3 },
      ]),
    ).toBeUndefined();
    expect(rule(samples([100, 200]))).toBeUndefined();
  });

  it('judges a window of exactly 3 samples', () => {
    expect(rule(samples([100, 110, 120]))).toEqual({
      growthBytes: 20 * MiB,
      bytesPerMinute: 60 * MiB,
      samples: 3,
      windowMs: 20_000,
    });
  });

  it('alarms at exactly minBytesPerMinute', () => {
    const growth = samples([100, 101, 103, 104, 106]);
    const fitted = slopeLeakRule({ minBytesPerMinute: 0 })(growth);
    expect(fitted).toBeDefined();
    expect(slopeLeakRule({ minBytesPerMinute: fitted!.bytesPerMinute })(growth)).toEqual(fitted);
  });

  it('alarms at exactly minRSquared: a perfect line has R squared 1', () => {
    const line = [0, 1, 2, 3].map((i) => ({ at: i * 1_000, heapUsed: i * 1_024 }));
    expect(slopeLeakRule({ minBytesPerMinute: 1, minRSquared: 1 })(line)).toEqual({
      growthBytes: 3_072,
      bytesPerMinute: 61_440,
      samples: 4,
      windowMs: 3_000,
    });
  });

  it('uses an R squared of 0.8 when none is given', () => {
    // A rising line with scatter: R squared about 0.87 passes the default, not a demand of 0.9.
    const rising = samples([100, 104, 103, 110, 107, 115, 112, 118]);
    expect(slopeLeakRule({ minBytesPerMinute: 1 * MiB })(rising)).toBeDefined();
    expect(slopeLeakRule({ minBytesPerMinute: 1 * MiB, minRSquared: 0.9 })(rising)).toBeUndefined();
    // About 0.70: refused by default, accepted when 0.7 is asked for.
    const rougher = samples([100, 106, 103, 110, 105, 113, 109, 116]);
    expect(slopeLeakRule({ minBytesPerMinute: 1 * MiB })(rougher)).toBeUndefined();
    expect(slopeLeakRule({ minBytesPerMinute: 1 * MiB, minRSquared: 0.7 })(rougher)).toBeDefined();
  });

  it('reports the growth in whole bytes', () => {
    const verdict = rule(samples([100, 103, 103, 107, 108, 109, 113, 114]));
    expect(Number.isInteger(verdict?.growthBytes)).toBe(true);
    expect(verdict?.growthBytes).toBe(Math.round((verdict!.bytesPerMinute / 60_000) * 70_000));
  });

  it('raises no alarm for a flat heap even when any growth at all would do', () => {
    expect(slopeLeakRule({ minBytesPerMinute: 0 })(samples([100, 100, 100, 100]))).toBeUndefined();
  });

  it('raises no alarm for a shrinking heap', () => {
    expect(slopeLeakRule({ minBytesPerMinute: 0 })(samples([120, 115, 110, 105]))).toBeUndefined();
  });

  it("gives the same verdict whatever the clock's origin, wall-clock milliseconds included", () => {
    // HeapSample.at may have any origin: performance.now() (small) or Date.now() (about 1.8e12). Samples a few ms off
    // a 10 s beat, heaps growing about 1 MiB per sample.
    const offsets = [0, 10_003, 19_998, 30_011, 40_002, 49_995, 60_004];
    const heaps = [52_428_800, 53_477_377, 54_525_954, 55_574_531, 56_623_109, 57_671_689, 58_720_265];
    const from = (origin: number): HeapSample[] => heaps.map((heapUsed, i) => ({ at: origin + offsets[i]!, heapUsed }));
    const near = rule(from(0));
    const wall = rule(from(1_767_225_600_123));
    expect(near).toBeDefined();
    expect(wall).toMatchObject({ growthBytes: near!.growthBytes, samples: 7, windowMs: 60_004 });
    expect(Math.abs(wall!.bytesPerMinute - near!.bytesPerMinute)).toBeLessThan(0.01);
  });

  it('plugs into the chapter LeakDetector', () => {
    const detector = new LeakDetector({ windowSize: 6, rule: slopeLeakRule({ minBytesPerMinute: 5 * MiB }) });
    const verdicts = samples([100, 110, 120, 130, 140, 150]).map((sample) => detector.add(sample));
    expect(verdicts.slice(0, 5).every((verdict) => verdict === undefined)).toBe(true);
    expect(verdicts[5]).toMatchObject({ samples: 6, bytesPerMinute: 60 * MiB });
  });
});
