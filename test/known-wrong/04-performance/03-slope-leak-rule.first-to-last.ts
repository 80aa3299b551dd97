/**
 * Known wrong: draws the line through the first and last samples instead of fitting all of them, and so has no
 * measure of fit: a sawtooth that happens to end on a high tooth looks like a steady leak.
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
export function slopeLeakRule({ minBytesPerMinute }: SlopeRuleOptions): LeakRule {
  return (samples) => {
    const n = samples.length;
    if (n < 3) return undefined;
    const first = samples[0]!;
    const last = samples[n - 1]!;
    const windowMs = last.at - first.at;
    if (windowMs === 0) return undefined;
    const slopePerMs = (last.heapUsed - first.heapUsed) / windowMs;
    const bytesPerMinute = slopePerMs * 60_000;
    if (bytesPerMinute <= 0 || bytesPerMinute < minBytesPerMinute) return undefined;
    return { growthBytes: Math.round(slopePerMs * windowMs), bytesPerMinute, samples: n, windowMs };
  };
}
