import type { LeakRule } from '../../chapters/04-performance/leak-detector.js';
import { TodoError } from '../../workbook/todo-error.js';

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
export function slopeLeakRule(_options: SlopeRuleOptions): LeakRule {
  // TODO(04.3): return a LeakRule that fits heapUsed = a + b * at by least squares. Alarm (return a LeakVerdict) when
  // b * 60_000 >= minBytesPerMinute and R squared >= minRSquared; growthBytes = b * (last.at - first.at), rounded.
  // Fewer than 3 samples, one instant, or a flat heap: return undefined, never NaN.
  throw new TodoError('04.3');
}
