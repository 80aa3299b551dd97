/**
 * Exercise 07.2: check an existing index against a query in equality, sort, range terms. The chapter's advisor
 * proposes keys; this explains why an index someone already built serves a query badly.
 */
import { keysForShape } from '../../chapters/07-database/index-advisor.js';
import type { QueryShape } from '../../chapters/07-database/query-shape.js';

export type EsrProblem = 'equality-after-range' | 'equality-after-sort' | 'sort-after-range' | 'sort-order' | 'gap';

export interface EsrViolation {
  readonly problem: EsrProblem;
  /** The index field the problem is about. */
  readonly field: string;
  readonly message: string;
}

type Role = 'E' | 'S' | 'R' | '-';

/** The same fields with every direction reversed: the order a backward scan of them gives. */
function reversed(fields: readonly (readonly [string, number])[]): [string, number][] {
  return fields.map(([field, dir]) => [field, -dir]);
}

/**
 * What is wrong with `index` for `shape`, in index order; empty when the index follows ESR for this query.
 * Only the index fields up to the last one the query uses are judged: trailing fields cost nothing here.
 *
 * @example
 * checkEsr({ age: 1, status: 1 }, shapeOf({ status: 'a', age: { $gt: 30 } }))
 * // [{ problem: 'equality-after-range', field: 'status', ... }]
 */
export function checkEsr(index: Readonly<Record<string, 1 | -1>>, shape: QueryShape): EsrViolation[] {
  const [proposal] = keysForShape(shape);
  if (!proposal) return [];
  const roleOf = (field: string): Role =>
    proposal.equality.includes(field)
      ? 'E'
      : proposal.sort.includes(field)
        ? 'S'
        : proposal.range.includes(field)
          ? 'R'
          : '-';
  const fields = Object.entries(index);
  const out: EsrViolation[] = [];
  let seenRange: string | undefined;
  let seenSort: string | undefined;
  let gap: string | undefined;
  // Unused fields after the last used one never come before a used field, so they report nothing: trailing is free.
  for (const [field] of fields) {
    const role = roleOf(field);
    if (role === '-') {
      gap ??= field;
      continue;
    }
    if (gap !== undefined) {
      out.push({
        problem: 'gap',
        field,
        message: `${field} comes after ${gap}, which this query does not use: the scan reads every ${gap} value and checks ${field} key by key`,
      });
      gap = undefined;
    }
    if (role === 'E' && seenRange !== undefined) {
      out.push({
        problem: 'equality-after-range',
        field,
        message: `equality on ${field} comes after the range on ${seenRange}: every key in the range is read, whatever its ${field}`,
      });
    } else if (role === 'E' && seenSort !== undefined) {
      out.push({
        problem: 'equality-after-sort',
        field,
        message: `equality on ${field} comes after the sort field ${seenSort}: the scan walks every ${seenSort} to find the matching ${field}`,
      });
    } else if (role === 'S' && seenRange !== undefined) {
      out.push({
        problem: 'sort-after-range',
        field,
        message: `sort field ${field} comes after the range on ${seenRange}: the keys are not in ${field} order, so MongoDB sorts in memory`,
      });
    }
    if (role === 'R') seenRange ??= field;
    if (role === 'S') seenSort ??= field;
  }
  const indexSort = fields.filter(([field]) => proposal.sort.includes(field));
  const querySort = JSON.stringify(proposal.key.filter(([field]) => proposal.sort.includes(field)));
  const [first] = indexSort;
  if (first && JSON.stringify(indexSort) !== querySort && JSON.stringify(reversed(indexSort)) !== querySort) {
    out.push({
      problem: 'sort-order',
      field: first[0],
      message: `the sort fields of the index, from ${first[0]}, give neither the query's sort order nor its reverse: MongoDB sorts in memory`,
    });
  }
  return out;
}
