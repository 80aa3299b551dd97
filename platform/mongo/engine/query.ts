import { Query, find as mingoFind } from 'mingo';
import { commandError } from './command-error.js';
import type { DocRecord } from './indexes.js';
import type { Collection } from './store.js';
import { isPlainDoc, sortComparator, type Doc } from './values.js';

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
  try {
    const query = new Query(spec);
    return { spec, matches: (doc) => query.test(doc) };
  } catch (err) {
    throw commandError('BadValue', `invalid filter: ${(err as Error).message}`);
  }
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
  indexName?: string;
  keysExamined: number;
  docsExamined: number;
  inMemorySort: boolean;
}

export interface QueryOptions {
  filter?: unknown;
  sort?: unknown;
  skip?: number;
  limit?: number;
}

export interface QueryResult {
  records: DocRecord[];
  stats: ExecutionStats;
}

/**
 * Runs a query's filter, sort, skip and limit over a collection and returns the matching records (not copies).
 * This part of the engine scans; indexed plans replace the candidate source without changing the contract.
 */
export function runQuery(coll: Collection | undefined, options: QueryOptions): QueryResult {
  const filter = compileFilter(options.filter);
  const sortSpec = isPlainDoc(options.sort) && Object.keys(options.sort).length > 0 ? options.sort : undefined;
  const stats: ExecutionStats = { stage: 'COLLSCAN', keysExamined: 0, docsExamined: 0, inMemorySort: sortSpec !== undefined };
  if (!coll) return { records: [], stats };
  const skip = Math.max(0, options.skip ?? 0);
  const limit = options.limit && options.limit > 0 ? options.limit : Number.POSITIVE_INFINITY;
  const idEquality = idEqualityOf(filter.spec);
  let candidates: Iterable<DocRecord> = coll.records.values();
  if (idEquality.found) {
    stats.stage = 'IDHACK';
    stats.indexName = '_id_';
    const rec = coll.byId(idEquality.value);
    stats.keysExamined = rec ? 1 : 0;
    candidates = rec ? [rec] : [];
  }
  const matched: DocRecord[] = [];
  // Without a sort the scan may stop as soon as skip + limit documents matched.
  const stopAt = sortSpec ? Number.POSITIVE_INFINITY : skip + limit;
  for (const rec of candidates) {
    if (matched.length >= stopAt) break;
    stats.docsExamined++;
    if (filter.matches(rec.doc)) matched.push(rec);
  }
  if (sortSpec) {
    const compare = sortComparator(sortSpec);
    matched.sort((a, b) => compare(a.doc, b.doc));
  }
  return { records: matched.slice(skip, skip + limit === Number.POSITIVE_INFINITY ? undefined : skip + limit), stats };
}

/** `{ _id: v }` with a plain value (not an operator document): answered from the primary key map. */
function idEqualityOf(filter: Doc): { found: boolean; value?: unknown } {
  if (!('_id' in filter)) return { found: false };
  const v = filter._id;
  if (isPlainDoc(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$eq' && !isPlainDoc(v.$eq) && !Array.isArray(v.$eq)) return { found: true, value: v.$eq };
    return { found: false };
  }
  if (Array.isArray(v) || v instanceof RegExp) return { found: false };
  return { found: true, value: v };
}
