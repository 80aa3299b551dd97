import { Query, find as mingoFind } from 'mingo';
import { commandError } from './command-error.js';
import type { DocRecord } from './indexes.js';
import { chooseIndex, type IndexPlan } from './planner.js';
import type { Collection } from './store.js';
import { compareValues, isPlainDoc, sortComparator, typeRank, valuesAtPath, type Doc } from './values.js';

/** A compiled filter; `matches` never mutates the document. */
export interface Filter {
  readonly spec: Doc;
  matches(doc: Doc): boolean;
}

/** Compiles a MongoDB filter with mingo; an unknown operator becomes MongoDB's `BadValue`. */
export function compileFilter(spec: unknown): Filter {
  if (spec === undefined || spec === null) return { spec: {}, matches: () => true };
  if (!isPlainDoc(spec)) throw commandError('TypeMismatch', 'the filter must be a document');
  if (Object.keys(spec).length === 0) return { spec, matches: () => true };
  const simple = simpleEqualities(spec);
  if (simple) return { spec, matches: (doc) => simple.every(([parts, target]) => equalsAtPath(doc, parts, target)) };
  try {
    const query = new Query(spec);
    return { spec, matches: (doc) => query.test(doc) };
  } catch (err) {
    throw commandError('BadValue', `invalid filter: ${(err as Error).message}`);
  }
}

/** Scalars whose equality test needs no query engine (and whose value is never a document or array). */
function isSimpleScalar(v: unknown): boolean {
  const rank = typeRank(v);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || rank === 8 || rank === 10;
}

/**
 * `{ a: 'x', 'b.c': 5 }` (plain scalar equalities only) as [path parts, value] pairs: the commonest filter, answered
 * without building a mingo query, which costs more than the rest of a point lookup.
 */
function simpleEqualities(spec: Doc): Array<[string[], unknown]> | undefined {
  const out: Array<[string[], unknown]> = [];
  for (const [key, value] of Object.entries(spec)) {
    if (key.startsWith('$') || !isSimpleScalar(value)) return undefined;
    out.push([key.split('.'), value]);
  }
  return out;
}

/** MongoDB equality on a path: the value itself, or any element of an array there, equals the target. */
function equalsAtPath(doc: Doc, parts: string[], target: unknown): boolean {
  for (const v of valuesAtPath(doc, parts)) {
    if (compareValues(v, target) === 0) return true;
    if (Array.isArray(v) && v.some((x) => compareValues(x, target) === 0)) return true;
  }
  return false;
}

/** Applies a find projection (inclusion/exclusion, `$slice`, `$elemMatch`...) with mingo. */
export function project(docs: Doc[], projection: unknown): Doc[] {
  if (!isPlainDoc(projection) || Object.keys(projection).length === 0) return docs;
  try {
    return mingoFind(docs, {}, projection).all() as Doc[];
  } catch (err) {
    throw commandError('BadValue', `invalid projection: ${(err as Error).message}`);
  }
}

/** What the plan did, counted while doing it: the figures `explain` reports. */
export interface ExecutionStats {
  stage: 'COLLSCAN' | 'IXSCAN' | 'IDHACK';
  plan?: IndexPlan;
  keysExamined: number;
  docsExamined: number;
  /** Set when the sort could not come from an index, so the results were sorted in memory. */
  sortPattern?: Doc;
  /** Documents that passed the filter, before skip and limit. */
  matched: number;
  nReturned: number;
}

export interface QueryOptions {
  filter?: unknown;
  sort?: unknown;
  skip?: number;
  limit?: number;
  hint?: unknown;
}

export interface QueryResult {
  records: DocRecord[];
  stats: ExecutionStats;
}

/** Yields the records of an index plan's key range, counting keys and skipping repeats of a multikey document. */
function* indexScan(plan: IndexPlan, stats: ExecutionStats): Generator<DocRecord> {
  const seen = plan.index.multikey ? new Set<number>() : undefined;
  for (const entry of plan.index.entries.range(plan.from, plan.to, plan.direction)) {
    stats.keysExamined++;
    if (seen) {
      if (seen.has(entry.rec.rid)) continue;
      seen.add(entry.rec.rid);
    }
    yield entry.rec;
  }
}

/**
 * Runs a query's filter, sort, skip and limit over a collection and returns the matching records (not copies).
 * `{ _id: value }` is a primary-key lookup; otherwise the planner picks an index range or scans the collection.
 */
export function runQuery(coll: Collection | undefined, options: QueryOptions): QueryResult {
  const filter = compileFilter(options.filter);
  const sortSpec = isPlainDoc(options.sort) && Object.keys(options.sort).length > 0 ? options.sort : undefined;
  const stats: ExecutionStats = { stage: 'COLLSCAN', keysExamined: 0, docsExamined: 0, matched: 0, nReturned: 0 };
  if (sortSpec) stats.sortPattern = sortSpec;
  if (!coll) return { records: [], stats };
  const skip = Math.max(0, options.skip ?? 0);
  const limit = options.limit && options.limit > 0 ? options.limit : Number.POSITIVE_INFINITY;
  const idEquality = options.hint === undefined ? idEqualityOf(filter.spec) : { found: false };
  let candidates: Iterable<DocRecord> = coll.records.values();
  if (idEquality.found) {
    stats.stage = 'IDHACK';
    const rec = coll.byId(idEquality.value);
    stats.keysExamined = rec ? 1 : 0;
    candidates = rec ? [rec] : [];
  } else {
    const plan = chooseIndex(coll, filter.spec, sortSpec, options.hint);
    if (plan) {
      stats.stage = 'IXSCAN';
      stats.plan = plan;
      if (plan.providesSort) delete stats.sortPattern;
      candidates = indexScan(plan, stats);
    }
  }
  const matched: DocRecord[] = [];
  // Without an in-memory sort the scan may stop as soon as skip + limit documents matched.
  const stopAt = stats.sortPattern ? Number.POSITIVE_INFINITY : skip + limit;
  if (stopAt > 0) {
    for (const rec of candidates) {
      stats.docsExamined++;
      if (filter.matches(rec.doc) && matched.push(rec) >= stopAt) break; // stop before pulling one more key
    }
  }
  if (stats.sortPattern) {
    const compare = sortComparator(stats.sortPattern);
    matched.sort((a, b) => compare(a.doc, b.doc));
  }
  stats.matched = matched.length;
  const records = matched.slice(skip, limit === Number.POSITIVE_INFINITY ? undefined : skip + limit);
  stats.nReturned = records.length;
  return { records, stats };
}

/** `{ _id: v }` with a plain value (not an operator document): answered from the primary key map. */
function idEqualityOf(filter: Doc): { found: boolean; value?: unknown } {
  if (!('_id' in filter)) return { found: false };
  const v = filter._id;
  if (isPlainDoc(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$eq' && !isPlainDoc(v.$eq) && !Array.isArray(v.$eq))
      return { found: true, value: v.$eq };
    if (keys.some((k) => k.startsWith('$'))) return { found: false };
    return { found: true, value: v };
  }
  if (Array.isArray(v) || v instanceof RegExp) return { found: false };
  return { found: true, value: v };
}
