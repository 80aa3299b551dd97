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
 * What is wrong with `index` for `shape`, in index order; empty when the index follows ESR for this query.
 * Only the index fields up to the last one the query uses are judged: trailing fields cost nothing here.
 *
 * @example
 * checkEsr({ age: 1, status: 1 }, shapeOf({ status: 'a', age: { $gt: 30 } }))
 * // [{ problem: 'equality-after-range', field: 'status', ... }]
 */
export function checkEsr(_index: Readonly<Record<string, 1 | -1>>, _shape: QueryShape): EsrViolation[] {
  // TODO(07.2): give each index field its role in this query (equality, sort, range or unused; keysForShape in
  // chapters/07-database/index-advisor.ts tells you which fields are which), walk the index fields in order up to
  // the last used one, and report: an equality after a range or after a sort field, a sort field after a range,
  // a used field after an unused one (gap), and sort fields whose order or directions cannot give the query's sort.
  throw new TodoError('07.2');
}
