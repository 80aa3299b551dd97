import { Query } from 'mingo';
import { ChunkedList } from './chunked-list.js';
import { commandError } from './command-error.js';
import { compareValues, shellString, valuesAtPath, type Doc } from './values.js';

/** An index as `listIndexes` shows it. */
export interface IndexSpec {
  v: 2;
  key: Record<string, 1 | -1>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
}

/** One stored document and the sequence number that orders equal index keys (MongoDB's RecordId). */
export interface DocRecord {
  readonly rid: number;
  doc: Doc;
}

/** One index key pointing at a record. */
export interface IndexEntry {
  readonly key: readonly unknown[];
  readonly rec: DocRecord;
}

interface IndexField {
  readonly path: string;
  readonly parts: readonly string[];
  readonly dir: 1 | -1;
}

/**
 * A secondary (or `_id`) index kept as sorted keys in a chunked list, maintained on every write.
 * Inserts and removals are a binary search over chunk boundaries plus a splice inside one chunk of at most
 * MAX_CHUNK keys, so their cost hardly grows with the collection; positions stay exact for the planner's counts.
 */
export class SortedIndex {
  readonly fields: readonly IndexField[];
  /** Keys in index order; equal keys ordered by record id. */
  readonly entries = new ChunkedList<IndexEntry>();
  /** True once some document produced several keys (an array value), as MongoDB's `isMultiKey`. */
  multikey = false;
  private readonly partial: Query | undefined;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.entries(spec.key).map(([path, dir]) => ({ path, parts: path.split('.'), dir }));
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined;
  }

  get name(): string {
    return this.spec.name;
  }

  /** `_id_` is always unique, though `listIndexes` does not say so. */
  get unique(): boolean {
    return this.spec.unique === true || this.spec.name === '_id_';
  }

  /** The keys one document contributes: one per array element of a multikey field, none if sparse/partial skip it. */
  keysFor(doc: Doc): unknown[][] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => {
      const found = valuesAtPath(doc, f.parts);
      const flat = found.flatMap((v) => (Array.isArray(v) ? (v.length === 0 ? [undefined] : v) : [v]));
      return { found: found.length > 0, values: flat.length === 0 ? [null] : dedupe(flat) };
    });
    if (this.spec.sparse && perField.every((f) => !f.found)) return [];
    const arrays = perField.filter((f) => f.values.length > 1);
    if (arrays.length > 1) {
      throw commandError('CannotIndexParallelArrays', `cannot index parallel arrays in index ${this.name}`);
    }
    let keys: unknown[][] = [[]];
    for (const f of perField) keys = keys.flatMap((k) => f.values.map((v) => [...k, v]));
    return keys;
  }

  /** Orders two keys by this index's field directions. */
  compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
    for (let i = 0; i < this.fields.length; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c * (this.fields[i] as IndexField).dir;
    }
    return 0;
  }

  private compareEntry(a: IndexEntry, key: readonly unknown[], rid: number): number {
    const c = this.compareKeys(a.key, key);
    return c !== 0 ? c : a.rec.rid - rid;
  }

  /** Partition predicate: true for entries ordered before (`key`, `rid`); `rid` -Infinity means before any equal key. */
  private before(key: readonly unknown[], rid: number): (e: IndexEntry) => boolean {
    return (e) => this.compareEntry(e, key, rid) < 0;
  }

  /** First position whose key is not below `key` (for `rid` -Infinity: the first entry equal to `key`). */
  lowerBound(key: readonly unknown[], rid = Number.NEGATIVE_INFINITY): number {
    return this.entries.partitionPoint(this.before(key, rid));
  }

  /** For a unique index: the first key of `keys` that another record already holds. */
  findConflict(keys: readonly unknown[][], self?: DocRecord): readonly unknown[] | undefined {
    if (!this.unique) return undefined;
    for (const key of keys) {
      for (const e of this.entries.from(this.before(key, Number.NEGATIVE_INFINITY))) {
        if (this.compareKeys(e.key, key) !== 0) break;
        if (e.rec !== self) return key;
      }
    }
    return undefined;
  }

  add(rec: DocRecord, keys: readonly unknown[][]): void {
    if (keys.length > 1) this.multikey = true;
    for (const key of keys) this.entries.insert({ key, rec }, this.before(key, rec.rid));
  }

  remove(rec: DocRecord, keys: readonly unknown[][]): void {
    // The entry (key, rid) is unique, so it can only be the first one at its partition point.
    for (const key of keys)
      this.entries.removeFirst(this.before(key, rec.rid), (e) => (e.rec === rec ? true : undefined));
  }

  /** The `E11000` error MongoDB answers, with `keyPattern` and `keyValue`. */
  duplicateKeyError(ns: string, key: readonly unknown[]): Error {
    const keyValue: Doc = {};
    this.fields.forEach((f, i) => (keyValue[f.path] = key[i] ?? null));
    return commandError(
      'DuplicateKey',
      `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: ${shellString(keyValue)}`,
      { keyPattern: { ...this.spec.key }, keyValue },
    );
  }
}

function dedupe(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => compareValues(o, v) === 0)) out.push(v);
  return out;
}

/** The default name MongoDB gives an index: `field_1_other_-1`. */
export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}
