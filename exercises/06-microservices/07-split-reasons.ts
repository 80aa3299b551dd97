import { TodoError } from '../../workbook/todo-error.js';

/** What one part of a system needs, as far as the decision to run it as its own service goes. */
export interface PartProfile {
  /** Shown in error messages: `'billing'`. */
  readonly name: string;
  /** What its load follows: `'requests'`, `'cpu-bursts'`, `'nightly-batch'`. */
  readonly scalesWith: string;
  /** The team that owns and releases it. */
  readonly owner: string;
  /** How long its work may lag behind the event that caused it, in seconds; 0 means it must happen at once. */
  readonly maxLagSeconds: number;
}

/** The three reasons the chapter accepts for paying the price of a second service. */
export type SplitReason = 'scaling' | 'ownership' | 'failure-tolerance';

/**
 * The reasons to run parts `a` and `b` as two services instead of two modules of one modular monolith; an empty list
 * means "keep them together".
 *
 * - `'scaling'` when their load follows different things (`scalesWith` differs; compared exactly);
 * - `'ownership'` when different teams own them (`owner` differs; compared exactly);
 * - `'failure-tolerance'` when one of them may lag (`maxLagSeconds` above 0) and the other may not (exactly 0).
 *   Two parts that may both lag, by whatever amounts, give no such reason.
 *
 * Each reason appears at most once, in the order listed above. Neither argument is modified.
 * Throws a RangeError naming the part when its `maxLagSeconds` is negative or not a finite number.
 *
 * @example
 * splitReasons(
 *   { name: 'api', scalesWith: 'requests', owner: 'shop', maxLagSeconds: 0 },
 *   { name: 'email', scalesWith: 'requests', owner: 'shop', maxLagSeconds: 60 },
 * ); // ['failure-tolerance']
 */
export function splitReasons(_a: PartProfile, _b: PartProfile): SplitReason[] {
  // TODO(06.7): validate both parts, then return the reasons described above.
  throw new TodoError('06.7');
}
