import { commandError } from '../command-error.js';
import { describeBounds } from '../planner.js';
import { runQuery, type ExecutionStats, type QueryOptions } from '../query.js';
import { isPlainDoc, type Doc } from '../values.js';
import { ENGINE_VERSION } from './admin.js';
import { optionalDoc, optionalNumber, type CommandHandler } from './context.js';

interface Explained {
  collection: string;
  query: QueryOptions;
  projection?: Doc;
}

/** The query part of an explainable command: find, count, distinct, and an aggregate's leading $match/$sort. */
function queryOf(inner: Doc): Explained {
  const name = Object.keys(inner)[0];
  const collection = name === undefined ? undefined : inner[name];
  if (typeof collection !== 'string') throw commandError('BadValue', 'explain needs a command that names a collection');
  switch (name) {
    case 'find': {
      const limit = optionalNumber(inner, 'limit');
      return {
        collection,
        query: {
          filter: optionalDoc(inner, 'filter'),
          sort: optionalDoc(inner, 'sort'),
          skip: optionalNumber(inner, 'skip'),
          limit: limit === undefined ? undefined : Math.abs(limit),
          hint: inner.hint,
        },
        projection: optionalDoc(inner, 'projection'),
      };
    }
    case 'count':
    case 'distinct':
      return { collection, query: { filter: optionalDoc(inner, 'query'), hint: inner.hint } };
    case 'aggregate': {
      const pipeline = Array.isArray(inner.pipeline) ? inner.pipeline.filter(isPlainDoc) : [];
      const match = pipeline[0] && '$match' in pipeline[0] ? pipeline[0].$match : undefined;
      const next = pipeline[match ? 1 : 0];
      return {
        collection,
        query: { filter: match, sort: next && '$sort' in next ? next.$sort : undefined, hint: inner.hint },
      };
    }
    default:
      throw commandError(
        'CommandNotFound',
        `the embedded engine cannot explain ${String(name)}; it explains find, count, distinct and aggregate`,
      );
  }
}

/** The winning plan as a stage tree; with `exec`, each stage carries the counts it produced. */
function stageTree(stats: ExecutionStats, explained: Explained, exec: boolean): Doc {
  const filter = isPlainDoc(explained.query.filter) ? explained.query.filter : {};
  const counts = (doc: Doc, extra: Doc): Doc => (exec ? { ...doc, ...extra } : doc);
  let stage: Doc;
  if (stats.stage === 'IDHACK') {
    stage = counts(
      { stage: 'IDHACK' },
      { nReturned: stats.matched, keysExamined: stats.keysExamined, docsExamined: stats.docsExamined },
    );
  } else if (stats.stage === 'IXSCAN' && stats.plan) {
    const { plan } = stats;
    const scan = counts(
      {
        stage: 'IXSCAN',
        keyPattern: plan.index.spec.key,
        indexName: plan.index.name,
        isMultiKey: plan.index.multikey,
        isUnique: plan.index.unique,
        isSparse: Boolean(plan.index.spec.sparse),
        isPartial: Boolean(plan.index.spec.partialFilterExpression),
        indexVersion: 2,
        direction: plan.direction === 1 ? 'forward' : 'backward',
        indexBounds: describeBounds(plan),
      },
      { nReturned: stats.docsExamined, keysExamined: stats.keysExamined },
    );
    stage = counts(
      { stage: 'FETCH', filter, inputStage: scan },
      { nReturned: stats.matched, docsExamined: stats.docsExamined },
    );
  } else {
    stage = counts(
      { stage: 'COLLSCAN', filter, direction: 'forward' },
      { nReturned: stats.matched, docsExamined: stats.docsExamined },
    );
  }
  const skip = explained.query.skip ?? 0;
  const limit = explained.query.limit ?? 0;
  if (stats.sortPattern) {
    stage = counts(
      {
        stage: 'SORT',
        sortPattern: stats.sortPattern,
        memLimit: 104_857_600,
        ...(limit > 0 ? { limitAmount: skip + limit } : {}),
        type: 'simple',
        inputStage: stage,
      },
      { nReturned: Math.min(stats.matched, limit > 0 ? skip + limit : stats.matched) },
    );
  } else if (limit > 0) {
    stage = counts(
      { stage: 'LIMIT', limitAmount: skip + limit, inputStage: stage },
      { nReturned: Math.min(stats.matched, skip + limit) },
    );
  }
  if (skip > 0) stage = counts({ stage: 'SKIP', skipAmount: skip, inputStage: stage }, { nReturned: stats.nReturned });
  if (explained.projection && Object.keys(explained.projection).length > 0) {
    stage = counts(
      { stage: 'PROJECTION_DEFAULT', transformBy: explained.projection, inputStage: stage },
      { nReturned: stats.nReturned },
    );
  }
  return stage;
}

/** `explain` with MongoDB's `queryPlanner` and `executionStats` sections, from the work the query really did. */
export const explain: CommandHandler = (ctx) => {
  const inner = optionalDoc(ctx.body, 'explain');
  if (!inner) throw commandError('BadValue', 'explain needs the command to explain as a document');
  const verbosity = typeof ctx.body.verbosity === 'string' ? ctx.body.verbosity : 'allPlansExecution';
  const explained = queryOf(inner);
  const started = performance.now();
  const { stats } = runQuery(ctx.store.get(ctx.db, explained.collection), explained.query);
  const millis = Math.round(performance.now() - started);
  const withExec = verbosity !== 'queryPlanner';
  return {
    explainVersion: '1',
    queryPlanner: {
      namespace: `${ctx.db}.${explained.collection}`,
      indexFilterSet: false,
      parsedQuery: isPlainDoc(explained.query.filter) ? explained.query.filter : {},
      winningPlan: stageTree(stats, explained, false),
      rejectedPlans: [],
    },
    ...(withExec
      ? {
          executionStats: {
            executionSuccess: true,
            nReturned: stats.nReturned,
            executionTimeMillis: millis,
            totalKeysExamined: stats.keysExamined,
            totalDocsExamined: stats.docsExamined,
            executionStages: stageTree(stats, explained, true),
          },
        }
      : {}),
    command: inner,
    serverInfo: { host: '127.0.0.1', version: ENGINE_VERSION, gitVersion: 'workbook-embedded-engine' },
    ok: 1,
  };
};
