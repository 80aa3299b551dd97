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
    proposal.equality.includes(field) ? 'E' : proposal.sort.includes(field) ? 'S' : proposal.range.includes(field) ? 'R' : '-';
  const fields = Object.entries(index);
  const lastUsed = fields.reduce((last, [field], i) => (roleOf(field) === '-' ? last : i), -1);
  const out: EsrViolation[] = [];
  let seenRange: string | undefined;
  let seenSort: string | undefined;
  let gap: string | undefined;
  for (const [field] of fields.slice(0, lastUsed + 1)) {
    const role = roleOf(field);
    if (role === '-') {
      gap ??= field;
      continue;
    }
    if (gap !== undefined) {
      out.push({ problem: 'gap', field, message: `${field} comes after ${gap}, which this query does not use: the scan reads every ${gap} value and checks ${field} key by key` });
      gap = undefined;
    }
    if (role === 'E' && seenRange !== undefined) {
      out.push({ problem: 'equality-after-range', field, message: `equality on ${field} comes after the range on ${seenRange}: every key in the range is read, whatever its ${field}` });
    } else if (role === 'E' && seenSort !== undefined) {
      out.push({ problem: 'equality-after-sort', field, message: `equality on ${field} comes after the sort field ${seenSort}: the scan walks every ${seenSort} to find the matching ${field}` });
    } else if (role === 'S' && seenRange !== undefined) {
      out.push({ problem: 'sort-after-range', field, message: `sort field ${field} comes after the range on ${seenRange}: the keys are not in ${field} order, so MongoDB sorts in memory` });
    }
    if (role === 'R') seenRange ??= field;
    if (role === 'S') seenSort ??= field;
  }
  const sortInIndex = fields.filter(([f]) => proposal.sort.includes(f));
  const wanted = proposal.key.filter(([f]) => proposal.sort.includes(f));
  if (sortInIndex.length > 0) {
    const sameOrder = sortInIndex.length === wanted.length && sortInIndex.every(([f], i) => f === wanted[i]?.[0]);
    const signs = sortInIndex.map(([f, dir]) => dir * (wanted.find(([g]) => g === f)?.[1] ?? 0));
    if (!sameOrder || !signs.every((s) => s === signs[0])) {
      const field = sortInIndex[0]?.[0] ?? '';
      out.push({ problem: 'sort-order', field, message: `the index orders ${sortInIndex.map(([f, d]) => `${f} ${d}`).join(', ')} but the query sorts ${wanted.map(([f, d]) => `${f} ${d}`).join(', ')}: neither direction of the index gives that order` });
    }
  }
  return out;
}
