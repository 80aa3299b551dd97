import { Long } from 'bson';
import { Aggregator } from 'mingo';
import { commandError } from '../command-error.js';
import { project, runQuery } from '../query.js';
import { cloneDoc, idKey, isPlainDoc, valuesAtPath, type Doc } from '../values.js';
import { writeOutput } from './aggregate-output.js';
import { explain } from './explain.js';
import { collectionName, optionalDoc, optionalNumber, type CommandContext, type CommandHandler } from './context.js';

function asLong(v: unknown): Long {
  if (v instanceof Long) return v;
  if (typeof v === 'number' && Number.isInteger(v)) return Long.fromNumber(v);
  throw commandError('TypeMismatch', 'a cursor id must be an integer (BSON long)');
}

const find: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  const coll = ctx.store.get(ctx.db, name);
  const rawLimit = optionalNumber(ctx.body, 'limit');
  // A negative limit is the legacy spelling of "limit, single batch".
  const limit = rawLimit === undefined ? undefined : Math.abs(rawLimit);
  const { records } = runQuery(coll, {
    filter: optionalDoc(ctx.body, 'filter'),
    sort: optionalDoc(ctx.body, 'sort'),
    skip: optionalNumber(ctx.body, 'skip'),
    limit,
    hint: ctx.body.hint,
  });
  const docs = project(
    records.map((r) => r.doc),
    optionalDoc(ctx.body, 'projection'),
  );
  const singleBatch = ctx.body.singleBatch === true || (rawLimit !== undefined && rawLimit < 0);
  const cursor = ctx.cursors.openCursor(`${ctx.db}.${name}`, docs, optionalNumber(ctx.body, 'batchSize'), singleBatch);
  return { cursor, ok: 1 };
};

const getMore: CommandHandler = (ctx) => {
  const coll = ctx.body.collection;
  if (typeof coll !== 'string') throw commandError('TypeMismatch', 'getMore needs the collection name in "collection"');
  const cursor = ctx.cursors.getMore(
    asLong(ctx.body.getMore),
    `${ctx.db}.${coll}`,
    optionalNumber(ctx.body, 'batchSize'),
  );
  return { cursor, ok: 1 };
};

const killCursors: CommandHandler = (ctx) => {
  collectionName(ctx);
  const ids = ctx.body.cursors;
  if (!Array.isArray(ids)) throw commandError('TypeMismatch', 'killCursors needs an array "cursors"');
  const { killed, notFound } = ctx.cursors.kill(ids.map(asLong));
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const count: CommandHandler = (ctx) => {
  const coll = ctx.store.get(ctx.db, collectionName(ctx));
  const { records } = runQuery(coll, {
    filter: optionalDoc(ctx.body, 'query'),
    skip: optionalNumber(ctx.body, 'skip'),
    limit: optionalNumber(ctx.body, 'limit'),
    hint: ctx.body.hint,
  });
  return { n: records.length, ok: 1 };
};

const distinct: CommandHandler = (ctx) => {
  const key = ctx.body.key;
  if (typeof key !== 'string') throw commandError('TypeMismatch', 'distinct needs a string "key"');
  const coll = ctx.store.get(ctx.db, collectionName(ctx));
  const { records } = runQuery(coll, { filter: optionalDoc(ctx.body, 'query') });
  const seen = new Map<string, unknown>();
  for (const rec of records) {
    for (const v of valuesAtPath(rec.doc, key.split('.'))) {
      // distinct unwinds arrays: each element is a value.
      for (const x of Array.isArray(v) ? v : [v]) if (!seen.has(idKey(x))) seen.set(idKey(x), x);
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

/** Every document of a collection, copied (mingo stages may modify their input). */
export function collectionDocs(ctx: CommandContext, name: string): Doc[] {
  const coll = ctx.store.get(ctx.db, name);
  return coll ? [...coll.records.values()].map((r) => cloneDoc(r.doc)) : [];
}

/**
 * The documents a pipeline starts from. A leading `$match` (and a `$sort` right after it) runs through the query
 * planner, so it uses indexes as `find` does; the rest of the pipeline runs in mingo.
 */
function pipelineStart(ctx: CommandContext, name: string | undefined, pipeline: Doc[]): { input: Doc[]; rest: Doc[] } {
  if (name === undefined) return { input: [], rest: pipeline };
  const [first, second] = pipeline;
  if (!first || !('$match' in first)) return { input: collectionDocs(ctx, name), rest: pipeline };
  const sort = second && '$sort' in second ? second.$sort : undefined;
  const { records } = runQuery(ctx.store.get(ctx.db, name), { filter: first.$match, sort, hint: ctx.body.hint });
  return { input: records.map((r) => cloneDoc(r.doc)), rest: pipeline.slice(sort ? 2 : 1) };
}

/** Runs a pipeline with mingo; `$lookup` and friends read other collections of the same database. */
export function runPipeline(ctx: CommandContext, input: Doc[], pipeline: Doc[]): Doc[] {
  if (pipeline.length === 0) return input;
  try {
    const aggregator = new Aggregator(pipeline, { collectionResolver: (other) => collectionDocs(ctx, other) });
    return aggregator.run(input) as Doc[];
  } catch (err) {
    const message = (err as Error).message;
    if (/unknown pipeline operator|invalid pipeline operator|unrecognized/i.test(message)) {
      throw commandError('Location40324', `Unrecognized pipeline stage name: ${message}`);
    }
    throw commandError('BadValue', `aggregate failed: ${message}`);
  }
}

const aggregate: CommandHandler = (ctx) => {
  if (ctx.body.explain === true) {
    const { explain: _flag, ...inner } = ctx.body;
    return explain({ ...ctx, name: 'explain', body: { explain: inner, verbosity: 'queryPlanner', $db: ctx.db } });
  }
  const target = ctx.body.aggregate;
  const name = typeof target === 'string' ? collectionName(ctx) : undefined;
  const pipeline = ctx.body.pipeline;
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainDoc)) {
    throw commandError('TypeMismatch', "'pipeline' option must be specified as an array");
  }
  pipeline.forEach((stage, i) => {
    const op = Object.keys(stage)[0];
    if (op === '$changeStream')
      throw commandError(
        'CommandNotFound',
        'the embedded engine does not support the $changeStream stage (change streams)',
      );
    if ((op === '$out' || op === '$merge') && i !== pipeline.length - 1) {
      throw commandError('BadValue', `${op} can only be the final stage in the pipeline`);
    }
  });
  const last = pipeline[pipeline.length - 1];
  const output = last && ('$out' in last || '$merge' in last) ? last : undefined;
  const stages = output ? pipeline.slice(0, -1) : pipeline;
  const { input, rest } = pipelineStart(ctx, name, stages);
  const docs = runPipeline(ctx, input, rest);
  const ns = `${ctx.db}.${name ?? '$cmd.aggregate'}`;
  if (output) {
    writeOutput(ctx, docs, output);
    return { cursor: { id: Long.ZERO, ns, firstBatch: [] }, ok: 1 };
  }
  const cursorOpts = optionalDoc(ctx.body, 'cursor') ?? {};
  return { cursor: ctx.cursors.openCursor(ns, docs, optionalNumber(cursorOpts, 'batchSize')), ok: 1 };
};

export const readCommands: Record<string, CommandHandler> = { find, getMore, killCursors, count, distinct, aggregate };
