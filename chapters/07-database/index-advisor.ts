/**
 * Index advice from recorded query shapes. It proposes compound indexes in equality, sort, range (ESR) order, skips
 * what an existing index already serves through its prefix, and says which shapes each suggestion serves and what
 * they cost. It never creates an index: building one takes locks, I/O and memory, and belongs in a migration that a
 * person reviewed, not on the request path.
 */
import type { Db, Document } from 'mongodb';
import { VALUE, type QueryShape, type ShapeDoc, type ShapeValue } from './query-shape.js';

/** One index field: name and direction. */
export type IndexField = readonly [field: string, direction: 1 | -1];

/** An existing index as `listIndexes` describes it (the parts the advisor needs). */
export interface ExistingIndex {
  readonly name: string;
  readonly key: Readonly<Record<string, unknown>>;
  readonly partialFilterExpression?: Document;
  readonly sparse?: boolean;
  readonly hidden?: boolean;
}

/** The measured cost of one shape, as QueryStats reports it. */
export interface ShapeCost {
  readonly key: string;
  readonly shape: QueryShape;
  readonly count: number;
  readonly totalMs: number;
  readonly p95Ms: number;
}

/** A proposed index with the reasoning behind it. */
export interface IndexSuggestion {
  readonly namespace: string;
  readonly key: readonly IndexField[];
  /** The index spec to pass to `createIndex`, in ESR order. */
  readonly spec: Record<string, 1 | -1>;
  /** Fields by role, so a reader can check the ESR order. */
  readonly equality: readonly string[];
  readonly sort: readonly string[];
  readonly range: readonly string[];
  /** Shapes this index would serve, most expensive first, with their measured cost. */
  readonly serves: readonly ShapeCost[];
  readonly totalMs: number;
  /** True when some served shape projects only indexed fields without `_id`: the index alone can answer it. */
  readonly coversAQuery: boolean;
}

// Operators that bound an index scan to a set of points: equality in ESR terms.
const EQUALITY_OPS = new Set(['$eq', '$in']);
// Everything else on a field (ranges, $ne, $nin, $regex, $exists...) scans an interval or filters: range position.

/** How a filter uses a field, in ESR terms. */
export type Role = 'equality' | 'range';

/** Field conditions of one conjunction (top level plus flattened `$and`), and any `$or` lists found in it. */
interface Conjunction {
  fields: Map<string, Role>;
  ors: ShapeDoc[][];
}

function isShapeDoc(value: ShapeValue): value is ShapeDoc {
  return typeof value === 'object' && !Array.isArray(value);
}

function conjunction(filter: ShapeDoc, into: Conjunction = { fields: new Map(), ors: [] }): Conjunction {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (isShapeDoc(part)) conjunction(part, into);
    } else if (key === '$or' && Array.isArray(value)) {
      into.ors.push(value.filter(isShapeDoc));
    } else if (key.startsWith('$')) {
      continue; // $nor, $expr, $where, $text...: never an index key, a name starting with $ is not a field
    } else {
      const role: Role =
        value === VALUE || (isShapeDoc(value) && Object.keys(value).some((op) => EQUALITY_OPS.has(op)))
          ? 'equality'
          : 'range';
      if (into.fields.get(key) !== 'equality') into.fields.set(key, role);
    }
  }
  return into;
}

// #region esr
/**
 * The index key for one conjunction in ESR order: equality fields first (any order serves this query), then the
 * sort fields in sort order with their directions, then range fields. Undefined when nothing is indexable.
 */
export function esrKey(fields: ReadonlyMap<string, Role>, sort: QueryShape['sort']): KeyProposal | undefined {
  const equality = [...fields].filter(([, role]) => role === 'equality').map(([f]) => f);
  const sortFields = (sort ?? []).filter(([f, dir]) => dir !== 'meta' && !equality.includes(f)) as Array<
    readonly [string, 1 | -1]
  >;
  const sorted = sortFields.map(([f]) => f);
  const range = [...fields].filter(([f, role]) => role === 'range' && !sorted.includes(f)).map(([f]) => f);
  const key: IndexField[] = [
    ...equality.map((f) => [f, 1] as const),
    ...sortFields,
    ...range.map((f) => [f, 1] as const),
  ];
  return key.length > 0 ? { key, equality, sort: sorted, range } : undefined;
}
// #endregion esr

/**
 * The keys one shape needs. A conjunction gives one key from its own fields; an `$or` with nothing else beside it
 * needs one index per branch (MongoDB answers each branch separately), and if any branch has no indexable field
 * the whole `$or` is a collection scan, so nothing is suggested for it. An `$or` beside other fields is left to
 * the filter: the index on those fields serves the query.
 */
export function keysForShape(shape: QueryShape): KeyProposal[] {
  const top = conjunction(shape.filter);
  if (top.fields.size > 0 || top.ors.length === 0) {
    const key = esrKey(top.fields, shape.sort);
    return key ? [key] : [];
  }
  const branches = top.ors[0] ?? [];
  const keys = branches.map((branch) => esrKey(conjunction(branch).fields, shape.sort));
  return keys.every((k) => k !== undefined) ? (keys as KeyProposal[]) : [];
}

/** A proposed key with its fields by role (what `esrKey` returns). */
export interface KeyProposal {
  readonly key: readonly IndexField[];
  readonly equality: readonly string[];
  readonly sort: readonly string[];
  readonly range: readonly string[];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f) => b.includes(f));
}

