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
 * Each stage with its values removed.
 *
 * @example
 * pipelineShape([{ $match: { status: 'paid' } }, { $limit: 10 }]) // [{ $match: { status: '?' } }, { $limit: '?' }]
 */
export function pipelineShape(_pipeline: readonly Document[]): StageShape[] {
  // TODO(07.1): map every stage to its shape: $match through filterShape from chapters/07-database/query-shape.ts, $sort kept as it is,
  // $project/$addFields/$set field names with 0/1 kept and expressions as '?', $group output names with their
  // accumulator operators, $lookup's from/localField/foreignField/as kept (and its own pipeline shaped too),
  // $unwind's path kept, and any other stage ($limit, $skip, $sample, ...) as { [name]: '?' }.
  throw new TodoError('07.1');
}
