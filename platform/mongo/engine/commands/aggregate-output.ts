import { commandError } from '../command-error.js';
import { Collection } from '../store.js';
import { withId } from '../update.js';
import { cloneDoc, compareValues, isPlainDoc, valuesAtPath, type Doc } from '../values.js';
import type { CommandContext } from './context.js';

function target(ctx: CommandContext, spec: unknown, stage: string): { db: string; coll: string } {
  if (typeof spec === 'string') return { db: ctx.db, coll: spec };
  if (isPlainDoc(spec) && typeof spec.coll === 'string') {
    return { db: typeof spec.db === 'string' ? spec.db : ctx.db, coll: spec.coll };
  }
  throw commandError('BadValue', `${stage} needs a collection name or { db, coll }`);
}

/** `$out`: builds the new contents aside, then swaps them in, keeping the target's indexes; all or nothing. */
function out(ctx: CommandContext, docs: Doc[], spec: unknown): void {
  const { db, coll } = target(ctx, spec, '$out');
  const previous = ctx.store.get(db, coll);
  const fresh = new Collection(db, coll, previous?.options ?? {});
  for (const index of previous?.indexes.values() ?? []) if (index.name !== '_id_') fresh.createIndex(index.spec);
  for (const doc of docs) fresh.insert(withId(cloneDoc(doc)));
  ctx.store.put(fresh);
}

function sameOn(a: Doc, b: Doc, on: string[]): boolean {
  return on.every(
    (path) => compareValues(valuesAtPath(a, path.split('.'))[0], valuesAtPath(b, path.split('.'))[0]) === 0,
  );
}

/** `$merge`: matches each result on `on` (default `_id`) and merges, replaces, keeps, fails or inserts. */
function merge(ctx: CommandContext, docs: Doc[], raw: unknown): void {
  const spec: Doc = typeof raw === 'string' ? { into: raw } : isPlainDoc(raw) ? raw : {};
  const { db, coll: name } = target(ctx, spec.into, '$merge');
  const on = spec.on === undefined ? ['_id'] : Array.isArray(spec.on) ? spec.on.map(String) : [String(spec.on)];
  const whenMatched = spec.whenMatched ?? 'merge';
  const whenNotMatched = spec.whenNotMatched ?? 'insert';
  if (typeof whenMatched !== 'string' || !['merge', 'replace', 'keepExisting', 'fail'].includes(whenMatched)) {
    throw commandError(
      'CommandNotFound',
      'the embedded engine supports whenMatched merge, replace, keepExisting and fail (not pipelines)',
    );
  }
  const coll = ctx.store.ensure(db, name);
  for (const raw of docs) {
    const doc = on.length === 1 && on[0] === '_id' ? withId(cloneDoc(raw)) : cloneDoc(raw);
    const existing =
      on.length === 1 && on[0] === '_id'
        ? coll.byId(doc._id)
        : [...coll.records.values()].find((rec) => sameOn(rec.doc, doc, on));
    if (!existing) {
      if (whenNotMatched === 'insert') coll.insert(withId(doc));
      else if (whenNotMatched === 'fail') {
        throw commandError(
          'BadValue',
          '$merge could not find a matching document in the target collection (whenNotMatched: fail)',
        );
      }
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail') {
      throw commandError(
        'DuplicateKey',
        `E11000 duplicate key error collection: ${coll.ns} ($merge whenMatched: fail)`,
      );
    }
    const { _id: _ignored, ...fields } = doc;
    coll.replace(
      existing,
      whenMatched === 'replace' ? { _id: existing.doc._id, ...fields } : { ...existing.doc, ...fields },
    );
  }
}

/** Writes a pipeline's results into the engine's store for a final `$out` or `$merge` stage. */
export function writeOutput(ctx: CommandContext, docs: Doc[], stage: Doc): void {
  if ('$out' in stage) out(ctx, docs, stage.$out);
  else merge(ctx, docs, stage.$merge);
}
