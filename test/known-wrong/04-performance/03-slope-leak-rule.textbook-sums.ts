/**
 * Known wrong: fits the line with the one-pass textbook sums (Σt², Σth) instead of deviations from the means. With
 * `at` from performance.now() it is right; with Date.now() timestamps (about 1.8e12) the sums lose every digit that
 * matters and the slope comes out wrong, although HeapSample allows any origin.
 */
import type { LeakRule } from '../../../chapters/04-performance/leak-detector.js';

export interface SlopeRuleOptions {
  /** Alarm only when the fitted growth is at least this fast. */
  readonly minBytesPerMinute: number;
  /** Alarm only when the line explains at least this share of the variation (0..1). Default 0.8. */
  readonly minRSquared?: number;
}

/**
 * A leak rule by least squares: fit a line to the post-GC heap over time; a steep slope that fits well is a leak.
 * A sawtooth fits no line (low R squared) and a flat heap has no slope.
 */
export function slopeLeakRule({ minBytesPerMinute, minRSquared = 0.8 }: SlopeRuleOptions): LeakRule {
  return (samples) => {
    const n = samples.length;
    if (n < 3) return undefined;
    // The textbook sums: n·Σth - Σt·Σh over n·Σt² - (Σt)². Exact on paper; in doubles the two products nearly cancel.
    let st = 0;
    let sh = 0;
    let stt2 = 0;
    let sth2 = 0;
    let shh2 = 0;
    for (const { at, heapUsed } of samples) {
      st += at;
      sh += heapUsed;
      stt2 += at * at;
      sth2 += at * heapUsed;
      shh2 += heapUsed * heapUsed;
    }
    const stt = (n * stt2 - st * st) / n;
    const sth = (n * sth2 - st * sh) / n;
    const shh = (n * shh2 - sh * sh) / n;
    // All samples at one instant, or a perfectly flat heap: there is no slope to judge (and no NaN to return).
    if (stt === 0 || shh === 0) return undefined;
    const slopePerMs = sth / stt;
    const rSquared = (sth * sth) / (stt * shh);
    const bytesPerMinute = slopePerMs * 60_000;
    if (bytesPerMinute < minBytesPerMinute || rSquared < minRSquared) return undefined;
    const windowMs = samples[n - 1]!.at - samples[0]!.at;
    return { growthBytes: Math.round(slopePerMs * windowMs), bytesPerMinute, samples: n, windowMs };
  };
}
