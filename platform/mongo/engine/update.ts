import { ObjectId } from 'bson';
import { aggregate } from 'mingo';
import { update as mingoUpdate, type Modifier } from 'mingo/updater';
import { commandError } from './command-error.js';
import { cloneDoc, compareValues, isPlainDoc, type Doc } from './values.js';

/** The three shapes of an update: operators (`$set`...), a replacement document, or an aggregation pipeline. */
export type UpdateSpec =
  { kind: 'operators'; ops: Doc } | { kind: 'replacement'; doc: Doc } | { kind: 'pipeline'; stages: Doc[] };

/** Classifies the `u` of an update statement, refusing mixed shapes as MongoDB does. */
export function parseUpdate(u: unknown): UpdateSpec {
  if (Array.isArray(u)) {
    if (!u.every(isPlainDoc)) throw commandError('FailedToParse', 'an update pipeline must be an array of stages');
    return { kind: 'pipeline', stages: u };
  }
  if (!isPlainDoc(u)) throw commandError('FailedToParse', 'the update must be a document or a pipeline');
  const keys = Object.keys(u);
  const dollar = keys.filter((k) => k.startsWith('$'));
  if (dollar.length === 0) return { kind: 'replacement', doc: u };
  if (dollar.length !== keys.length) {
    throw commandError(
      'FailedToParse',
      `the update mixes operators and fields: ${keys.find((k) => !k.startsWith('$'))}`,
    );
  }
  return { kind: 'operators', ops: u };
}

/**
 * Returns the updated copy of `doc` (the stored one is untouched). `$setOnInsert` applies only when `inserting`.
 * The `_id` may not change; MongoDB answers `ImmutableField` (66) if it would.
 */
export function applyUpdate(doc: Doc, spec: UpdateSpec, arrayFilters: Doc[] | undefined, inserting: boolean): Doc {
  let next: Doc;
  if (spec.kind === 'replacement') {
    next = { _id: doc._id, ...cloneDoc(spec.doc) };
    if (doc._id === undefined) delete next._id;
  } else if (spec.kind === 'pipeline') {
    next = runPipeline(cloneDoc(doc), spec.stages);
  } else {
    next = cloneDoc(doc);
    const { $setOnInsert, ...rest } = spec.ops;
    const ops: Doc =
      inserting && isPlainDoc($setOnInsert) ? { ...rest, $set: { ...asDoc(rest.$set), ...$setOnInsert } } : rest;
    // Setting _id to the value it already has is allowed (a no-op); mingo refuses any write to _id.
    if (
      isPlainDoc(ops.$set) &&
      '_id' in ops.$set &&
      doc._id !== undefined &&
      compareValues(ops.$set._id, doc._id) === 0
    ) {
      const { _id: _same, ...others } = ops.$set;
      ops.$set = others;
    }
    if (Object.keys(ops).length > 0) {
      try {
        mingoUpdate(next, ops as Modifier<Doc>, arrayFilters, undefined, { cloneMode: 'deep' });
      } catch (err) {
        const message = (err as Error).message;
        if (/immutable field/.test(message)) throw commandError('ImmutableField', message.replace(/\.$/, ''));
        throw commandError('FailedToParse', `invalid update: ${message}`);
      }
    }
  }
  if (doc._id !== undefined && compareValues(doc._id, next._id) !== 0) {
    throw commandError(
      'ImmutableField',
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
  }
  return next;
}

function asDoc(v: unknown): Doc {
  return isPlainDoc(v) ? v : {};
}

function runPipeline(doc: Doc, stages: Doc[]): Doc {
  try {
    const [out] = aggregate([doc], stages);
    return (out ?? {}) as Doc;
  } catch (err) {
    throw commandError('FailedToParse', `invalid update pipeline: ${(err as Error).message}`);
  }
}

/** The document an upsert starts from: the equality conditions of the filter (`{a: 1}`, `{a: {$eq: 1}}`, `$and`). */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  const collect = (f: Doc): void => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const part of value) if (isPlainDoc(part)) collect(part);
      } else if (!key.startsWith('$')) {
        if (isPlainDoc(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
          if ('$eq' in value) setPath(seed, key, value.$eq);
        } else {
          setPath(seed, key, value);
        }
      }
    }
  };
  collect(filter);
  return cloneDoc(seed);
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let at: Doc = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainDoc(at[part])) at[part] = {};
    at = at[part] as Doc;
  }
  at[parts[parts.length - 1] as string] = value;
}

/** Puts `_id` first (generating an ObjectId if absent), as mongod stores every document. */
export function withId(doc: Doc): Doc {
  if (doc._id !== undefined && Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id: _id ?? new ObjectId(), ...rest };
}
