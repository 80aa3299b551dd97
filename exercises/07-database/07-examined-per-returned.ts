import { TodoError } from '../../workbook/todo-error.js';

/** The three counts `explain('executionStats')` reports under `executionStats`. */
export interface ExecutionCounts {
  readonly nReturned: number;
  readonly totalKeysExamined: number;
  readonly totalDocsExamined: number;
}

/**
 * The work a query did for each document it returned: the larger of its two examined counts (index keys or
 * documents) divided by `nReturned`. An index scan that reads exactly what it returns gives 1; a collection scan
 * gives the collection's size over the number of matches.
 *
 * - nothing examined (and so nothing returned): 0;
 * - something examined but nothing returned: `Infinity` (all of the work was wasted).
 *
 * Throws a RangeError naming the field when a count is negative, not an integer, or not finite, and one naming
 * `nReturned` when more documents were returned than the larger examined count (no plan returns what it never read).
 *
 * @example
 * examinedPerReturned({ nReturned: 4, totalKeysExamined: 0, totalDocsExamined: 10_000 }); // 2500
 */
export function examinedPerReturned(_counts: ExecutionCounts): number {
  // TODO(07.7): validate the counts, then return the ratio described above.
  throw new TodoError('07.7');
}
