import { TodoError } from '../../workbook/todo-error.js';

export interface SpeedUp {
  /** The median of the baseline's timings. */
  readonly baselineMedian: number;
  /** The median of the candidate's timings. */
  readonly candidateMedian: number;
  /** `baselineMedian / candidateMedian`: how many times faster the candidate is (below 1: slower). */
  readonly ratio: number;
}

/**
 * Compares two variants of a query, each timed several times on a noisy machine, by their medians: the middle value of
 * the timings in ascending order, or the mean of the two middle values for an even count.
 *
 * Timings are in milliseconds, in any order; neither array is modified. Throws a RangeError naming the argument
 * (`baseline` or `candidate`) when it is empty or holds a timing that is not a finite number above 0.
 *
 * @example
 * medianSpeedUp([19.6, 20.8, 120], [1.7, 2.8]); // { baselineMedian: 20.8, candidateMedian: 2.25, ratio: 9.244... }
 */
export function medianSpeedUp(_baseline: readonly number[], _candidate: readonly number[]): SpeedUp {
  // TODO(07.8): validate both arrays, then return the medians and their ratio.
  throw new TodoError('07.8');
}
