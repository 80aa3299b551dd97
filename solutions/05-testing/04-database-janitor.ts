import type { Db } from 'mongodb';

/** The database's name does not look like a test database: the janitor refuses to touch it. */
export class UnsafeDatabaseError extends Error {
  override readonly name = 'UnsafeDatabaseError';
  readonly code = 'UNSAFE_DATABASE';
}

/** An index that existed at the snapshot is gone. */
export class IndexesChangedError extends Error {
  override readonly name = 'IndexesChangedError';
  readonly code = 'INDEXES_CHANGED';
}

export interface DatabaseJanitor {
  /** Records every collection's index names (call once the app has created its indexes). */
  snapshotIndexes(): Promise<void>;
  /** Deletes every document, keeps collections and indexes; then checks the snapshot, if one was taken. */
  reset(): Promise<void>;
  /** Throws `IndexesChangedError` naming each `collection.index` from the snapshot that is missing now. */
  assertIndexesIntact(): Promise<void>;
}

async function collectionNames(db: Db): Promise<string[]> {
  const infos = await db.listCollections({}, { nameOnly: true }).toArray();
  return infos.map((info) => info.name).filter((name) => !name.startsWith('system.'));
}

/** A test-database cleaner that refuses any database whose name does not match `namePattern` (default /^test_/). */
export function createDatabaseJanitor(db: Db, options: { namePattern?: RegExp } = {}): DatabaseJanitor {
  const pattern = options.namePattern ?? /^test_/;
  if (!pattern.test(db.databaseName)) {
    throw new UnsafeDatabaseError(`refusing to clean database "${db.databaseName}": its name does not match ${String(pattern)}; tests run on databases named test_<file>_<random>`);
  }
  let snapshot: Map<string, string[]> | undefined;

  async function indexesNow(): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    for (const name of await collectionNames(db)) {
      const indexes = await db.collection(name).indexes();
      result.set(name, indexes.map((index) => String(index.name)));
    }
    return result;
  }

  const janitor: DatabaseJanitor = {
    async snapshotIndexes() {
      snapshot = await indexesNow();
    },
    async reset() {
      await Promise.all((await collectionNames(db)).map((name) => db.collection(name).deleteMany({})));
      if (snapshot) await janitor.assertIndexesIntact();
    },
    async assertIndexesIntact() {
      if (!snapshot) throw new IndexesChangedError('no index snapshot: call snapshotIndexes() after the app has created its indexes');
      const now = await indexesNow();
      const missing: string[] = [];
      for (const [collection, names] of snapshot) {
        const present = new Set(now.get(collection) ?? []);
        for (const name of names) if (!present.has(name)) missing.push(`${collection}.${name}`);
      }
      if (missing.length > 0) throw new IndexesChangedError(`indexes missing since the snapshot: ${missing.join(', ')}`);
    },
  };
  return janitor;
}
