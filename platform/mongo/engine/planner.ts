import { commandError } from './command-error.js';
import type { IndexEntry, SortedIndex } from './indexes.js';
import type { Collection } from './store.js';
import { compareValues, isPlainDoc, shellString, typeRank, type Doc } from './values.js';

/** What a filter says about one top-level field, as far as an index can use it. */
export interface FieldBound {
  eq?: { value: unknown };
  low?: { value: unknown; inclusive: boolean };
  high?: { value: unknown; inclusive: boolean };
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

function indexableValue(v: unknown): boolean {
  return !(Array.isArray(v) || v instanceof RegExp || v === undefined);
}

/**
 * Reads the bounds an index can use from a filter: equalities (`{a: 1}`, `{a: {$eq: 1}}`) and ranges
 * (`$gt`, `$gte`, `$lt`, `$lte`), at the top level or inside `$and`. Everything else is left to the filter, which
 * is always re-applied to fetched documents, so bounds only ever need to be a superset.
 */
export function boundsOf(filter: Doc): Map<string, FieldBound> {
  const out = new Map<string, FieldBound>();
  const get = (path: string): FieldBound => {
    let b = out.get(path);
    if (!b) out.set(path, (b = {}));
    return b;
  };
  const visit = (f: Doc): void => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const part of value) if (isPlainDoc(part)) visit(part);
        continue;
      }
      if (key.startsWith('$')) continue;
      const ops = isPlainDoc(value) ? Object.keys(value) : [];
      if (isPlainDoc(value) && ops.length > 0 && ops.every((k) => k.startsWith('$'))) {
        for (const op of ops) {
          const operand = value[op];
          if (op === '$eq' && indexableValue(operand)) get(key).eq = { value: operand };
          if (RANGE_OPS.has(op) && indexableValue(operand) && operand !== null) {
            const bound = { value: operand, inclusive: op.endsWith('e') };
            if (op.startsWith('$g')) get(key).low = bound;
            else get(key).high = bound;
          }
        }
      } else if (indexableValue(value)) {
        get(key).eq = { value };
      }
    }
  };
  visit(filter);
  return out;
}

/** Where a value lies against one field's bound, in ascending order: -1 before, 0 inside, 1 after. */
function position(v: unknown, bound: FieldBound): number {
  if (bound.eq) return Math.sign(compareValues(v, bound.eq.value));
  const ref = (bound.low ?? bound.high)?.value;
  // Type bracketing: {$gt: 5} only matches numbers, so the scan stays within the numbers.
  const rank = typeRank(ref);
  const r = typeRank(v);
  if (r !== rank) return r < rank ? -1 : 1;
  if (bound.low) {
    const c = compareValues(v, bound.low.value);
    if (c < 0 || (c === 0 && !bound.low.inclusive)) return -1;
  }
  if (bound.high) {
    const c = compareValues(v, bound.high.value);
    if (c > 0 || (c === 0 && !bound.high.inclusive)) return 1;
  }
  return 0;
}

/** One way to answer a query from an index. */
export interface IndexPlan {
  index: SortedIndex;
  /** Bounds for the leading index fields: the equality prefix, then at most one range. */
  bounds: FieldBound[];
  equalityFields: number;
  /** Index positions [from, to) holding every key within the bounds. */
  from: number;
  to: number;
  direction: 1 | -1;
  providesSort: boolean;
}

/** Where an entry lies against a plan's bounds, in index order. */
function entryPosition(index: SortedIndex, bounds: readonly FieldBound[], entry: IndexEntry): number {
  for (let i = 0; i < bounds.length; i++) {
    const p = position(entry.key[i], bounds[i] as FieldBound) * (index.fields[i]?.dir ?? 1);
    if (p !== 0) return p;
  }
  return 0;
}

/** The first index position whose entry lies at `target` or beyond against the bounds (a binary search). */
function firstAtOrAfter(index: SortedIndex, bounds: readonly FieldBound[], target: 0 | 1): number {
  return index.entries.partitionPoint((entry) => entryPosition(index, bounds, entry) < target);
}

/** Whether the index order gives the requested sort once the equality prefix is fixed; and in which direction. */
function sortDirection(index: SortedIndex, equalityFields: number, sort: Doc | undefined): 1 | -1 | undefined {
  if (!sort) return 1;
  const fixed = new Set(index.fields.slice(0, equalityFields).map((f) => f.path));
  const wanted = Object.entries(sort).filter(([path]) => !fixed.has(path));
  if (wanted.length === 0) return 1;
  if (index.multikey) return undefined;
  let direction: 1 | -1 | undefined;
  for (let i = 0; i < wanted.length; i++) {
    const field = index.fields[equalityFields + i];
    const [path, dir] = wanted[i] as [string, unknown];
    if (!field || field.path !== path) return undefined;
    const d = (Number(dir) < 0 ? -1 : 1) * field.dir;
    if (direction !== undefined && d !== direction) return undefined;
    direction = d as 1 | -1;
  }
  return direction;
}

