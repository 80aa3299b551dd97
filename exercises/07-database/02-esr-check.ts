/**
 * Exercise 07.2: check an existing index against a query in equality, sort, range terms. The chapter's advisor
 * proposes keys; this explains why an index someone already built serves a query badly.
 */
import type { QueryShape } from '../../chapters/07-database/query-shape.js';
import { TodoError } from '../../workbook/todo-error.js';

export type EsrProblem = 'equality-after-range' | 'equality-after-sort' | 'sort-after-range' | 'sort-order' | 'gap';

export interface EsrViolation {
  readonly problem: EsrProblem;
  /** The index field the problem is about. */
  readonly field: string;
  readonly message: string;
}

/**
 * What is wrong with `index` for `shape`, in ESR terms; empty when the index follows equality, sort, range for this
 * query.
 *
 * Each index field plays the role the chapter's index advisor gives that field for this query (equality, sort or
 * range; for an `$or` of branches, the first branch's roles), or none when the query does not use it. Only the
 * index fields up to the last one the query uses are judged: trailing fields cost nothing here.
 *
 * For each judged field the query uses, in index order:
 * - `gap` when fields the query does not use come right before it (one per run of unused fields);
 * - then at most one of: `equality-after-range` (an equality field after a range field); otherwise
 *   `equality-after-sort` (an equality field after a sort field); `sort-after-range` (a sort field after a range
 *   field: its message says MongoDB sorts in memory).
 * Last, at most one `sort-order`, on the index's first sort field, when the index holds any of the query's sort
 * fields and either they are not exactly the query's sort fields in the query's order, or their directions are
 * neither all the same as the query's nor all reversed (a backward scan gives the reverse order).
 *
 * A query the advisor proposes no key for has no problems. `field` names the index field; `message` says in words
 * what the scan has to do because of it.
 *
 * @example
 * checkEsr({ age: 1, status: 1 }, shapeOf({ status: 'a', age: { $gt: 30 } }))
 * // [{ problem: 'equality-after-range', field: 'status', ... }]
 */
export function checkEsr(_index: Readonly<Record<string, 1 | -1>>, _shape: QueryShape): EsrViolation[] {
  // TODO(07.2): report the problems described above.
  throw new TodoError('07.2');
}
