/**
 * Known wrong: fits the line correctly but never checks the denominators, so samples taken at one instant divide 0
 * by 0 and the NaN slips past every comparison (NaN < x is false): the rule raises an alarm full of NaN.
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
    const meanT = samples.reduce((sum, s) => sum + s.at, 0) / n;
    const meanH = samples.reduce((sum, s) => sum + s.heapUsed, 0) / n;
    let stt = 0;
    let sth = 0;
    let shh = 0;
    for (const { at, heapUsed } of samples) {
      stt += (at - meanT) ** 2;
      sth += (at - meanT) * (heapUsed - meanH);
      shh += (heapUsed - meanH) ** 2;
    }
    const slopePerMs = sth / stt;
    const rSquared = (sth * sth) / (stt * shh);
    const bytesPerMinute = slopePerMs * 60_000;
    if (bytesPerMinute < minBytesPerMinute || rSquared < minRSquared) return undefined;
    const windowMs = samples[n - 1]!.at - samples[0]!.at;
    return { growthBytes: Math.round(slopePerMs * windowMs), bytesPerMinute, samples: n, windowMs };
  };
}
