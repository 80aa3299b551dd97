import { Query } from 'mingo';
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
 * A secondary (or `_id`) index kept as one sorted array of keys, maintained on every write.
 * Inserts and removals are a binary search plus a splice: cheap next to the wire round trip at workbook sizes.
 */
export class SortedIndex {
  readonly fields: readonly IndexField[];
  readonly entries: IndexEntry[] = [];
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

  /** First position whose key is not below `key` (for `rid` -Infinity: the first entry equal to `key`). */
  lowerBound(key: readonly unknown[], rid = Number.NEGATIVE_INFINITY): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareEntry(this.entries[mid] as IndexEntry, key, rid) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** For a unique index: the first key of `keys` that another record already holds. */
  findConflict(keys: readonly unknown[][], self?: DocRecord): readonly unknown[] | undefined {
    if (!this.unique) return undefined;
    for (const key of keys) {
      for (let i = this.lowerBound(key); i < this.entries.length; i++) {
        const e = this.entries[i] as IndexEntry;
        if (this.compareKeys(e.key, key) !== 0) break;
        if (e.rec !== self) return key;
      }
    }
    return undefined;
  }

  add(rec: DocRecord, keys: readonly unknown[][]): void {
    if (keys.length > 1) this.multikey = true;
    for (const key of keys) {
      const at = this.lowerBound(key, rec.rid);
      // Ascending _id values (ObjectIds) and counters land at the end: push instead of shifting the array.
      if (at === this.entries.length) this.entries.push({ key, rec });
      else this.entries.splice(at, 0, { key, rec });
    }
  }

  remove(rec: DocRecord, keys: readonly unknown[][]): void {
    for (const key of keys) {
      const at = this.lowerBound(key, rec.rid);
      if (this.entries[at]?.rec === rec) this.entries.splice(at, 1);
    }
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
