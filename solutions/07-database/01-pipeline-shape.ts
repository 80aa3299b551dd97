/**
 * Exercise 07.1: the shape of an aggregation pipeline. The chapter's `commandShape` keeps only the stage names of
 * an aggregate; this keeps each stage's structure with its values removed, so `$match: { status: 'paid' }` and
 * `$match: { status: 'open' }` are one shape while a different `$group` or `$lookup` is another.
 */
import type { Document } from 'mongodb';
import { filterShape, VALUE } from '../../chapters/07-database/query-shape.js';

/** One stage with its values replaced by `'?'`; collection and field names are kept, as they are structure. */
export type StageShape = Record<string, unknown>;

function isPlain(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof RegExp);
}

/** `{ total: { $sum: '$amount' } }` -> `{ total: { $sum: '?' } }`: output names and operators stay, expressions go. */
function accumulators(spec: Record<string, unknown>): StageShape {
  const out: StageShape = {};
  for (const [field, expr] of Object.entries(spec)) {
    if (field === '_id') out._id = VALUE;
    else out[field] = isPlain(expr) ? Object.fromEntries(Object.keys(expr).map((op) => [op, VALUE])) : VALUE;
  }
  return out;
}

/** Projection-like stages: 0/1 are structure, anything else is an expression. */
function fieldsOf(spec: Record<string, unknown>): StageShape {
  const flag = (v: unknown): unknown => (v === 1 || v === true ? 1 : v === 0 || v === false ? 0 : VALUE);
  return Object.fromEntries(Object.entries(spec).map(([f, v]) => [f, flag(v)]));
}

function stageShape(stage: Document): StageShape {
  const name = Object.keys(stage)[0] ?? '?';
  const body = stage[name] as unknown;
  switch (name) {
    case '$match':
      return { $match: filterShape(isPlain(body) ? body : {}) };
    case '$sort':
      return { $sort: isPlain(body) ? { ...body } : VALUE };
    case '$project':
    case '$addFields':
    case '$set':
      return { [name]: isPlain(body) ? fieldsOf(body) : VALUE };
    case '$group':
      return { $group: isPlain(body) ? accumulators(body) : VALUE };
    case '$unwind':
      return { $unwind: typeof body === 'string' ? body : isPlain(body) ? String(body.path) : VALUE };
    case '$lookup': {
      if (!isPlain(body)) return { $lookup: VALUE };
      const out: StageShape = {};
      for (const field of ['from', 'localField', 'foreignField', 'as']) if (typeof body[field] === 'string') out[field] = body[field];
      if (isPlain(body.let)) out.let = Object.fromEntries(Object.keys(body.let).map((k) => [k, VALUE]));
      if (Array.isArray(body.pipeline)) out.pipeline = pipelineShape(body.pipeline as Document[]);
      return { $lookup: out };
    }
    default:
      // $limit: 10 and $limit: 20 are one shape; so are two $sample sizes, and any stage not understood here.
      return { [name]: VALUE };
  }
}

/**
 * Each stage with its values removed.
 *
 * @example
 * pipelineShape([{ $match: { status: 'paid' } }, { $limit: 10 }]) // [{ $match: { status: '?' } }, { $limit: '?' }]
 */
export function pipelineShape(pipeline: readonly Document[]): StageShape[] {
  return pipeline.map(stageShape);
}
