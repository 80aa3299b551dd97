/**
 * Exercise 07.1: the shape of an aggregation pipeline. The chapter's `commandShape` keeps only the stage names of
 * an aggregate; this keeps each stage's structure with its values removed, so `$match: { status: 'paid' }` and
 * `$match: { status: 'open' }` are one shape while a different `$group` or `$lookup` is another.
 */
import type { Document } from 'mongodb';
import { filterShape, VALUE } from '../../chapters/07-database/query-shape.js';

/** One stage with its values replaced by `'?'`; collection and field names are kept, as they are structure. */
export type StageShape = Record<string, unknown>;

type Spec = Record<string, unknown>;

/** `{ total: { $sum: '$amount' } }` -> `{ total: { $sum: '?' } }`: output names and operators stay, expressions go. */
function groupShape(spec: Spec): StageShape {
  const operators = (accumulator: unknown): StageShape =>
    Object.fromEntries(Object.keys(accumulator as Spec).map((op) => [op, VALUE]));
  return Object.fromEntries(
    Object.entries(spec).map(([field, expr]) => [field, field === '_id' ? VALUE : operators(expr)]),
  );
}

/** Projection-like stages: 0/1 are structure, anything else is an expression. */
function fieldsShape(spec: Spec): StageShape {
  const flag = (v: unknown): unknown => (v === 1 || v === true ? 1 : v === 0 || v === false ? 0 : VALUE);
  return Object.fromEntries(Object.entries(spec).map(([field, v]) => [field, flag(v)]));
}

/** Collections and fields are structure; `let` keeps its variable names; an inner pipeline is shaped like any other. */
function lookupShape(spec: Spec): StageShape {
  const out: StageShape = {};
  for (const field of ['from', 'localField', 'foreignField', 'as']) if (field in spec) out[field] = spec[field];
  if (spec.let) out.let = Object.fromEntries(Object.keys(spec.let).map((name) => [name, VALUE]));
  if (spec.pipeline) out.pipeline = pipelineShape(spec.pipeline as Document[]);
  return out;
}

function bodyShape(stage: string, body: unknown): unknown {
  switch (stage) {
    case '$match':
      return filterShape(body as Spec);
    case '$sort':
      return { ...(body as Spec) };
    case '$project':
    case '$addFields':
    case '$set':
      return fieldsShape(body as Spec);
    case '$group':
      return groupShape(body as Spec);
    case '$lookup':
      return lookupShape(body as Spec);
    case '$unwind':
      return typeof body === 'string' ? body : (body as Spec).path;
    default:
      // $limit: 10 and $limit: 20 are one shape; so are two $sample sizes, and any stage not understood here.
      return VALUE;
  }
}

/**
 * Each stage with its values removed.
 *
 * @example
 * pipelineShape([{ $match: { status: 'paid' } }, { $limit: 10 }]) // [{ $match: { status: '?' } }, { $limit: '?' }]
 */
export function pipelineShape(pipeline: readonly Document[]): StageShape[] {
  return pipeline.map((stage) =>
    Object.fromEntries(Object.entries(stage).map(([name, body]) => [name, bodyShape(name, body)])),
  );
}
