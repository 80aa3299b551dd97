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
  // TODO(04.3): return a LeakRule that fits the least-squares line of heapUsed over `at` to the window. It returns a
  // LeakVerdict when the line rises at least `minBytesPerMinute` and its R squared is at least `minRSquared` (both
  // limits included), else undefined. The verdict: `bytesPerMinute`, the line's slope per minute; `growthBytes`, how
  // much the line rises between the first sample's time and the last's, rounded to a whole byte; `samples`, how many;
  // `windowMs`, last.at - first.at. Fewer than 3 samples, all at one instant, or a heap that never changes: undefined,
  // never NaN. `at` may have any origin (HeapSample says so): samples stamped with Date.now() must give the verdict
  // that the same samples stamped from 0 give, to a hundredth of a byte per minute.
  throw new TodoError('04.3');
}
