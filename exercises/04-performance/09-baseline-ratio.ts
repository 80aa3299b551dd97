import { TodoError } from '../../workbook/todo-error.js';

/** One round of a benchmark: the candidate and the baseline measured back to back, in operations per second. */
export interface BenchRound {
  readonly candidate: number;
  readonly baseline: number;
}

export interface BaselineComparison {
  /** The candidate's speed as a multiple of the baseline's (1.1 is 10% faster), over all rounds. */
  readonly ratio: number;
  /** Whether `ratio` reaches the goal (a ratio equal to the goal meets it). */
  readonly met: boolean;
}

/**
 * Compares a candidate with a baseline measured in the same rounds, so that a machine that slows down between rounds
 * (other jobs, thermal limits) changes both sides of a round alike and cancels out.
 *
 * - The result's `ratio` is the median of the rounds' own ratios (candidate ÷ baseline of the same round); with an
 *   even number of rounds, the mean of the two middle ones. It is not the ratio of the two sides' medians: a round's
 *   candidate is only ever compared with that round's baseline.
 * - `rounds` must not be empty (a RangeError whose message says there are no rounds), and every speed must be a
 *   finite number above 0 (else a RangeError whose message names the round, as in `round 2`, counting from 0).
 * - The caller's array is not reordered.
 */
export function compareToBaseline(_rounds: readonly BenchRound[], _goal: number): BaselineComparison {
  // TODO(04.9): compare the candidate with the baseline as described above.
  throw new TodoError('04.9');
}