function planFor(
  index: SortedIndex,
  fields: Map<string, FieldBound>,
  sort: Doc | undefined,
  forced: boolean,
): IndexPlan | undefined {
  const bounds: FieldBound[] = [];
  let equalityFields = 0;
  for (const field of index.fields) {
    const b = fields.get(field.path);
    if (!b?.eq) break;
    bounds.push({ eq: b.eq });
    equalityFields++;
  }
  const next = index.fields[equalityFields];
  const range = next ? fields.get(next.path) : undefined;
  if (range && !range.eq && (range.low || range.high)) {
    // On a multikey field two bounds may be met by different elements: keep one, the filter checks the rest.
    bounds.push(index.multikey && range.low ? { low: range.low } : { low: range.low, high: range.high });
  }
  const direction = sortDirection(index, equalityFields, sort);
  if (bounds.length === 0 && direction === undefined && !forced) return undefined;
  if (bounds.length === 0 && !sort && !forced) return undefined;
  const from = bounds.length === 0 ? 0 : firstAtOrAfter(index, bounds, 0);
  const to = bounds.length === 0 ? index.entries.length : firstAtOrAfter(index, bounds, 1);
  return { index, bounds, equalityFields, from, to, direction: direction ?? 1, providesSort: direction !== undefined };
}

function better(a: IndexPlan, b: IndexPlan): IndexPlan {
  if (a.to - a.from !== b.to - b.from) return a.to - a.from < b.to - b.from ? a : b;
  if (a.equalityFields !== b.equalityFields) return a.equalityFields > b.equalityFields ? a : b;
  if (a.providesSort !== b.providesSort) return a.providesSort ? a : b;
  if (a.index.fields.length !== b.index.fields.length) return a.index.fields.length < b.index.fields.length ? a : b;
  return a.index.name <= b.index.name ? a : b;
}

/** The index named or described by a `hint`; `{ $natural: 1 }` means a collection scan. */
function hinted(coll: Collection, hint: unknown): SortedIndex | 'natural' | undefined {
  if (hint === undefined || hint === null) return undefined;
  if (isPlainDoc(hint) && '$natural' in hint) return 'natural';
  const found =
    typeof hint === 'string'
      ? coll.indexes.get(hint)
      : [...coll.indexes.values()].find((i) => isPlainDoc(hint) && JSON.stringify(i.spec.key) === JSON.stringify(hint));
  if (!found)
    throw commandError(
      'BadValue',
      'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index',
    );
  return found;
}

/**
 * Chooses how to answer a query. Rule (documented in docs/guide/services.md): only indexes whose leading field has
 * an equality or range bound, or whose order gives the sort, are candidates (sparse and partial indexes are never
 * chosen without a hint); the winner has the fewest keys within its bounds (counted exactly by two binary searches),
 * then the most equality-matched leading fields, then gives the sort, then has fewer fields, then the smaller name.
 * Undefined means a collection scan.
 */
export function chooseIndex(
  coll: Collection,
  filter: Doc,
  sort: Doc | undefined,
  hint?: unknown,
): IndexPlan | undefined {
  const forced = hinted(coll, hint);
  if (forced === 'natural') return undefined;
  const fields = boundsOf(filter);
  if (forced) return planFor(forced, fields, sort, true);
  let best: IndexPlan | undefined;
  for (const index of coll.indexes.values()) {
    if (index.spec.sparse || index.spec.partialFilterExpression) continue;
    const plan = planFor(index, fields, sort, false);
    if (plan) best = best ? better(best, plan) : plan;
  }
  return best;
}

function renderValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  return shellString(v);
}

function renderInterval(bound: FieldBound | undefined, descending: boolean): string {
  let low = 'MinKey';
  let high = 'MaxKey';
  let open = '[';
  let close = ']';
  if (bound?.eq) low = high = renderValue(bound.eq.value);
  else if (bound) {
    const numeric = typeRank((bound.low ?? bound.high)?.value) === 3;
    low = bound.low ? renderValue(bound.low.value) : numeric ? '-inf.0' : 'MinKey';
    high = bound.high ? renderValue(bound.high.value) : numeric ? 'inf.0' : 'MaxKey';
    if (bound.low && !bound.low.inclusive) open = '(';
    if (bound.high && !bound.high.inclusive) close = ')';
  }
  return descending
    ? `${close === ']' ? '[' : '('}${high}, ${low}${open === '[' ? ']' : ')'}`
    : `${open}${low}, ${high}${close}`;
}

/** `indexBounds` as explain prints them, e.g. `{ age: ['[30, inf.0]'] }`. */
export function describeBounds(plan: IndexPlan): Doc {
  const out: Doc = {};
  plan.index.fields.forEach((field, i) => {
    const descending = field.dir * plan.direction < 0;
    out[field.path] = [renderInterval(plan.bounds[i], descending)];
  });
  return out;
}