// #region prefix
/**
 * True when `index` serves the proposal through its prefix: its first fields are the equality fields (in any
 * order), then the sort fields in order with all directions equal or all reversed (a backward scan), then the range
 * fields. `{ a: 1, b: 1, c: 1 }` serves `{ a: 1 }` and `{ a: 1, b: 1 }`, not `{ b: 1 }`.
 */
export function servedByPrefix(proposal: KeyProposal, index: readonly IndexField[]): boolean {
  const { equality, sort, range } = proposal;
  if (index.length < proposal.key.length) return false;
  const names = index.map(([f]) => f);
  if (!sameSet(names.slice(0, equality.length), equality)) return false;
  const sortPart = index.slice(equality.length, equality.length + sort.length);
  const signs = sortPart.map(([f, dir], i) =>
    f === sort[i] ? dir * (proposal.key.find(([g]) => g === f)?.[1] ?? 0) : 0,
  );
  if (!signs.every((s) => s !== 0 && s === signs[0])) return false;
  const from = equality.length + sort.length;
  return sameSet(names.slice(from, from + range.length), range);
}
// #endregion prefix

/** `{ a: 1, b: -1 }` as index fields; fields of special indexes (text, 2dsphere, hashed) are not ordered keys. */
export function indexFields(key: Readonly<Record<string, unknown>>): IndexField[] | undefined {
  const out: IndexField[] = [];
  for (const [field, dir] of Object.entries(key)) {
    if (dir !== 1 && dir !== -1) return undefined;
    out.push([field, dir]);
  }
  return out;
}

/** Indexes that can serve any query: partial, sparse and hidden ones only serve some, so they are not counted. */
function usableIndexes(indexes: readonly ExistingIndex[]): IndexField[][] {
  return indexes
    .filter((i) => !i.partialFilterExpression && !i.sparse && !i.hidden)
    .map((i) => indexFields(i.key))
    .filter((k): k is IndexField[] => k !== undefined);
}

function coversShape(shape: QueryShape, key: readonly IndexField[]): boolean {
  const projection = shape.projection;
  if (!projection || projection._id !== 0) return false;
  const included = Object.entries(projection)
    .filter(([f, v]) => f !== '_id' && v === 1)
    .map(([f]) => f);
  const inKey = new Set(key.map(([f]) => f));
  const filterFields = [...conjunction(shape.filter).fields.keys()];
  return included.length > 0 && [...included, ...filterFields].every((f) => inKey.has(f));
}

// #region advise
/**
 * Suggestions for the recorded shapes, the most expensive first.
 *
 * @param existing indexes per namespace (`db.collection`), e.g. from `existingIndexes()`
 */
export function adviseIndexes(
  costs: readonly ShapeCost[],
  existing: ReadonlyMap<string, readonly ExistingIndex[]>,
): IndexSuggestion[] {
  const byNamespace = new Map<string, Array<KeyProposal & { serves: ShapeCost[] }>>();
  for (const cost of costs) {
    if (cost.shape.operation === 'insert' || cost.shape.operation === 'getMore') continue;
    const usable = usableIndexes(existing.get(cost.shape.namespace) ?? []);
    for (const proposal of keysForShape(cost.shape)) {
      if (usable.some((index) => servedByPrefix(proposal, index))) continue;
      const list = byNamespace.get(cost.shape.namespace) ?? [];
      byNamespace.set(cost.shape.namespace, list);
      const same = list.find((s) => servedByPrefix(proposal, s.key) && servedByPrefix(s, proposal.key));
      if (same) same.serves.push(cost);
      else list.push({ ...proposal, serves: [cost] });
    }
  }
  const out: IndexSuggestion[] = [];
  for (const [namespace, list] of byNamespace) {
    // A suggestion that is the prefix of a longer one is served by it: fold it in rather than build two indexes.
    const kept = list.filter((s) => {
      const longer = list.find(
        (other) => other !== s && other.key.length > s.key.length && servedByPrefix(s, other.key),
      );
      if (longer) longer.serves.push(...s.serves);
      return !longer;
    });
    for (const s of kept) {
      const serves = [...new Map(s.serves.map((c) => [c.key, c])).values()].sort((a, b) => b.totalMs - a.totalMs);
      out.push({
        namespace,
        key: s.key,
        spec: Object.fromEntries(s.key),
        equality: s.equality,
        sort: s.sort,
        range: s.range,
        serves,
        totalMs: serves.reduce((sum, c) => sum + c.totalMs, 0),
        coversAQuery: serves.some((c) => coversShape(c.shape, s.key)),
      });
    }
  }
  return out.sort((a, b) => b.totalMs - a.totalMs);
}
// #endregion advise

/** The indexes of every namespace named, read with `listIndexes` (a collection that does not exist has none). */
export async function existingIndexes(db: Db, namespaces: Iterable<string>): Promise<Map<string, ExistingIndex[]>> {
  const out = new Map<string, ExistingIndex[]>();
  for (const namespace of new Set(namespaces)) {
    const prefix = `${db.databaseName}.`;
    if (!namespace.startsWith(prefix)) continue;
    const indexes = await db
      .collection(namespace.slice(prefix.length))
      .listIndexes()
      .toArray()
      .catch((error: unknown) => {
        if ((error as { code?: number }).code === 26) return []; // NamespaceNotFound: no collection, no indexes
        throw error;
      });
    out.set(namespace, indexes as ExistingIndex[]);
  }
  return out;
}
