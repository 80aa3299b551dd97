import { UUID } from 'bson';
import { commandError } from './command-error.js';
import { SortedIndex, type DocRecord, type IndexSpec } from './indexes.js';
import { idKey, type Doc } from './values.js';

/**
 * One collection: records by `_id`, in insertion order (the natural order a collection scan returns), plus indexes.
 * Every mutating method is synchronous and checks every unique index before changing anything, so a write is
 * all-or-nothing and concurrent inserts of one key cannot both win.
 */
export class Collection {
  readonly uuid = new UUID();
  readonly records = new Map<string, DocRecord>();
  readonly indexes = new Map<string, SortedIndex>();
  private nextRid = 1;

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Doc = {},
  ) {
    this.indexes.set('_id_', new SortedIndex({ v: 2, key: { _id: 1 }, name: '_id_' }));
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get size(): number {
    return this.records.size;
  }

  /** Looks a record up by `_id` value in O(1). */
  byId(id: unknown): DocRecord | undefined {
    return this.records.get(idKey(id));
  }

  private keysOf(doc: Doc, self?: DocRecord): Map<SortedIndex, unknown[][]> {
    const all = new Map<SortedIndex, unknown[][]>();
    for (const index of this.indexes.values()) {
      const keys = index.keysFor(doc);
      const conflict = index.findConflict(keys, self);
      if (conflict) throw index.duplicateKeyError(this.ns, conflict);
      all.set(index, keys);
    }
    return all;
  }

  /** Stores a document that already has an `_id`; throws E11000 if a unique index refuses it. */
  insert(doc: Doc): DocRecord {
    const rec: DocRecord = { rid: this.nextRid++, doc };
    const keys = this.keysOf(doc);
    for (const [index, k] of keys) index.add(rec, k);
    this.records.set(idKey(doc._id), rec);
    return rec;
  }

  /** Replaces a record's document (same `_id`), keeping its place in natural order. */
  replace(rec: DocRecord, doc: Doc): void {
    const next = this.keysOf(doc, rec);
    for (const index of this.indexes.values()) index.remove(rec, index.keysFor(rec.doc));
    for (const [index, k] of next) index.add(rec, k);
    rec.doc = doc;
  }

  remove(rec: DocRecord): void {
    for (const index of this.indexes.values()) index.remove(rec, index.keysFor(rec.doc));
    this.records.delete(idKey(rec.doc._id));
  }

  /** Builds an index over the existing documents; refuses (and leaves nothing behind) on a duplicate. */
  createIndex(spec: IndexSpec): void {
    const index = new SortedIndex(spec);
    for (const rec of this.records.values()) {
      const keys = index.keysFor(rec.doc);
      const conflict = index.findConflict(keys, rec);
      if (conflict) throw index.duplicateKeyError(this.ns, conflict);
      index.add(rec, keys);
    }
    this.indexes.set(spec.name, index);
  }

  dropIndex(name: string): void {
    if (name === '_id_') throw commandError('InvalidOptions', 'cannot drop _id index');
    if (!this.indexes.delete(name)) {
      throw commandError('IndexNotFound', `index not found with name [${name}]`);
    }
  }
}

/** All databases of one engine, created lazily on first write as MongoDB does. */
export class Store {
  readonly databases = new Map<string, Map<string, Collection>>();

  get(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** The collection, created implicitly if missing (inserts, upserts and createIndexes do that). */
  ensure(db: string, name: string, options: Doc = {}): Collection {
    validateCollectionName(db, name);
    let colls = this.databases.get(db);
    if (!colls) {
      colls = new Map();
      this.databases.set(db, colls);
    }
    let coll = colls.get(name);
    if (!coll) {
      coll = new Collection(db, name, options);
      colls.set(name, coll);
    }
    return coll;
  }

  /** Swaps in a fully built collection in one step (how `$out` replaces its target atomically). */
  put(coll: Collection): void {
    this.ensure(coll.db, coll.name);
    this.databases.get(coll.db)?.set(coll.name, coll);
  }

  drop(db: string, name: string): Collection | undefined {
    const coll = this.get(db, name);
    this.databases.get(db)?.delete(name);
    if (this.databases.get(db)?.size === 0) this.databases.delete(db);
    return coll;
  }

  dropDatabase(db: string): void {
    this.databases.delete(db);
  }
}

function validateCollectionName(db: string, name: string): void {
  if (name.length === 0 || name.includes('$') || name.includes('\0') || name.startsWith('system.')) {
    throw commandError('InvalidNamespace', `Invalid collection name: ${db}.${name}`);
  }
  if (db.length === 0 || /[/\\. "$\0]/.test(db)) {
    throw commandError('InvalidNamespace', `Invalid database name: '${db}'`);
  }
}
