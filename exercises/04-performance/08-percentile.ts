import { TodoError } from '../../workbook/todo-error.js';

/**
 * The nearest-rank percentile of `samples`: the smallest sample such that at least `p` percent of all samples are
 * less than or equal to it (so `p = 100` is the largest sample, and `p = 50` of three samples is the middle one).
 * Benchmarks report latency this way (the event-loop delay p99 in the chapter's table).
 *
 * - `p` is a number greater than 0 and at most 100; anything else (0, 101, NaN) is a RangeError whose message shows
 *   the `p` it was given.
 * - `samples` must hold at least one number; an empty list is a RangeError whose message says there are no samples.
 * - Samples compare as numbers (10 is above 9). The caller's array is left as it was, in its order.
 */
export function percentile(_samples: readonly number[], _p: number): number {
  // TODO(04.8): answer the nearest-rank percentile as described above.
  throw new TodoError('04.8');
}
