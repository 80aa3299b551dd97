import { describe, expect, it } from 'vitest';
import { floorRisesRule, LeakDetector, type HeapSample } from '../../../chapters/04-performance/leak-detector.js';

const MiB = 1024 * 1024;
const samples = (heapsInMiB: readonly number[]): HeapSample[] =>
  heapsInMiB.map((mib, index) => ({ at: index * 10_000, heapUsed: mib * MiB }));

describe('floorRisesRule', () => {
  const rule = floorRisesRule({ minGrowthBytes: 8 * MiB });

  it('raises no alarm for a sawtooth that returns to its baseline', () => {
    expect(rule(samples([100, 104, 101, 103, 100, 105, 102, 100, 104, 101, 103, 100]))).toBeUndefined();
  });

  it('raises an alarm for steady post-GC growth and reports the rate', () => {
    const verdict = rule(samples([100, 104, 108, 112, 116, 120, 124, 128, 132, 136, 140, 144]));
    expect(verdict).toMatchObject({ growthBytes: 36 * MiB, samples: 12, windowMs: 110_000 });
    expect(verdict?.bytesPerMinute).toBeCloseTo((36 * MiB * 60) / 110, 0);
  });

  it('raises no alarm for a one-off step such as a cache warming up', () => {
    expect(rule(samples([100, 100, 100, 100, 160, 160, 160, 160, 160, 160, 160, 160]))).toBeUndefined();
  });

  it('ignores growth below minGrowthBytes', () => {
    expect(rule(samples([100, 100.5, 101, 101.5, 102, 102.5, 103, 103.5]))).toBeUndefined();
  });
});

describe('LeakDetector', () => {
  it('says nothing until its window is full', () => {
    const detector = new LeakDetector({ windowSize: 8 });
    const verdicts = samples([100, 120, 140, 160, 180, 200, 220]).map((sample) => detector.add(sample));
    expect(verdicts.every((verdict) => verdict === undefined)).toBe(true);
  });

  it('alarms once, then needs a whole new window of growth before alarming again', () => {
    const detector = new LeakDetector({ windowSize: 4 });
    const growth = samples([100, 120, 140, 160, 180, 200, 220, 240]);
    const alarms = growth.map((sample) => detector.add(sample)).map((verdict) => verdict !== undefined);
    expect(alarms).toEqual([false, false, false, true, false, false, false, true]);
  });

  it('refuses a window too small to have quarters', () => {
    expect(() => new LeakDetector({ windowSize: 3 })).toThrow('windowSize must be an integer >= 4, got 3');
  });
});
