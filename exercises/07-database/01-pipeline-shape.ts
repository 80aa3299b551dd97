/**
 * Exercise 07.1: the shape of an aggregation pipeline. The chapter's `commandShape` keeps only the stage names of
 * an aggregate; this keeps each stage's structure with its values removed, so `$match: { status: 'paid' }` and
 * `$match: { status: 'open' }` are one shape while a different `$group` or `$lookup` is another.
 */
import type { Document } from 'mongodb';
import { TodoError } from '../../workbook/todo-error.js';

/** One stage with its values replaced by `'?'`; collection and field names are kept, as they are structure. */
export type StageShape = Record<string, unknown>;

/**
 * Each stage of `pipeline`, in order, with its values replaced by `'?'` and its structure kept, so two runs of one
 * report with different parameters get equal shapes and a different report does not.
 *
 * Structure, which stays:
 * - `$match`: the filter's field names and operators, the same shape the chapter gives a `find` filter;
 * - `$sort`: the whole specification, field names and directions;
 * - `$project`, `$addFields`, `$set`: every field name, with its inclusion flag (`1` or `true` as 1, `0` or `false`
 *   as 0);
 * - `$group`: every output name, each with its accumulator operator (`{ total: { $sum: '?' } }`);
 * - `$lookup`: `from`, `localField`, `foreignField` and `as`, the variable names of `let`, and the shape of its own
 *   `pipeline`;
 * - `$unwind`: the path it unwinds, as a string, whether the stage is written `'$items'` or `{ path: '$items' }`.
 *
 * Values, which become `'?'`: a computed expression, `$group`'s `_id`, and the argument of any other stage
 * (`$limit`, `$skip`, `$sample`, one this function does not know), which becomes `{ [stage]: '?' }`.
 *
 * @example
 * pipelineShape([{ $match: { status: 'paid' } }, { $limit: 10 }]) // [{ $match: { status: '?' } }, { $limit: '?' }]
 */
export function pipelineShape(_pipeline: readonly Document[]): StageShape[] {
  // TODO(07.1): return the shape of each stage, as described above.
  throw new TodoError('07.1');
}
